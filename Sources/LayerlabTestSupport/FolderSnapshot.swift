import Foundation
import OCI

/// Every path under a folder with its type and content digest: two equal snapshots mean nothing
/// was added, removed or changed, which is how tests show a failed operation left a store as it was.
public struct FolderSnapshot: Equatable, CustomStringConvertible {
    public let entries: [String: String]

    public init(_ root: String, ignoring ignored: Set<String> = ["lock"]) {
        var entries: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            guard !ignored.contains(relative) else { continue }
            let path = root + "/" + relative
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let type = attributes?[.type] as? FileAttributeType
            switch type {
            case .typeRegular?:
                let data = FileManager.default.contents(atPath: path) ?? Data()
                entries[relative] = "file " + Digest.sha256(of: data).description
            case .typeSymbolicLink?:
                entries[relative] = "link " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "")
            case .typeDirectory?:
                entries[relative] = "dir"
            default:
                entries[relative] = "other"
            }
        }
        self.entries = entries
    }

    public var description: String {
        entries.keys.sorted().map { "\($0): \(entries[$0] ?? "")" }.joined(separator: "\n")
    }
}
