import Foundation
import OCI
import Registry
import Store
import Synchronization
import Trace

/// What a pull did, as `docker pull` sums it up (`Digest:` and `Status:`).
public struct PullResult: Sendable, Equatable {
    /// The reference pulled, normalized (`docker.io/library/alpine:latest`).
    public var reference: Reference
    /// The digest of the manifest (of the index when the tag named one), as `Digest:` shows it.
    public var digest: Digest
    /// The image ID: the digest of the config's bytes, equal to the registry's config digest.
    public var imageID: Digest
    /// Each layer's digest and what happened to it (`Already exists` or `Pull complete`).
    public var layers: [LayerOutcome]
    /// Whether the store already had the image under this name (`Image is up to date`).
    public var isUpToDate: Bool

    public struct LayerOutcome: Sendable, Equatable {
        public var digest: Digest
        public var status: LayerTransferStatus
    }
}

/// Pulls images from a registry into an ``ImageStore`` (`docker pull`).
///
/// Every blob is verified against its digest and size while it streams (R-C1); layers the store
/// already has are not downloaded ("Already exists"); nothing is committed until every missing
/// blob is in and verified, and tags are set last (R-C4).
public struct Puller: Sendable {
    public let store: ImageStore
    public let client: RegistryClient
    /// The platform picked from an index (`--platform`; the host's by default).
    public var platform: Platform
    /// How many layers download at once.
    public var concurrency: Int

    public init(store: ImageStore, client: RegistryClient, platform: Platform = .host, concurrency: Int = 3) {
        self.store = store
        self.client = client
        self.platform = platform
        self.concurrency = max(1, concurrency)
    }

    /// Pulls `reference` (`NAME:TAG` or `NAME@DIGEST`; the client must be for its registry).
    /// - Throws: ``RegistryError`` for the registry's refusals and bad content, ``StoreError`` when
    ///   the store refuses a layer; either way nothing of the image is committed.
    public func pull(_ reference: Reference) async throws -> PullResult {
        try await store.trace.operation(.pull, arguments: [reference.familiarString]) { op in
            try await pull(reference, op: op)
        }
    }

    private func pull(_ reference: Reference, op: TraceOperation) async throws -> PullResult {
        guard reference.domain == client.registry else {
            throw RegistryError(.invalidName, "\(reference) is not on \(client.registry)")
        }
        let client = client.traced(by: op)
        let repository = reference.path
        let target = reference.digest?.description ?? reference.tag ?? Reference.defaultTag
        let resolved = try await client.resolveImage(repository: repository, reference: target, platform: platform)
        // As Docker's does, the pull says it began once the registry has the manifest: a name it does
        // not have is only an error.
        op.emit(.pullStarted(reference))
        let manifest = resolved.manifest
        guard manifest.config.mediaType.isConfig || manifest.config.mediaType.rawValue.hasSuffix("+json") else {
            throw RegistryError(.unsupported, "\(reference) is not an image (config type \(manifest.config.mediaType))")
        }
        for layer in manifest.layers
        where layer.mediaType.layerCompression == nil || layer.mediaType.layerCompression == .zstd {
            throw RegistryError(
                .unsupported, "layer \(layer.digest) has media type \(layer.mediaType), which layerlab cannot unpack")
        }
        let configBytes = try await client.blob(repository: repository, descriptor: manifest.config)
        let config: ImageConfig
        do {
            try DuplicateKeys.check(configBytes)
            config = try JSONDecoder().decode(ImageConfig.self, from: Data(configBytes))
        } catch {
            throw RegistryError(.invalidResponse, "the config of \(reference) is not valid: \(error)", cause: error)
        }
        guard config.rootfs.diffIDs.count == manifest.layers.count else {
            throw RegistryError(
                .invalidResponse,
                "the config of \(reference) lists \(config.rootfs.diffIDs.count) diff IDs for \(manifest.layers.count) layers"
            )
        }
        guard manifest.layers.count <= ImageStore.maximumLayerDepth else {
            throw RegistryError(
                .tooLarge,
                "max depth exceeded: \(reference) has \(manifest.layers.count) layers, and Docker stacks at most "
                    + "\(ImageStore.maximumLayerDepth)")
        }
        let limit = store.limits.expandedLayerBytes
        if let large = manifest.layers.first(where: { $0.size > limit }) {
            throw RegistryError(
                .tooLarge,
                "layer \(large.digest) of \(reference) declares \(large.size) bytes, more than the limit of \(limit) "
                    + "(raise it with --max-layer-size SIZE)")
        }
        let chain = ChainID.chain(config.rootfs.diffIDs)
        let store = self.store
        let imageID = Digest.sha256(of: configBytes)
        let baseline = try await ImageStore.blocking {
            try store.distribution.baseline(of: chain, image: imageID, named: reference)
        }
        var outcomes: [PullResult.LayerOutcome] = []
        var missing: [Descriptor] = []
        for (layer, chainID) in zip(manifest.layers, chain) {
            if let here = baseline.layers[chainID], baseline.hasImage || here.blobs.contains(layer.digest) {
                // moby looks no further than the image ID when it has the image: no layer lines.
                if !baseline.hasImage {
                    op.emit(
                        .pullLayer(digest: layer.digest, step: .alreadyExists(usedBy: here.usedBy), layer: chainID))
                }
                outcomes.append(.init(digest: layer.digest, status: .alreadyExists))
            } else {
                op.emit(.pullLayer(digest: layer.digest, step: .pullingFsLayer))
                if !missing.contains(where: { $0.digest == layer.digest }) { missing.append(layer) }
                outcomes.append(.init(digest: layer.digest, status: .pullComplete))
            }
        }

        let folder = try await ImageStore.blocking { try store.distribution.leaseTransferFolder() }
        defer { folder.release() }
        let files = try await download(missing, repository: repository, into: folder.path, client: client, op: op)
        let digest = resolved.index?.digest ?? resolved.document.digest
        // As moby: the tag that was asked for, and `repository@digest` (the image's RepoDigest).
        let references =
            (reference.tag != nil && reference.digest == nil ? [reference] : [])
            + [reference.repository.with(digest: digest)]
        let pulled = PulledImage(
            configBytes: configBytes, manifestBytes: resolved.document.bytes,
            manifestMediaType: resolved.document.mediaType, layers: manifest.layers, blobFiles: files,
            references: references, source: reference.name)
        let id = try await ImageStore.blocking { try store.distribution.commit(pulled, op: op) }
        let upToDate = baseline.named == id && missing.isEmpty
        op.emit(.imagePulled(reference, manifest: digest, image: id, upToDate: upToDate))
        return PullResult(reference: reference, digest: digest, imageID: id, layers: outcomes, isUpToDate: upToDate)
    }

    /// Downloads the blobs, at most ``concurrency`` at once, each verified while it streams.
    private func download(
        _ layers: [Descriptor], repository: String, into folder: String, client: RegistryClient, op: TraceOperation
    ) async throws -> [Digest: String] {
        for layer in layers.dropFirst(concurrency) {
            op.emit(.pullLayer(digest: layer.digest, step: .waiting))
        }
        return try await withThrowingTaskGroup(of: (Digest, String).self) { group in
            var files: [Digest: String] = [:]
            var pending = layers[...]
            func start(_ layer: Descriptor) {
                group.addTask {
                    try Task.checkCancellation()
                    let path = folder + "/" + layer.digest.encoded
                    op.emit(.pullLayer(digest: layer.digest, step: .downloadStarted(size: layer.size)))
                    let ticks = ProgressTicks(total: layer.size)
                    try await client.downloadBlob(repository: repository, descriptor: layer, to: path) { received in
                        guard ticks.advance(to: received) else { return }
                        op.emit(
                            .pullLayer(
                                digest: layer.digest, step: .downloadProgress(received: received, total: layer.size)))
                    }
                    op.emit(.pullLayer(digest: layer.digest, step: .verifyingChecksum))
                    op.emit(.pullLayer(digest: layer.digest, step: .downloadComplete))
                    return (layer.digest, path)
                }
            }
            for _ in 0..<concurrency {
                guard let next = pending.popFirst() else { break }
                start(next)
            }
            while let (digest, path) = try await group.next() {
                files[digest] = path
                if let next = pending.popFirst() { start(next) }
            }
            return files
        }
    }
}

/// Progress of one download, reported at most once per twentieth of its size: enough for a
/// progress bar, few enough that a trace stays small.
public final class ProgressTicks: Sendable {
    private let total: Int64
    private let last = Mutex<Int64>(0)

    public init(total: Int64) {
        self.total = total
    }

    /// Whether `received` is a new twentieth (or the end) since the last report.
    public func advance(to received: Int64) -> Bool {
        guard total > 0 else { return false }
        let step = min(20, received * 20 / total)
        return last.withLock { last in
            guard step > last else { return false }
            last = step
            return true
        }
    }
}
