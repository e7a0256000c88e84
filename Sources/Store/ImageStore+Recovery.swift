import OCI

extension ImageStore {
    /// Cleans what an interrupted command left (R-S5), under the exclusive lock:
    /// staging folders no live command holds a lease on (and mounts in them), layers marked `-removing`, layers no image uses (an import killed before
    /// its image was written), metadata without a config, half-made containers, and `overlay2/`
    /// folders no layer or container names.
    func recover() throws(StoreError) {
        for name in temporaryArea.staleEntries() {
            Self.unmountLeftovers(under: layout.temporary + "/" + name)
            try FileSystem.remove(layout.temporary + "/" + name)
        }
        for name in FileSystem.list(layout.layerDB) where name.hasSuffix("-removing") || name.hasPrefix(".tmp-") {
            try FileSystem.remove(layout.layerDB + "/" + name)
        }
        for name in FileSystem.list(layout.imageContent) where name.hasPrefix(".tmp-") {
            try FileSystem.remove(layout.imageContent + "/" + name)
        }
        try recoverContainers()
        var state = try readState()
        for name in FileSystem.list(layout.imageMetadata) {
            guard let id = try? Digest(algorithm: .sha256, encoded: name), state.images[id] != nil else {
                try FileSystem.remove(layout.imageMetadata + "/" + name)
                continue
            }
        }
        let used = Set(state.images.values.flatMap(\.chain))
            .union(state.containers.values.flatMap { state.chain(from: $0.parent) })
        for chainID in state.layers.keys where !used.contains(chainID) {
            try deleteLayerData(chainID, state: &state)
        }
        let known = Set(state.layers.values.map(\.cacheID.value))
            .union(state.containers.values.map(\.mountID.value))
        for name in FileSystem.list(layout.overlay) where !known.contains(name) {
            try FileSystem.remove(layout.overlay + "/" + name)
        }
    }

    /// Removes a layer's record, folder and (if no other layer travels as it) its blob.
    /// The record is renamed to `<chain>-removing` first, so a crash leaves it invisible (R-S2).
    func deleteLayerData(_ chainID: Digest, state: inout StoreState) throws(StoreError) {
        guard let layer = state.layers.removeValue(forKey: chainID) else { return }
        let removing = layout.layer(chainID) + "-removing"
        try FileSystem.move(layout.layer(chainID), to: removing)
        try FileSystem.remove(layout.layerData(layer.cacheID))
        if let blob = layer.blob, !state.layers.values.contains(where: { $0.blob?.digest == blob.digest }) {
            try FileSystem.remove(layout.blob(blob.digest))
        }
        try FileSystem.remove(removing)
    }
}
