/// One HTTP request to a registry (or its token service) and its answer, with what the request
/// was for in the distribution spec's terms, so that no view has to read it off the path.
public struct HTTPExchange: Codable, Sendable, Equatable {
    public var method: String
    /// The request's path, for showing it.
    public var path: String
    public var status: Int
    /// The body size the answer announced.
    public var bytes: Int64
    public var endpoint: RegistryEndpoint
    /// For a token request, the access it asked for (`repository:team/demo:pull`).
    public var scope: String?

    public init(
        method: String, path: String, status: Int, bytes: Int64, endpoint: RegistryEndpoint, scope: String? = nil
    ) {
        self.method = method
        self.path = path
        self.status = status
        self.bytes = bytes
        self.endpoint = endpoint
        self.scope = scope
    }
}

/// What a request to a registry asks: the distribution spec's endpoints (`end-1` … `end-13`),
/// Docker Hub's search, and the token service.
public enum RegistryEndpoint: String, Codable, Sendable, CaseIterable {
    /// `GET /v2/`: is this a registry, and may I?
    case apiVersion
    case catalog
    case tagsList
    case manifestExists, manifestFetch, manifestPush, manifestDelete
    /// `POST …/blobs/uploads/`: start an upload, or mount a blob from another repository.
    case uploadStart
    case uploadChunk, uploadFinish, uploadStatus, uploadCancel
    case blobExists, blobFetch, blobDelete
    /// `GET /v1/search`.
    case search
    /// A request to the token service the registry named in its challenge.
    case token
    /// Anything else.
    case other
}
