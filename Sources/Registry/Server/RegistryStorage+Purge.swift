import Foundation

extension RegistryStorage {
    /// Removes upload sessions nobody has written to for `age`: a client that started an upload
    /// and went away leaves its folder behind, as the distribution registry's `uploadpurging`
    /// knows. A session's last write is the newest time of its folder or any file in it.
    /// - Returns: the sessions removed.
    @discardableResult
    func purgeUploads(olderThan age: Duration, now: Date = Date()) -> [String] {
        let limit = now.addingTimeInterval(-TimeInterval(age.components.seconds))
        var removed: [String] = []
        for name in Self.list(uploads) {
            let folder = uploads + "/" + name
            let times = ([folder] + Self.list(folder).map { folder + "/" + $0 }).compactMap {
                (try? FileManager.default.attributesOfItem(atPath: $0))?[.modificationDate] as? Date
            }
            guard let last = times.max(), last < limit else { continue }
            if (try? FileManager.default.removeItem(atPath: folder)) != nil { removed.append(name) }
        }
        return removed
    }
}
