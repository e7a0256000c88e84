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

        var outcomes: [PushResult.BlobOutcome] = []
        for layer in plan.layers where !outcomes.contains(where: { $0.digest == layer.descriptor.digest }) {
            try Task.checkCancellation()
            op.emit(.pushLayer(digest: layer.descriptor.digest, step: .preparing))
            let outcome = try await pushBlob(layer.descriptor, from: layer.path, repository: repository, client: client)
            op.emit(.pushLayer(digest: layer.descriptor.digest, step: outcome.step))
            outcomes.append(outcome)
        }
        // The config goes last and, as in `docker push`, without a progress line: it is no layer.
        outcomes.append(try await pushBlob(plan.config, from: configPath, repository: repository, client: client))
        let tag = reference.digest?.description ?? reference.tag ?? Reference.defaultTag
        let digest = try await client.putManifest(
            repository: repository, reference: tag, bytes: plan.manifestBytes, mediaType: plan.manifestMediaType)
        op.emit(.imagePushed(reference, manifest: digest, size: Int64(plan.manifestBytes.count)))
        return PushResult(reference: reference, digest: digest, size: Int64(plan.manifestBytes.count), blobs: outcomes)
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
