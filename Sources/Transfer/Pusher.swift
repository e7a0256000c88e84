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
/// ID) stay equal; blobs the registry has are skipped (`HEAD`), or mounted from another repository
/// of the same registry when one is named.
public struct Pusher: Sendable {
    public let store: ImageStore
    public let client: RegistryClient
    /// Repositories of the same registry to try mounting blobs from before uploading them.
    public var mountSources: [String]
    /// How blobs are uploaded.
    public var uploadMethod: RegistryClient.UploadMethod

    public init(
        store: ImageStore, client: RegistryClient, mountSources: [String] = [],
        uploadMethod: RegistryClient.UploadMethod = .session
    ) {
        self.store = store
        self.client = client
        self.mountSources = mountSources
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
        let repository = reference.path
        let store = self.store
        let (plan, configFolder) = try await ImageStore.blocking {
            (try store.distribution.pushPlan(for: image), try store.distribution.leaseTransferFolder())
        }
        defer { configFolder.release() }
        let configPath = configFolder.path + "/config"
        try Data(plan.configBytes).write(to: URL(fileURLWithPath: configPath))

        var outcomes = try await pushLayers(plan.layers, repository: repository, client: client, op: op)
        // The config goes last and, as in `docker push`, without a progress line: it is no layer.
        outcomes.append(try await pushBlob(plan.config, from: configPath, repository: repository, client: client))
        let tag = reference.digest?.description ?? reference.tag ?? Reference.defaultTag
        let digest = try await client.putManifest(
            repository: repository, reference: tag, bytes: plan.manifestBytes, mediaType: plan.manifestMediaType)
        // As moby, the pushed image keeps `repository@digest` as one of its RepoDigests.
        try await ImageStore.blocking {
            try store.distribution.recordDigest(reference.repository.with(digest: digest), of: plan.imageID, op: op)
        }
        op.emit(.imagePushed(reference, manifest: digest, size: Int64(plan.manifestBytes.count)))
        return PushResult(reference: reference, digest: digest, size: Int64(plan.manifestBytes.count), blobs: outcomes)
    }

    /// Docker's default `max-concurrent-uploads`.
    static let concurrentUploads = 5

    /// Every layer is `Preparing` at once, the top one first, as `docker push` lists them; then
    /// five at a time go up, each line printed as its upload ends.
    private func pushLayers(
        _ layers: [(descriptor: Descriptor, path: String, diffID: Digest)], repository: String, client: RegistryClient,
        op: TraceOperation
    ) async throws -> [PushResult.BlobOutcome] {
        var unique: [(descriptor: Descriptor, path: String, diffID: Digest)] = []
        for layer in layers where !unique.contains(where: { $0.descriptor.digest == layer.descriptor.digest }) {
            unique.append(layer)
        }
        for layer in unique.reversed() {
            op.emit(.pushLayer(digest: layer.descriptor.digest, step: .preparing, diffID: layer.diffID))
        }
        return try await withThrowingTaskGroup(of: PushResult.BlobOutcome.self) { group in
            var outcomes: [PushResult.BlobOutcome] = []
            var pending = unique[...]
            func start(_ layer: (descriptor: Descriptor, path: String, diffID: Digest)) {
                group.addTask {
                    try Task.checkCancellation()
                    return try await pushBlob(
                        layer.descriptor, from: layer.path, repository: repository, client: client)
                }
            }
            for _ in 0..<Self.concurrentUploads {
                guard let next = pending.popFirst() else { break }
                start(next)
            }
            while let outcome = try await group.next() {
                let diffID = unique.first { $0.descriptor.digest == outcome.digest }?.diffID
                op.emit(.pushLayer(digest: outcome.digest, step: outcome.step, diffID: diffID))
                outcomes.append(outcome)
                if let next = pending.popFirst() { start(next) }
            }
            // In the image's order, whichever finished first.
            return unique.compactMap { layer in outcomes.first { $0.digest == layer.descriptor.digest } }
        }
    }

    private func pushBlob(_ descriptor: Descriptor, from path: String, repository: String, client: RegistryClient)
        async throws -> PushResult.BlobOutcome
    {
        if try await client.blobExists(repository: repository, digest: descriptor.digest) {
            return .init(digest: descriptor.digest, step: .layerAlreadyExists)
        }
        for source in mountSources where source != repository {
            if try await client.mountBlob(repository: repository, digest: descriptor.digest, from: source) {
                return .init(digest: descriptor.digest, step: .mountedFrom(repository: source))
            }
        }
        try await client.uploadBlob(repository: repository, descriptor: descriptor, from: path, method: uploadMethod)
        return .init(digest: descriptor.digest, step: .pushed)
    }
}
