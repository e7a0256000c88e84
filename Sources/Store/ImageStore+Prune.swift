import OCI
import Trace

/// What `image prune` removed.
public struct PruneReport: Sendable, Equatable {
    /// The `untagged:`/`deleted:` lines, in order.
    public var results: [DeleteResult]
    /// The sizes of the layers that were deleted.
    public var spaceReclaimed: Int64
}

extension ImageStore {
    /// `docker image prune`, as moby's `ImagesPrune` does it: dangling images (no tag and no child)
    /// by default; with `all`, every image (intermediate images go with the image built on them).
    /// Conflicts are skipped, not reported, as Docker skips them.
    public func prune(all: Bool) throws(StoreError) -> PruneReport {
        let (candidates, layerSizes) = try withLock(.shared) { () throws(StoreError) in
            let state = try readState()
            let heads = state.images.keys.filter { all || state.children(of: $0).isEmpty }
            let top = heads.filter { !(state.tags.references(to: $0).isEmpty && !state.children(of: $0).isEmpty) }
            let requests: [[String]] = top.sorted().compactMap { id in
                let references = state.tags.references(to: id)
                if references.isEmpty { return [id.encoded] }
                let hasTag = references.contains { $0.tag != nil }
                return (all || !hasTag) ? references.map(\.description) : nil
            }
            return (requests, state.layers.mapValues(\.size))
        }
        var report = PruneReport(results: [], spaceReclaimed: 0)
        for requests in candidates {
            for request in requests {
                do {
                    report.results += try remove(request, force: false, prune: true)
                } catch  where error.code == .conflict || error.code == .noSuchImage {
                    // Docker skips an image something still needs, or that an earlier removal already pruned.
                    continue
                }
            }
        }
        for case .deleted(let digest) in report.results {
            report.spaceReclaimed += layerSizes[digest] ?? 0
        }
        return report
    }
}
