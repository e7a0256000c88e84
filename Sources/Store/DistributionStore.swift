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

    public init(
        configBytes: [UInt8], manifestBytes: [UInt8], manifestMediaType: MediaType, layers: [Descriptor],
        blobFiles: [Digest: String], references: [Reference]
    ) {
        self.configBytes = configBytes
        self.manifestBytes = manifestBytes
        self.manifestMediaType = manifestMediaType
        self.layers = layers
        self.blobFiles = blobFiles
        self.references = references
    }
}

/// What a push sends: the blobs as the store keeps them and the manifest that names them.
public struct PushPlan: Sendable {
    public var imageID: Digest
    public var configBytes: [UInt8]
    public var config: Descriptor
    /// Each layer's stored blob, where it is, and the diff ID `docker push` names the layer by.
    public var layers: [(descriptor: Descriptor, path: String, diffID: Digest)]
    public var manifestBytes: [UInt8]
    public var manifestMediaType: MediaType
}

/// What the store has of an image a pull is about to fetch (``DistributionStore/baseline(of:image:named:)``).
public struct PullBaseline: Sendable {
    /// A layer the store holds: the blob it travels as (a pull says "Already exists" only for a
    /// layer whose blob is the one the manifest names, as moby knows a layer by the blobs it has
    /// pulled or pushed it as), and the images that use it.
    public struct Layer: Sendable {
        public var blob: Digest?
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
                layers[chainID] = PullBaseline.Layer(blob: layer.blob?.digest, usedBy: state.users(of: chainID))
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
            if var existing = state.layers[chainID] {
                // The layer is here as another blob: the registry's one, verified, replaces it, so a
                // push sends what the registry has (and mounts it, and keeps the manifest's digest).
                if existing.blob?.digest != descriptor.digest, let path = image.blobFiles[descriptor.digest] {
                    existing = try adopt(
                        descriptor, at: path, for: existing, diffID: config.rootfs.diffIDs[index], state: &state,
                        op: op)
                    op.emit(.pullLayer(digest: descriptor.digest, step: .pullComplete))
                }
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
                    expectedDiffID: config.rootfs.diffIDs[index], state: &state, op: op)
            } catch let error as StoreError {
                throw StoreError(error.code, "layer \(index + 1): \(error.message)", cause: error)
            } catch {
                throw StoreError(.io, "layer \(index + 1): cannot read \(path): \(error)", cause: error)
            }
            op.emit(.pullLayer(digest: descriptor.digest, step: .pullComplete))
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

    /// Makes the downloaded blob at `path` the one `layer` travels as, once it is shown to hold
    /// the layer's diff ID; the blob it replaces goes when nothing else names it (R-S6 recovery).
    private func adopt(
        _ descriptor: Descriptor, at path: String, for layer: LayerRecord, diffID: Digest, state: inout StoreState,
        op: TraceOperation
    ) throws(StoreError) -> LayerRecord {
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
        var adopted = layer
        adopted.blob = descriptor
        try FileSystem.writeAtomically(
            Array(try ImageStore.encodeDescriptor(descriptor)),
            to: store.layout.layer(layer.chainID) + "/descriptor.json")
        state.layers[layer.chainID] = adopted
        return adopted
    }

    /// Points the digest reference `reference` (`repository@sha256:…`) at `image`, as a push does
    /// for the manifest it sent; nothing when the image has gone meanwhile.
    public func recordDigest(_ reference: Reference, of image: Digest, op: TraceOperation) throws(StoreError) {
        try store.withLock(.exclusive) { () throws(StoreError) in
            var state = try store.readState()
            guard state.images[image] != nil else { return }
            try store.addTag(reference, to: image, state: &state, op: op)
        }
    }

    /// What pushing the image `nameOrID` sends: the stored blobs as they are (so digests stay equal)
    /// and the manifest the image was pulled with, else one built as `save --format oci` builds it.
    public func pushPlan(for nameOrID: String) throws(StoreError) -> PushPlan {
        try store.withLock(.shared) { () throws(StoreError) in
            let state = try store.readState()
            let record = try state.record(try ImageStore.resolve(nameOrID, in: state))
            let configBytes = try FileSystem.read(store.layout.config(record.id))
            var layers: [(descriptor: Descriptor, path: String, diffID: Digest)] = []
            for layer in record.layers {
                guard let blob = layer.blob, FileSystem.exists(store.layout.blob(blob.digest)) else {
                    throw StoreError(.corrupt, "layer \(layer.chainID) has no blob in the store; it cannot be pushed")
                }
                layers.append((blob, store.layout.blob(blob.digest), layer.diffID))
            }
            let configDescriptor = Descriptor(
                mediaType: .ociConfig, digest: record.id, size: Int64(configBytes.count))
            if let kept = keptManifest(for: record.id, layers: layers.map(\.descriptor)) {
                return PushPlan(
                    imageID: record.id, configBytes: configBytes, config: kept.config, layers: layers,
                    manifestBytes: kept.bytes, manifestMediaType: kept.mediaType)
            }
            let manifest = Manifest(config: configDescriptor, layers: layers.map(\.descriptor))
            return PushPlan(
                imageID: record.id, configBytes: configBytes, config: configDescriptor, layers: layers,
                manifestBytes: try ImageStore.encodeDocument(manifest), manifestMediaType: .ociManifest)
        }
    }

    /// The manifest a pull kept for `id`, if it still names exactly these blobs.
    private func keptManifest(for id: Digest, layers: [Descriptor]) -> (
        bytes: [UInt8], mediaType: MediaType, config: Descriptor
    )? {
        guard let text = try? FileSystem.readText(store.layout.metadata(id) + "/manifest") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let digest = try? Digest(parsing: parts[0]),
            let bytes = try? FileSystem.read(store.layout.blob(digest)), Digest.sha256(of: bytes) == digest,
            let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(bytes)),
            manifest.config.digest == id, manifest.layers.map(\.digest) == layers.map(\.digest)
        else { return nil }
        return (bytes, MediaType(parts[1]), manifest.config)
    }
}
