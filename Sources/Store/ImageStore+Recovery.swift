import OCI
import Trace

extension ImageStore {
    /// Cleans what an interrupted command left (R-S5), under the exclusive lock, and says what it
    /// cleaned: staging folders no live command holds a lease on (and mounts in them), layers
    /// marked `-removing`, layers no image uses (an import killed before its image was written),
    /// metadata without a config, half-made containers, the blob lists of diffs no layer has,
    /// `overlay2/` folders no layer or container names, and blobs nothing names (a pull killed
    /// between storing a blob and its layer record).
    func recover() throws(StoreError) -> [RecoveredEntry] {
        var cleaned: [RecoveredEntry] = []
        func remove(_ path: String, _ reason: RecoveredEntry.Reason) throws(StoreError) {
            guard FileSystem.exists(path) else { return }
            try FileSystem.remove(path)
            cleaned.append(RecoveredEntry(path: layout.relative(path), reason: reason))
        }
        for name in temporaryArea.staleEntries() {
            Self.unmountLeftovers(under: layout.temporary + "/" + name)
            try remove(layout.temporary + "/" + name, .staging)
        }
        for name in FileSystem.list(layout.layerDB) where name.hasSuffix("-removing") || name.hasPrefix(".tmp-") {
            try remove(layout.layerDB + "/" + name, name.hasPrefix(".tmp-") ? .unfinishedRecord : .unfinishedRemoval)
        }
        for name in FileSystem.list(layout.imageContent) where name.hasPrefix(".tmp-") {
            try remove(layout.imageContent + "/" + name, .unfinishedRecord)
        }
        cleaned += try recoverContainers()
        var state = try readState()
        for name in FileSystem.list(layout.imageMetadata) {
            guard let id = try? Digest(algorithm: .sha256, encoded: name), state.images[id] != nil else {
                try remove(layout.imageMetadata + "/" + name, .orphanMetadata)
                continue
            }
        }
        let used = Set(state.images.values.flatMap(\.chain))
            .union(state.containers.values.flatMap { state.chain(from: $0.parent) })
        for chainID in state.layers.keys.sorted() where !used.contains(chainID) {
            try deleteLayerData(chainID, state: &state)
            cleaned.append(RecoveredEntry(path: layout.relative(layout.layer(chainID)), reason: .unusedLayer))
        }
        let diffs = Set(state.layers.values.map(\.diffID))
        for name in FileSystem.list(layout.distribution) {
            if let diffID = try? Digest(algorithm: .sha256, encoded: name), diffs.contains(diffID) { continue }
            try remove(layout.distribution + "/" + name, .orphanMetadata)
        }
        let known = Set(state.layers.values.map(\.cacheID.value))
            .union(state.containers.values.map(\.mountID.value))
        for name in FileSystem.list(layout.overlay) where !known.contains(name) {
            try remove(layout.overlay + "/" + name, .orphanFolder)
        }
        let named = namedBlobs(in: state)
        for name in FileSystem.list(layout.blobs) {
            if let digest = try? Digest(algorithm: .sha256, encoded: name), named.contains(digest) { continue }
            try remove(layout.blobs + "/" + name, .unreferencedBlob)
        }
        return cleaned
    }

    /// The blobs the store's records name: each layer's own and the others its diff is known as,
    /// and the manifests pulls kept.
    func namedBlobs(in state: StoreState) -> Set<Digest> {
        var named = state.layerBlobs
        for id in state.images.keys {
            if let manifest = keptManifestDigest(of: id) { named.insert(manifest) }
        }
        return named
    }

    /// The digest of the manifest a pull kept for image `id` (`imagedb/metadata/<id>/manifest`).
    func keptManifestDigest(of id: Digest) -> Digest? {
        guard let text = try? FileSystem.readText(layout.metadata(id) + "/manifest"),
            let digest = text.split(separator: " ", maxSplits: 1).first
        else { return nil }
        return try? Digest(parsing: String(digest))
    }

    /// Removes a layer's record, folder and (if nothing else names it) its blob, and with the last
    /// layer of its diff the other blobs the diff was known as.
    /// The record is renamed to `<chain>-removing` first, so a crash leaves it invisible (R-S2).
    func deleteLayerData(_ chainID: Digest, state: inout StoreState) throws(StoreError) {
        guard let layer = state.layers.removeValue(forKey: chainID) else { return }
        let removing = layout.layer(chainID) + "-removing"
        try FileSystem.move(layout.layer(chainID), to: removing)
        try FileSystem.remove(layout.layerData(layer.cacheID))
        if let blob = layer.blob, !state.layerBlobs.contains(blob.digest) {
            try FileSystem.remove(layout.blob(blob.digest))
        }
        try forgetBlobs(ofDiff: layer.diffID, state: &state)
        try FileSystem.remove(removing)
    }
}
