import Foundation
import OCI

/// Everything the store holds, read from disk under the lock at the start of an operation.
///
/// The store keeps no state in memory between operations, so a second process's writes are
/// always seen (R-S6). Layer reference counts are derived from the images that use each layer
/// rather than stored, so they cannot drift from the truth.
struct StoreState {
    var images: [Digest: StoredImage] = [:]
    var layers: [Digest: LayerRecord] = [:]
    var tags = TagStore()
    var containers: [ContainerID: StoredContainer] = [:]
    /// The blobs each diff is known to travel as, by diff ID (moby's v2 metadata).
    var knownBlobs: [Digest: [KnownBlob]] = [:]

    struct StoredImage {
        var id: Digest
        var config: ImageConfig
        var parent: Digest?
        /// Chain IDs of the image's layers, bottom first.
        var chain: [Digest]
    }

    init(layout: StoreLayout) throws(StoreError) {
        for name in FileSystem.list(layout.layerDB) where !name.contains("-") {
            guard let chainID = try? Digest(algorithm: .sha256, encoded: name) else { continue }
            layers[chainID] = try Self.readLayer(chainID, layout: layout)
        }
        for name in FileSystem.list(layout.imageContent) {
            guard let id = try? Digest(algorithm: .sha256, encoded: name) else { continue }
            let bytes = try FileSystem.read(layout.config(id))
            let config = try ImageStore.decodeConfig(bytes, source: layout.config(id))
            var parent: Digest?
            let parentPath = layout.metadata(id) + "/parent"
            if FileSystem.exists(parentPath) {
                parent = try? Digest(parsing: try FileSystem.readText(parentPath))
            }
            images[id] = StoredImage(
                id: id, config: config, parent: parent, chain: ChainID.chain(config.rootfs.diffIDs))
        }
        tags = try TagStore(path: layout.repositories)
        containers = try Self.readContainers(layout: layout)
        knownBlobs = Self.readKnownBlobs(layout: layout)
    }

    static func readLayer(_ chainID: Digest, layout: StoreLayout) throws(StoreError) -> LayerRecord {
        let folder = layout.layer(chainID)
        func text(_ name: String) throws(StoreError) -> String { try FileSystem.readText(folder + "/" + name) }
        guard let diffID = try? Digest(parsing: try text("diff")),
            let size = Int64(try text("size")),
            let cacheID = CacheID(validating: try text("cache-id"))
        else { throw StoreError(.corrupt, "layer \(chainID) has damaged metadata in \(folder)") }
        var parent: Digest?
        if FileSystem.exists(folder + "/parent") {
            parent = try? Digest(parsing: try text("parent"))
        }
        var blob: Descriptor?
        if FileSystem.exists(folder + "/descriptor.json") {
            blob = try? JSONDecoder().decode(
                Descriptor.self, from: Data(try FileSystem.read(folder + "/descriptor.json")))
        }
        return LayerRecord(chainID: chainID, diffID: diffID, parent: parent, size: size, cacheID: cacheID, blob: blob)
    }

    /// Images whose classic parent is `id` (moby's `imageStore.Children`).
    func children(of id: Digest) -> [Digest] {
        images.values.filter { $0.parent == id }.map(\.id).sorted()
    }

    /// The names of the nearest images built on `id` that have names: each line of children is
    /// followed up to its first named image. A classic build leaves nameless intermediate images
    /// between a base and the image it tagged; this finds the tag.
    func namedDescendants(of id: Digest) -> [Reference] {
        var names: [Reference] = []
        var visited: Set<Digest> = [id]
        var pending = children(of: id)
        while let child = pending.popLast() {
            guard visited.insert(child).inserted else { continue }
            let references = tags.references(to: child)
            if references.isEmpty { pending += children(of: child) } else { names += references }
        }
        return names.sorted { $0.description < $1.description }
    }

    /// Images whose layer stack contains the layer `chainID`.
    func users(of chainID: Digest) -> [Digest] {
        images.values.filter { $0.chain.contains(chainID) }.map(\.id).sorted()
    }

    /// An image without names and without children: what `<none>:<none>` in `docker images` means.
    func isDangling(_ id: Digest) -> Bool {
        tags.references(to: id).isEmpty && children(of: id).isEmpty
    }

    func record(_ id: Digest) throws(StoreError) -> ImageRecord {
        guard let image = images[id] else { throw StoreError(.noSuchImage, "No such image: \(id)") }
        var layerRecords: [LayerRecord] = []
        for chainID in image.chain {
            guard let layer = layers[chainID] else {
                throw StoreError(.corrupt, "image \(id.shortID) needs layer \(chainID), which the store lacks")
            }
            layerRecords.append(layer)
        }
        return ImageRecord(
            id: id, config: image.config, parent: image.parent, layers: layerRecords,
            references: tags.references(to: id))
    }
}
