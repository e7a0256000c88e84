import OCI
import Trace

extension ImageStore {
    /// Points `target` at the image `source` names (`docker tag SOURCE TARGET`); a tag that pointed
    /// elsewhere moves, as in Docker.
    /// - Throws: ``StoreError`` when the source does not exist or the target is not a valid tag reference.
    public func tag(_ source: String, as target: String) throws(StoreError) {
        try operation(.tag, arguments: [source, target]) { (op) throws(StoreError) in
            // The docker CLI checks both names before it asks for the image, with its own wording.
            do {
                _ = try ImageName(parsing: source)
            } catch {
                throw StoreError.notARepositoryOrTag(source, error)
            }
            let reference: Reference
            do {
                reference = try Reference.parseDocker(target)
            } catch {
                throw StoreError.notARepositoryOrTag(target, error)
            }
            guard reference.digest == nil else {
                throw StoreError(.invalidReference, "refusing to create a tag with a digest reference")
            }
            var state = try readState()
            let id = try Self.resolve(source, in: state)
            try addTag(reference, to: id, state: &state, op: op)
        }
    }

    /// When the image was last given a name (moby's `lastUpdated`), if it ever was.
    public func lastTagTime(of id: Digest) -> Timestamp? {
        (try? FileSystem.readText(layout.metadata(id) + "/lastUpdated")).map { Timestamp(rawValue: $0) }
    }

    /// Points `reference` at `id` within an operation that already holds the lock.
    func addTag(_ reference: Reference, to id: Digest, state: inout StoreState, op: TraceOperation) throws(StoreError) {
        let previous = state.tags.set(reference, to: id)
        guard previous != id else { return }
        try state.tags.save(to: layout.repositories)
        // moby's `lastUpdated`, which inspect shows as Metadata.LastTagTime.
        try FileSystem.makeFolder(layout.metadata(id))
        try FileSystem.writeAtomically(Timestamp(clock()).rawValue, to: layout.metadata(id) + "/lastUpdated")
        op.emit(.tagAdded(reference, image: id, previous: previous))
    }
}

extension StoreError {
    /// The docker CLI's words for a name `tag` cannot use.
    static func notARepositoryOrTag(_ name: String, _ error: any Error) -> StoreError {
        let reason = (error as? StoreError)?.message ?? String(describing: error)
        return StoreError(
            .invalidReference, "Error parsing reference: \"\(name)\" is not a valid repository/tag: \(reason)",
            cause: error)
    }
}
