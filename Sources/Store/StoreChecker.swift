import Archive
import Foundation
import OCI
import Trace

/// The walk behind `layerlab fsck` (``ImageStore/check(repair:)``).
///
/// It reads the store entry by entry, never through ``StoreState`` (which refuses a damaged store
/// as a whole), and judges each thing after what it stands on: blobs, then layers bottom up, then
/// images, tags and containers, and last whatever nothing names. What is found broken is left out
/// of the sound sets, so everything standing on it is found broken in the same run, and one
/// `--repair` leaves a store that the next `fsck` finds clean.
final class StoreChecker {
    let store: ImageStore
    let repair: Bool
    let op: TraceOperation
    private(set) var summary = StoreCheckSummary()

    /// Blobs whose bytes hash to their names.
    private var soundBlobs: Set<Digest> = []
    /// Layers whose record, parent, files and blob agree.
    private var layers: [Digest: LayerRecord] = [:]
    /// Images whose config and every layer are sound, with their layers' chain IDs.
    private var images: [Digest: [Digest]] = [:]
    /// Containers whose record, image and layers are sound.
    private var containers: [ContainerID: (mountID: CacheID, chain: [Digest])] = [:]
    /// Paths (relative to the root) that the removal of something broken takes with it: without
    /// `--repair` they are still there, and are not reported a second time as unreachable.
    private var goesWithBroken: Set<String> = []

    init(store: ImageStore, repair: Bool, op: TraceOperation) {
        self.store = store
        self.repair = repair
        self.op = op
    }

    private var layout: StoreLayout { store.layout }

    func run() throws(StoreError) {
        try checkBlobs()
        try checkLayers()
        try checkImages()
        try checkTags()
        try checkContainers()
        try sweepUnreachable()
    }

    /// Reports a problem and, when repairing, removes what `removal` removes first.
    private func report(
        _ kind: StoreProblem.Kind,
        _ subject: String,
        _ detail: String,
        removal: () throws(StoreError) -> Void
    ) throws(StoreError) {
        var problem = StoreProblem(kind: kind, subject: subject, detail: detail)
        summary.problems += 1
        if repair {
            try removal()
            problem.repaired = true
            summary.repaired += 1
        }
        op.emit(.storeProblem(problem))
    }

    /// Reports an entry nothing names, removed whole when repairing.
    private func reportUnreachable(_ kind: StoreProblem.Kind, path: String, _ detail: String)
        throws(StoreError)
    {
        try report(kind, layout.relative(path), detail) { () throws(StoreError) in try FileSystem.remove(path) }
    }

    // MARK: Blobs

    private func checkBlobs() throws(StoreError) {
        for name in FileSystem.list(layout.blobs) {
            summary.blobs += 1
            let path = layout.blobs + "/" + name
            guard let digest = try? Digest(algorithm: .sha256, encoded: name) else {
                try reportUnreachable(.blobCorrupt, path: path, "its name is not a sha256 digest")
                continue
            }
            let (actual, count) = try Self.hash(path)
            guard actual == digest else {
                try report(.blobCorrupt, digest.description, "its \(count) bytes hash to \(actual)") {
                    () throws(StoreError) in try FileSystem.remove(path)
                }
                continue
            }
            soundBlobs.insert(digest)
        }
    }

    private static func hash(_ path: String) throws(StoreError) -> (Digest, Int64) {
        do {
            var source = DigestingSource(try FileSource(path: path))
            try source.drain()
            return (source.digest, source.count)
        } catch {
            throw StoreError(.io, "cannot read \(path): \(error)", cause: error)
        }
    }

    // MARK: Layers

    private func checkLayers() throws(StoreError) {
        var records: [Digest: LayerRecord] = [:]
        for name in FileSystem.list(layout.layerDB) {
            let path = layout.layerDB + "/" + name
            guard let chainID = try? Digest(algorithm: .sha256, encoded: name) else {
                try reportUnreachable(.unreachableEntry, path: path, "not a layer record: its name is not a chain ID")
                continue
            }
            summary.layers += 1
            let record: LayerRecord
            do {
                record = try StoreState.readLayer(chainID, layout: layout)
            } catch {
                try report(.layerDamaged, chainID.description, "its record cannot be read: \(error)") {
                    () throws(StoreError) in
                    try removeLayer(chainID, data: nil)
                }
                continue
            }
            let expected =
                record.parent.map { Digest.sha256(of: Array("\($0) \(record.diffID)".utf8)) } ?? record.diffID
            guard expected == chainID else {
                try reportBroken(record, .layerDamaged, "its parent and diff ID give another chain ID, \(expected)")
                continue
            }
            records[chainID] = record
        }
        // Bottom up: a layer is judged once the layer it stands on has been.
        var pending = records
        var broken: Set<Digest> = []
        while !pending.isEmpty {
            let ready = pending.values.filter { record in
                guard let parent = record.parent else { return true }
                return pending[parent] == nil || parent == record.chainID
            }
            guard !ready.isEmpty else {
                // Parent links in a loop: chain IDs are hashes of their parents, so only damage makes one.
                for record in pending.values.sorted(by: { $0.chainID < $1.chainID }) {
                    try reportBroken(record, .layerDamaged, "its parent links form a loop")
                }
                return
            }
            for record in ready.sorted(by: { $0.chainID < $1.chainID }) {
                pending[record.chainID] = nil
                if let parent = record.parent, layers[parent] == nil {
                    let why = broken.contains(parent) ? "is damaged" : "is missing"
                    try reportBroken(record, .layerMissingParent, "the layer below it, \(parent), \(why)")
                    broken.insert(record.chainID)
                } else if let (kind, detail) = try verify(record) {
                    try reportBroken(record, kind, detail)
                    broken.insert(record.chainID)
                } else {
                    layers[record.chainID] = record
                }
            }
        }
    }

    private func reportBroken(_ layer: LayerRecord, _ kind: StoreProblem.Kind, _ detail: String)
        throws(StoreError)
    {
        goesWithBroken.insert(layout.relative(layout.layerData(layer.cacheID)))
        try report(kind, layer.chainID.description, detail) { () throws(StoreError) in
            try removeLayer(layer.chainID, data: layer.cacheID)
        }
    }

    /// Whether a layer's files are what its blob says: the blob, extracted afresh as the layer
    /// was when it was registered, must hash to the diff ID and give the same tree (R-S7).
    private func verify(_ layer: LayerRecord) throws(StoreError) -> (StoreProblem.Kind, String)? {
        let diff = layout.diff(layer.cacheID)
        guard FileSystem.exists(diff) else { return (.layerDataMissing, "its folder \(layout.relative(diff)) is gone") }
        guard let blob = layer.blob else { return (.layerBlobMissing, "its record names no blob (descriptor.json)") }
        guard soundBlobs.contains(blob.digest) else {
            return (.layerBlobMissing, "its blob \(blob.digest) is missing or damaged")
        }
        let staging = try FileSystem.makeStagingFolder(in: layout.temporary, prefix: "fsck")
        defer { try? FileSystem.remove(staging) }
        try FileSystem.makeFolder(staging + "/diff")
        let path = layout.blob(blob.digest)
        let extracted: ImageStore.Extracted
        do {
            extracted = try ImageStore.extract(
                try FileSource(path: path), blob: .keep(path: path, descriptor: blob), into: staging + "/diff",
                blobPath: staging + "/blob", limit: store.limits.expandedLayerBytes)
        } catch {
            return (.layerContentChanged, "its blob \(blob.digest) cannot be extracted: \(error)")
        }
        summary.verifiedBytes += extracted.size
        guard extracted.diffID == layer.diffID else {
            return (.layerContentChanged, "its blob's tar hashes to \(extracted.diffID), not to its diff ID")
        }
        let difference: TreeDifference?
        do {
            difference = try TreeComparison.firstDifference(actual: diff, expected: staging + "/diff")
        } catch {
            throw StoreError(.io, "cannot compare the files of layer \(layer.chainID): \(error)", cause: error)
        }
        return difference.map { (.layerContentChanged, "\(layout.relative(diff)) differs from its blob: \($0)") }
    }

    /// Removes a layer record (renamed `-removing` first, so a crash leaves it invisible, R-S2)
    /// and its files. Its blob goes with the unreachable ones, if nothing else names it.
    private func removeLayer(_ chainID: Digest, data cacheID: CacheID?) throws(StoreError) {
        let removing = layout.layer(chainID) + "-removing"
        try FileSystem.move(layout.layer(chainID), to: removing)
        if let cacheID { try FileSystem.remove(layout.layerData(cacheID)) }
        try FileSystem.remove(removing)
    }

    // MARK: Images

    private func checkImages() throws(StoreError) {
        var parents: [Digest: Digest] = [:]
        for name in FileSystem.list(layout.imageContent) {
            let path = layout.imageContent + "/" + name
            guard let id = try? Digest(algorithm: .sha256, encoded: name) else {
                try reportUnreachable(.unreachableEntry, path: path, "not an image config: its name is not a digest")
                continue
            }
            summary.images += 1
            guard let chain = try judgeImage(id) else { continue }
            images[id] = chain
            let parentFile = layout.metadata(id) + "/parent"
            guard FileSystem.exists(parentFile) else { continue }
            if let parent = try? Digest(parsing: FileSystem.readText(parentFile)) {
                parents[id] = parent
            } else {
                try report(.imageMissingParent, id.description, "its parent link cannot be read") {
                    () throws(StoreError) in try FileSystem.remove(parentFile)
                }
            }
        }
        for (id, parent) in parents.sorted(by: { $0.key < $1.key }) where images[parent] == nil {
            try report(.imageMissingParent, id.description, "its parent image \(parent) is not in the store") {
                () throws(StoreError) in try FileSystem.remove(layout.metadata(id) + "/parent")
            }
        }
        for id in images.keys.sorted() {
            let manifestFile = layout.metadata(id) + "/manifest"
            guard FileSystem.exists(manifestFile) else { continue }
            if let digest = store.keptManifestDigest(of: id), soundBlobs.contains(digest) { continue }
            try report(
                .imageManifestMissing, id.description,
                "the manifest it was pulled with is missing or damaged (a push would build a new one)"
            ) { () throws(StoreError) in try FileSystem.remove(manifestFile) }
        }
    }

    /// The chain of a sound image, or `nil` after reporting what is wrong with it.
    private func judgeImage(_ id: Digest) throws(StoreError) -> [Digest]? {
        let path = layout.config(id)
        let problem: (StoreProblem.Kind, String)
        var chain: [Digest] = []
        do {
            let bytes = try FileSystem.read(path)
            let config = try ImageStore.decodeConfig(bytes, source: layout.relative(path))
            chain = ChainID.chain(config.rootfs.diffIDs)
            let actual = Digest.sha256(of: bytes)
            if actual != id {
                problem = (.imageDamaged, "its config hashes to \(actual)")
            } else if let missing = chain.first(where: { layers[$0] == nil }) {
                problem = (.imageMissingLayer, "its layer \(missing) is missing or damaged")
            } else {
                return chain
            }
        } catch {
            problem = (.imageDamaged, "\(error)")
        }
        goesWithBroken.insert(layout.relative(layout.metadata(id)))
        try report(problem.0, id.description, problem.1) { () throws(StoreError) in
            try FileSystem.remove(path)
            try FileSystem.remove(layout.metadata(id))
        }
        return nil
    }

    // MARK: Tags

    private func checkTags() throws(StoreError) {
        var tags = try TagStore(path: layout.repositories)
        var changed = false
        for (reference, id) in tags.references.sorted(by: { $0.key.description < $1.key.description }) {
            summary.tags += 1
            guard images[id] == nil else { continue }
            try report(.tagDangling, reference.familiarString, "it points to \(id), which is missing or damaged") {
                () throws(StoreError) in
                _ = tags.remove(reference)
                changed = true
            }
        }
        if changed { try tags.save(to: layout.repositories) }
    }

    // MARK: Containers

    private func checkContainers() throws(StoreError) {
        for name in FileSystem.list(layout.containers) {
            let path = layout.containers + "/" + name
            guard let id = ContainerID(validating: name) else {
                try reportUnreachable(.unreachableEntry, path: path, "not a container: its name is not an ID")
                continue
            }
            summary.containers += 1
            guard let problem = judgeContainer(id) else { continue }
            let mountID = CacheID(validating: (try? FileSystem.readText(layout.mount(id) + "/mount-id")) ?? "")
            goesWithBroken.insert(layout.relative(layout.mount(id)))
            if let mountID { goesWithBroken.insert(layout.relative(layout.layerData(mountID))) }
            try report(.containerDamaged, id.value, problem) { () throws(StoreError) in
                try FileSystem.remove(layout.container(id))
                try FileSystem.remove(layout.mount(id))
                if let mountID { try FileSystem.remove(layout.layerData(mountID)) }
            }
        }
    }

    /// What is wrong with a container, or `nil` once it is counted sound.
    private func judgeContainer(_ id: ContainerID) -> String? {
        let record: ContainerRecord
        do {
            record = try JSONDecoder().decode(
                ContainerRecord.self, from: Data(try FileSystem.read(layout.containerConfig(id))))
        } catch {
            return "its config.v2.json cannot be read: \(error)"
        }
        guard let mountID = CacheID(validating: (try? FileSystem.readText(layout.mount(id) + "/mount-id")) ?? "")
        else { return "its read-write layer's record (layerdb/mounts) is missing or damaged" }
        guard FileSystem.exists(layout.diff(mountID)) else {
            return "its read-write layer's folder overlay2/\(mountID)/diff is gone"
        }
        guard let chain = images[record.image] else { return "its image \(record.image) is missing or damaged" }
        containers[id] = (mountID, chain)
        return nil
    }

    // MARK: What nothing names

    private func sweepUnreachable() throws(StoreError) {
        let used = Set(images.values.joined()).union(containers.values.flatMap(\.chain))
        for chainID in layers.keys.sorted() where !used.contains(chainID) {
            guard let layer = layers.removeValue(forKey: chainID) else { continue }
            goesWithBroken.insert(layout.relative(layout.layerData(layer.cacheID)))
            try report(.unreachableLayer, chainID.description, "no image and no container uses it") {
                () throws(StoreError) in try removeLayer(chainID, data: layer.cacheID)
            }
        }
        let folders = Set(layers.values.map(\.cacheID.value)).union(containers.values.map(\.mountID.value))
        try sweep(layout.overlay, "no layer and no container names this folder") { folders.contains($0) }
        try sweep(layout.imageMetadata, "metadata of an image that is not in the store") { name in
            (try? Digest(algorithm: .sha256, encoded: name)).map { images[$0] != nil } ?? false
        }
        try sweep(layout.mounts, "a read-write layer's record without its container") { name in
            ContainerID(validating: name).map { containers[$0] != nil } ?? false
        }
        // The blobs a diff is known as stay while some sound layer has that diff.
        let diffs = Set(layers.values.map(\.diffID))
        let known = StoreState.readKnownBlobs(layout: layout).filter { diffs.contains($0.key) }
        try sweep(layout.distribution, "blobs remembered for a diff no layer has, or a list that cannot be read") {
            name in (try? Digest(algorithm: .sha256, encoded: name)).map { known[$0] != nil } ?? false
        }
        var named = Set(layers.values.compactMap(\.blob?.digest)).union(known.values.joined().map(\.digest))
        for id in images.keys {
            if let manifest = store.keptManifestDigest(of: id) { named.insert(manifest) }
        }
        for digest in soundBlobs.sorted() where !named.contains(digest) {
            try reportUnreachable(.unreachableBlob, path: layout.blob(digest), "no layer and no image names it")
        }
    }

    /// Reports each entry of `folder` that is not `kept` and not already taken by a broken thing.
    private func sweep(_ folder: String, _ detail: String, kept: (String) -> Bool) throws(StoreError) {
        for name in FileSystem.list(folder) where !kept(name) {
            let path = folder + "/" + name
            guard !goesWithBroken.contains(layout.relative(path)) else { continue }
            try reportUnreachable(.unreachableEntry, path: path, detail)
        }
    }
}
