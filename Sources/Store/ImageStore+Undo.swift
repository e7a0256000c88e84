import OCI

extension ImageStore {
    /// Runs `body`, and if it fails, removes what it added before failing: its images, then its
    /// layers (top first), the blobs it remembered, then blobs nothing names any more. A load whose second image is
    /// refused, or a pull whose third layer is, leaves the store as it found it; no refused input
    /// waits for the next command's recovery to be cleaned (issue 12).
    ///
    /// Names are set last by every caller, so a failure leaves none to take back.
    func undoingOnFailure<T>(_ state: inout StoreState, _ body: (inout StoreState) throws(StoreError) -> T)
        throws(StoreError) -> T
    {
        let images = Set(state.images.keys)
        let layers = Set(state.layers.keys)
        let blobs = Set(FileSystem.list(layout.blobs))
        let known = state.knownBlobs
        do {
            return try body(&state)
        } catch {
            for id in state.images.keys where !images.contains(id) {
                try? FileSystem.remove(layout.config(id))
                try? FileSystem.remove(layout.metadata(id))
                state.images[id] = nil
            }
            let added = state.layers.values.filter { !layers.contains($0.chainID) }
            for layer in added.sorted(by: { state.chain(from: $0.chainID).count > state.chain(from: $1.chainID).count })
            {
                try? deleteLayerData(layer.chainID, state: &state)
            }
            for diffID in Set(known.keys).union(state.knownBlobs.keys) where known[diffID] != state.knownBlobs[diffID] {
                try? writeKnownBlobs(known[diffID] ?? [], diffID: diffID)
                state.knownBlobs[diffID] = known[diffID]
            }
            let named = namedBlobs(in: state)
            for name in FileSystem.list(layout.blobs) where !blobs.contains(name) {
                if let digest = try? Digest(algorithm: .sha256, encoded: name), named.contains(digest) { continue }
                try? FileSystem.remove(layout.blobs + "/" + name)
            }
            throw error
        }
    }
}
