import OCI

/// One step of one layer of a pull or a push, with the facts a view shows for it: the statuses
/// `docker pull` and `docker push` print per layer (``status``), each with its own data, so that
/// no view parses text and every language phrases the same facts.
public enum LayerTransferStep: Codable, Sendable, Equatable {
    // MARK: Pull
    /// The store has the layer already; `usedBy` are the images using it (full IDs).
    case alreadyExists(usedBy: [Digest])
    /// The layer is missing from the store and will be downloaded.
    case pullingFsLayer
    /// Its download waits for one of the parallel downloads to finish.
    case waiting
    /// Its download began; `size` is the compressed size the manifest gives.
    case downloadStarted(size: Int64)
    /// The download reached `received` of `total` bytes (at most one tick per twentieth).
    case downloadProgress(received: Int64, total: Int64)
    /// The connection broke; the download resumes at byte `resumingAt`.
    case retrying(resumingAt: Int64)
    /// The bytes are being hashed against the digest.
    case verifyingChecksum
    /// Downloaded and verified.
    case downloadComplete
    /// Being unpacked into its own diff folder.
    case extracting
    /// Registered in the layer store.
    case pullComplete

    // MARK: Push
    /// Its upload is being prepared.
    case preparing
    /// The registry has the blob in this repository already: nothing is sent.
    case layerAlreadyExists
    /// The registry linked the blob from another of its repositories: nothing is sent.
    case mountedFrom(repository: String)
    /// Uploaded, and the registry checked its digest.
    case pushed

    /// Docker's word for this step.
    public var status: LayerTransferStatus {
        switch self {
        case .alreadyExists: .alreadyExists
        case .pullingFsLayer: .pullingFsLayer
        case .waiting: .waiting
        case .downloadStarted, .downloadProgress: .downloading
        case .retrying: .retrying
        case .verifyingChecksum: .verifyingChecksum
        case .downloadComplete: .downloadComplete
        case .extracting: .extracting
        case .pullComplete: .pullComplete
        case .preparing: .preparing
        case .layerAlreadyExists: .layerAlreadyExists
        case .mountedFrom: .mountedFrom
        case .pushed: .pushed
        }
    }

    /// Whether the layer was not sent because the other side had it (pull or push).
    public var isShared: Bool {
        switch self {
        case .alreadyExists, .layerAlreadyExists, .mountedFrom: true
        default: false
        }
    }
}

/// The per-layer states `docker pull` and `docker push` print; the raw value is Docker's wording.
public enum LayerTransferStatus: String, Codable, Sendable, Equatable, CaseIterable {
    case pullingFsLayer = "Pulling fs layer"
    case waiting = "Waiting"
    case downloading = "Downloading"
    case retrying = "Retrying"
    case verifyingChecksum = "Verifying Checksum"
    case downloadComplete = "Download complete"
    case extracting = "Extracting"
    case pullComplete = "Pull complete"
    case alreadyExists = "Already exists"
    case preparing = "Preparing"
    case pushing = "Pushing"
    case layerAlreadyExists = "Layer already exists"
    case mountedFrom = "Mounted from"
    case pushed = "Pushed"
}
