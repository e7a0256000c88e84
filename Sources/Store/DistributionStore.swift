import Archive
import Foundation
import OCI
import Trace

/// An image fetched from a registry, every file verified, ready to be committed in one step.
public struct PulledImage: Sendable {
    /// The config's exact bytes: its digest is the image ID, as on the registry.
    public var configBytes: [UInt8]
    /// The image manifest's bytes, kept so a later push sends the same document (same digest).
    public var manifestBytes: [UInt8]
    /// The manifest's media type.
    public var manifestMediaType: MediaType
    /// The manifest's layer descriptors, bottom first.
    public var layers: [Descriptor]
    /// Where each downloaded (and already verified) layer blob is; layers the store has are absent.
    public var blobFiles: [Digest: String]
    /// The names to point at the image once it is in.
    public var references: [Reference]
    /// The repository's full name, remembered as where each layer's blob can be found again.
    public var source: String

    public init(
        configBytes: [UInt8], manifestBytes: [UInt8], manifestMediaType: MediaType, layers: [Descriptor],
        blobFiles: [Digest: String], references: [Reference], source: String
    ) {
        self.configBytes = configBytes
        self.manifestBytes = manifestBytes
        self.manifestMediaType = manifestMediaType
        self.layers = layers
        self.blobFiles = blobFiles
        self.references = references
        self.source = source
    }
}

/// What a push sends: the blobs as the store keeps them and the manifest that names them.
public struct PushPlan: Sendable {
    /// One layer of the image and the blobs it can go as.
    public struct Layer: Sendable {
        /// The blob the layer goes as when the registry has none of the others: the one the
        /// image's kept manifest names, else the layer's own.
        public var descriptor: Descriptor
        public var path: String
        /// The name `docker push` gives the layer.
        public var diffID: Digest
        /// Every blob of the store the diff is known as in a repository, oldest first.
        public var known: [KnownBlob]
    }

    public var imageID: Digest
    public var configBytes: [UInt8]
    public var config: Descriptor
    public var layers: [Layer]
    /// The manifest naming each layer's ``Layer/descriptor``.
    public var manifestBytes: [UInt8]
    public var manifestMediaType: MediaType
    /// The manifest a pull kept, sent unchanged whenever the push goes with the blobs it names.
    var kept: KeptManifest?

    struct KeptManifest {
        var bytes: [UInt8]
        var mediaType: MediaType
        var config: Descriptor
        var layers: [Digest]
    }

    /// The manifest and config descriptor for the blobs a push went with: the kept manifest when
    /// it names exactly these, else a new OCI manifest, as `save --format oci` builds one.
    public func manifest(for blobs: [Descriptor]) throws(StoreError) -> (
        bytes: [UInt8], mediaType: MediaType, config: Descriptor
    ) {
        if let kept, kept.layers == blobs.map(\.digest) { return (kept.bytes, kept.mediaType, kept.config) }
        let config = Descriptor(mediaType: .ociConfig, digest: imageID, size: Int64(configBytes.count))
        return (try ImageStore.encodeDocument(Manifest(config: config, layers: blobs)), .ociManifest, config)
    }
}

/// What the store has of an image a pull is about to fetch (``DistributionStore/baseline(of:image:named:)``).
public struct PullBaseline: Sendable {
    /// A layer the store holds: the blobs it is known as (a pull says "Already exists" only for a
    /// layer known as the blob the manifest names, as moby knows a layer by the blobs it has
    /// pulled or pushed it as), and the images that use it.
    public struct Layer: Sendable {
        public var blobs: Set<Digest>
        public var usedBy: [Digest]
    }

    /// The layers of the chain the store holds, by chain ID.
    public var layers: [Digest: Layer]
    /// Whether the store has the image itself: moby then looks at no layer.
    public var hasImage: Bool
    /// The image the pulled reference names now, if any.
    public var named: Digest?
}

/// What pulls and pushes read from and write to the store: one concern of ``ImageStore``, reached
/// as `store.distribution` (the Transfer module's pull and push are its users).
public struct DistributionStore: Sendable {
    /// The store the blobs and images live in.
    public let store: ImageStore
}

extension ImageStore {
    /// What pulls and pushes use of this store.
    public var distribution: DistributionStore { DistributionStore(store: self) }

    /// The store's `tmp/`.
    var temporaryArea: TemporaryArea { TemporaryArea(root: layout.temporary, lockFile: layout.lockFile) }
}

extension DistributionStore {
    /// What the store already has of an image being pulled, read in one look: for each of
    /// `chainIDs` it holds, the blob the layer travels as and the images using it; whether it has
    /// the image `imageID` itself; and the image `reference` names now.
    public func baseline(of chainIDs: [Digest], image imageID: Digest, named reference: Reference) throws(StoreError)
        -> PullBaseline
    {
        try store.withLock(.shared) { () throws(StoreError) in
            let state = try store.readState()
            var layers: [Digest: PullBaseline.Layer] = [:]
            for chainID in chainIDs {
                guard let layer = state.layers[chainID] else { continue }
                layers[chainID] = PullBaseline.Layer(
                    blobs: Set(state.blobs(of: layer)), usedBy: state.users(of: chainID))
            }
            return PullBaseline(
                layers: layers, hasImage: state.images[imageID] != nil,
                named: try? ImageStore.resolve(reference.description, in: state))
        }
    }

    /// A fresh folder on the store's filesystem for downloads, leased until the caller releases
    /// it: another command opening the store meanwhile leaves it alone, and an interrupted pull's
    /// folder is removed by the next store that opens (R-S5).
    public func leaseTransferFolder() throws(StoreError) -> LeasedFolder {
        try store.temporaryArea.lease("pull")
    }

    /// Commits a pulled image inside `op`: registers the missing layers from their verified blobs
    /// (each checked again against its descriptor and the config's diff ID, R-S1, R-D4), stores the
    /// config's exact bytes, keeps the manifest, and only then sets the tags. A failure leaves the
    /// image absent and no tag moved (R-C4).
    /// - Returns: the image ID (the config's digest).
    public func commit(_ image: PulledImage, op: TraceOperation) throws(StoreError) -> Digest {
        try store.withLock(.exclusive) { () throws(StoreError) in
            var state = try store.readState()
            return try store.undoingOnFailure(&state) { (state) throws(StoreError) in
                try commit(image, state: &state, op: op)
            }
        }
    }

    private func commit(_ image: PulledImage, state: inout StoreState, op: TraceOperation) throws(StoreError)
        -> Digest
    {
        let config = try ImageStore.decodeConfig(
            image.configBytes, source: "pulled config", layerCount: image.layers.count)
        var parent: LayerRecord?
        for (index, (descriptor, chainID)) in zip(image.layers, ChainID.chain(config.rootfs.diffIDs)).enumerated() {
            let diffID = config.rootfs.diffIDs[index]
            if let existing = state.layers[chainID] {
                // The layer is here as another blob: the registry's one, verified, is kept beside
                // it, so a push to this registry sends (or mounts) what the registry has.
                if !state.blobs(of: existing).contains(descriptor.digest), let path = image.blobFiles[descriptor.digest]
                {
                    try adopt(descriptor, at: path, diffID: diffID, op: op)
                    op.emit(.pullLayer(digest: descriptor.digest, step: .pullComplete, layer: chainID))
                }
                try store.remember(KnownBlob(descriptor, in: image.source), diffID: diffID, state: &state)
                parent = existing
                continue
            }
            guard let path = image.blobFiles[descriptor.digest] else {
                throw StoreError(.invalidInput, "layer \(index + 1) (\(descriptor.digest)) was not downloaded")
            }
            op.emit(.pullLayer(digest: descriptor.digest, step: .extracting))
            do {
                parent = try store.registerLayer(
                    from: try FileSource(path: path), parent: parent,
                    blob: .keep(path: path, descriptor: descriptor, owned: true),
                    expectedDiffID: diffID, state: &state, op: op)
            } catch let error as StoreError {
                throw StoreError(error.code, "layer \(index + 1): \(error.message)", cause: error)
            } catch {
                throw StoreError(.io, "layer \(index + 1): cannot read \(path): \(error)", cause: error)
            }
            try store.remember(KnownBlob(descriptor, in: image.source), diffID: diffID, state: &state)
            op.emit(.pullLayer(digest: descriptor.digest, step: .pullComplete, layer: chainID))
        }
        let id = try store.storeImage(
            configBytes: image.configBytes, config: config, parent: nil, state: &state, op: op)
        let manifestDigest = Digest.sha256(of: image.manifestBytes)
        if !FileSystem.exists(store.layout.blob(manifestDigest)) {
            try FileSystem.writeAtomically(
                image.manifestBytes, to: store.layout.blob(manifestDigest), permissions: 0o400)
        }
        try FileSystem.makeFolder(store.layout.metadata(id))
        try FileSystem.writeAtomically(
            "\(manifestDigest) \(image.manifestMediaType.rawValue)", to: store.layout.metadata(id) + "/manifest")
        for reference in image.references { try store.addTag(reference, to: id, state: &state, op: op) }
        return id
    }

    /// Stores the downloaded blob at `path` once it is shown to hold the diff `diffID`.
    private func adopt(_ descriptor: Descriptor, at path: String, diffID: Digest, op: TraceOperation)
        throws(StoreError)
    {
        let found: Digest
        do {
            found = try ImageStore.diffID(ofBlob: path, limit: store.limits.expandedLayerBytes)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .invalidInput, "blob \(descriptor.digest) cannot be read as a layer: \(error)", cause: error)
        }
        guard found == diffID else {
            throw StoreError(
                .invalidInput, "blob \(descriptor.digest) holds a layer with diff ID \(found), not \(diffID)")
        }
        let present = FileSystem.exists(store.layout.blob(descriptor.digest))
        if !present { try FileSystem.adopt(path, to: store.layout.blob(descriptor.digest)) }
        op.emit(
            .blobStored(
                BlobInfo(
                    digest: descriptor.digest, size: descriptor.size, mediaType: descriptor.mediaType,
                    alreadyPresent: present)))
    }

    /// Records a push to `reference`'s repository, as moby does once the manifest is in: the
    /// digest reference (`repository@sha256:…`) points at `image`, and each layer's blob is
    /// remembered as found there. Nothing when the image has gone meanwhile.
    public func recordPush(
        _ reference: Reference, manifest digest: Digest, of image: Digest, blobs: [(diffID: Digest, blob: Descriptor)],
        op: TraceOperation
    ) throws(StoreError) {
        try store.withLock(.exclusive) { () throws(StoreError) in
            var state = try store.readState()
            guard state.images[image] != nil else { return }
            for (diffID, blob) in blobs {
                try store.remember(KnownBlob(blob, in: reference.name), diffID: diffID, state: &state)
            }
            try store.addTag(reference.repository.with(digest: digest), to: image, state: &state, op: op)
        }
    }

    /// What pushing the image `nameOrID` sends: the stored blobs as they are (so digests stay equal),
    /// each with the other blobs its diff is known as, and the manifest the image was pulled with,
    /// else one built as `save --format oci` builds it.
    public func pushPlan(for nameOrID: String) throws(StoreError) -> PushPlan {
        try store.withLock(.shared) { () throws(StoreError) in
            let state = try store.readState()
            let record = try state.record(try ImageStore.resolve(nameOrID, in: state))
            let configBytes = try FileSystem.read(store.layout.config(record.id))
            let kept = keptManifest(for: record.id, layerCount: record.layers.count)
            var layers: [PushPlan.Layer] = []
            for (index, layer) in record.layers.enumerated() {
                let known = (state.knownBlobs[layer.diffID] ?? []).filter {
                    FileSystem.exists(store.layout.blob($0.digest))
                }
                let own = layer.blob.flatMap { FileSystem.exists(store.layout.blob($0.digest)) ? $0 : nil }
                let candidates = (own.map { [$0] } ?? []) + known.map(\.descriptor)
                // The pulled manifest's blob, where the store still has it, keeps the manifest's digest.
                let pulled = kept.flatMap { kept in candidates.first { $0.digest == kept.layers[index] } }
                guard let descriptor = pulled ?? candidates.first else {
                    throw StoreError(.corrupt, "layer \(layer.chainID) has no blob in the store; it cannot be pushed")
                }
                layers.append(
                    PushPlan.Layer(
                        descriptor: descriptor, path: store.layout.blob(descriptor.digest), diffID: layer.diffID,
                        known: known))
            }
            let configDescriptor = Descriptor(
                mediaType: .ociConfig, digest: record.id, size: Int64(configBytes.count))
            var plan = PushPlan(
                imageID: record.id, configBytes: configBytes, config: configDescriptor, layers: layers,
                manifestBytes: [], manifestMediaType: .ociManifest, kept: kept)
            (plan.manifestBytes, plan.manifestMediaType, plan.config) = try plan.manifest(
                for: layers.map(\.descriptor))
            return plan
        }
    }

    /// The manifest a pull kept for `id`, if the store still has it and it names this config and
    /// as many layers as the image has.
    private func keptManifest(for id: Digest, layerCount: Int) -> PushPlan.KeptManifest? {
        guard let text = try? FileSystem.readText(store.layout.metadata(id) + "/manifest") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let digest = try? Digest(parsing: parts[0]),
            let bytes = try? FileSystem.read(store.layout.blob(digest)), Digest.sha256(of: bytes) == digest,
            let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(bytes)),
            manifest.config.digest == id, manifest.layers.count == layerCount
        else { return nil }
        return PushPlan.KeptManifest(
            bytes: bytes, mediaType: MediaType(parts[1]), config: manifest.config, layers: manifest.layers.map(\.digest)
        )
    }
}
