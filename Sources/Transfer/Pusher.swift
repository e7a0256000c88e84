import Foundation
import OCI
import Registry
import Store
import Trace

/// What a push did, as `docker push` sums it up: `TAG: digest: sha256:… size: N`.
public struct PushResult: Sendable, Equatable {
    public var reference: Reference
    /// The pushed manifest's digest.
    public var digest: Digest
    /// The pushed manifest's size in bytes.
    public var size: Int64
    /// Each blob (layers, then the config) and what happened to it.
    public var blobs: [BlobOutcome]

    public struct BlobOutcome: Sendable, Equatable {
        public var digest: Digest
        /// `.layerAlreadyExists`, `.mountedFrom` (with the repository) or `.pushed`.
        public var step: LayerTransferStep
        public var status: LayerTransferStatus { step.status }
    }
}

/// Pushes images from an ``ImageStore`` to a registry (`docker push`).
///
/// The stored compressed blobs are sent as they are, so their digests (and the config's, the image
/// ID) stay equal. As moby, each layer goes as the blob the repository already has (`HEAD`), else
/// is mounted from another repository of the same registry it was pulled from or pushed to, else
/// is uploaded; every blob it went as is remembered for the next push.
public struct Pusher: Sendable {
    public let store: ImageStore
    public let client: RegistryClient
    /// How blobs are uploaded.
    public var uploadMethod: RegistryClient.UploadMethod

    public init(store: ImageStore, client: RegistryClient, uploadMethod: RegistryClient.UploadMethod = .session) {
        self.store = store
        self.client = client
        self.uploadMethod = uploadMethod
    }

    /// Pushes the image `image` names in the store (by default the reference itself) as `reference`.
    public func push(_ reference: Reference, image: String? = nil) async throws -> PushResult {
        try await store.trace.operation(.push, arguments: [reference.familiarString]) { op in
            op.emit(.pushStarted(reference))
            return try await push(reference, image: image ?? reference.description, op: op)
        }
    }

    private func push(_ reference: Reference, image: String, op: TraceOperation) async throws -> PushResult {
        guard reference.domain == client.registry else {
            throw RegistryError(.invalidName, "\(reference) is not on \(client.registry)")
        }
        let client = client.traced(by: op)
        let store = self.store
        let (plan, configFolder) = try await ImageStore.blocking {
            (try store.distribution.pushPlan(for: image), try store.distribution.leaseTransferFolder())
        }
        defer { configFolder.release() }
        let configPath = configFolder.path + "/config"
        try Data(plan.configBytes).write(to: URL(fileURLWithPath: configPath))

        let sent = try await pushLayers(plan.layers, to: reference, client: client, op: op)
        let blobs = plan.layers.map { layer in sent.first { $0.diffID == layer.diffID }?.blob ?? layer.descriptor }
        let manifest = try plan.manifest(for: blobs)
        // The config goes last and, as in `docker push`, without a progress line: it is no layer.
        var outcomes = sent.map(\.outcome)
        outcomes.append(
            try await pushBlob(manifest.config, from: configPath, repository: reference.path, client: client))
        let tag = reference.digest?.description ?? reference.tag ?? Reference.defaultTag
        let digest = try await client.putManifest(
            repository: reference.path, reference: tag, bytes: manifest.bytes, mediaType: manifest.mediaType)
        // As moby, the pushed image keeps `repository@digest` as one of its RepoDigests.
        let pushed = zip(plan.layers, blobs).map { (diffID: $0.diffID, blob: $1) }
        try await ImageStore.blocking {
            try store.distribution.recordPush(reference, manifest: digest, of: plan.imageID, blobs: pushed, op: op)
        }
        op.emit(.imagePushed(reference, manifest: digest, size: Int64(manifest.bytes.count)))
        return PushResult(reference: reference, digest: digest, size: Int64(manifest.bytes.count), blobs: outcomes)
    }

    /// Docker's default `max-concurrent-uploads`.
    static let concurrentUploads = 5
    /// moby's mount attempts for a layer (`getMaxMountAndExistenceCheckAttempts`, middle sizes).
    static let mountAttempts = 3

    private typealias Sent = (diffID: Digest, blob: Descriptor, outcome: PushResult.BlobOutcome)

    /// Every layer is `Preparing` at once, the top one first, as `docker push` lists them; then
    /// five at a time go up, each line printed as its upload ends. A diff the image has twice goes once.
    private func pushLayers(
        _ layers: [PushPlan.Layer], to reference: Reference, client: RegistryClient, op: TraceOperation
    ) async throws -> [Sent] {
        // Each diff once, with the store's name for it (its chain ID), which the layer graph and `rmi` show.
        var chains: [Digest: Digest] = [:]
        var unique: [PushPlan.Layer] = []
        for (layer, chain) in zip(layers, ChainID.chain(layers.map(\.diffID))) where chains[layer.diffID] == nil {
            chains[layer.diffID] = chain
            unique.append(layer)
        }
        for layer in unique.reversed() {
            op.emit(
                .pushLayer(
                    digest: layer.descriptor.digest, step: .preparing, diffID: layer.diffID, layer: chains[layer.diffID]
                ))
        }
        return try await withThrowingTaskGroup(of: Sent.self) { group in
            var sent: [Sent] = []
            var pending = unique[...]
            func start(_ layer: PushPlan.Layer) {
                group.addTask {
                    try Task.checkCancellation()
                    return try await pushLayer(layer, to: reference, client: client)
                }
            }
            for _ in 0..<Self.concurrentUploads {
                guard let next = pending.popFirst() else { break }
                start(next)
            }
            while let done = try await group.next() {
                op.emit(
                    .pushLayer(
                        digest: done.blob.digest, step: done.outcome.step, diffID: done.diffID,
                        layer: chains[done.diffID]))
                sent.append(done)
                if let next = pending.popFirst() { start(next) }
            }
            // In the image's order, whichever finished first.
            return unique.compactMap { layer in sent.first { $0.diffID == layer.diffID } }
        }
    }

    /// moby's order for one layer: the blob known to be in this repository (or the layer's own) if
    /// the registry has it there; a mount of a blob known in another repository of this registry;
    /// else an upload of the layer's own blob.
    private func pushLayer(_ layer: PushPlan.Layer, to reference: Reference, client: RegistryClient) async throws
        -> Sent
    {
        let repository = reference.path
        let first = layer.known.last { $0.sourceRepository == reference.name }?.descriptor ?? layer.descriptor
        if try await client.blobExists(repository: repository, digest: first.digest) {
            return (layer.diffID, first, .init(digest: first.digest, step: .layerAlreadyExists))
        }
        // Newest first, as moby; but the image's own blob before the rest, so a pulled image keeps
        // its manifest's digest wherever it is pushed on the registry it came from.
        let elsewhere = layer.known.reversed().filter {
            $0.sourceRepository != reference.name && $0.isOnRegistry(of: reference.name)
        }
        let own = elsewhere.filter { $0.digest == layer.descriptor.digest }
        let others = elsewhere.filter { $0.digest != layer.descriptor.digest }
        for candidate in (own + others).prefix(Self.mountAttempts) {
            let source = String(candidate.sourceRepository.dropFirst(reference.domain.count + 1))
            if try await client.mountBlob(repository: repository, digest: candidate.digest, from: source) {
                return (
                    layer.diffID, candidate.descriptor,
                    .init(digest: candidate.digest, step: .mountedFrom(repository: source))
                )
            }
        }
        try await client.uploadBlob(
            repository: repository, descriptor: layer.descriptor, from: layer.path, method: uploadMethod)
        return (layer.diffID, layer.descriptor, .init(digest: layer.descriptor.digest, step: .pushed))
    }

    /// The config: skipped when the repository has it, else uploaded.
    private func pushBlob(_ descriptor: Descriptor, from path: String, repository: String, client: RegistryClient)
        async throws -> PushResult.BlobOutcome
    {
        if try await client.blobExists(repository: repository, digest: descriptor.digest) {
            return .init(digest: descriptor.digest, step: .layerAlreadyExists)
        }
        try await client.uploadBlob(repository: repository, descriptor: descriptor, from: path, method: uploadMethod)
        return .init(digest: descriptor.digest, step: .pushed)
    }
}
