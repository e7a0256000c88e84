import OCI
import Trace

extension ImageStore {
    /// Points `target` at the image `source` names (`docker tag SOURCE TARGET`); a tag that pointed
    /// elsewhere moves, as in Docker.
    /// - Throws: ``StoreError`` when the source does not exist or the target is not a valid tag reference.
    public func tag(_ source: String, as target: String) throws(StoreError) {
        try operation(.tag, arguments: [source, target]) { (op) throws(StoreError) in
            var state = try readState()
            let id = try Self.resolve(source, in: state)
            let reference: Reference
            do {
                reference = try Reference.parseDocker(target)
            } catch {
                throw StoreError(.invalidReference, String(describing: error), cause: error)
            }
            guard reference.digest == nil else {
                throw StoreError(.invalidReference, "refusing to create a tag with a digest reference")
            }
            try addTag(reference, to: id, state: &state, op: op)
        }
    }

    /// Points `reference` at `id` within an operation that already holds the lock.
    func addTag(_ reference: Reference, to id: Digest, state: inout StoreState, op: TraceOperation) throws(StoreError) {
        let previous = state.tags.set(reference, to: id)
        guard previous != id else { return }
        try state.tags.save(to: layout.repositories)
        op.emit(.tagAdded(reference, image: id, previous: previous))
    }
}
