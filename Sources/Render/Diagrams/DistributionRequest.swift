import Trace

/// How the HTTP exchange sequence labels a request to a registry: what its endpoint is for, in
/// the distribution spec's terms, and its path short enough to read.
struct DistributionRequest: Equatable {
    var method: String
    var path: String

    /// What an endpoint is for, in the words the sequence diagram labels its arrow with; `nil`
    /// for a request outside the spec's endpoints.
    static func purpose(of endpoint: RegistryEndpoint) -> String? {
        switch endpoint {
        case .apiVersion: "is this a registry? (API version check)"
        case .catalog: "list repositories"
        case .tagsList: "list tags"
        case .manifestExists: "does the manifest exist?"
        case .manifestFetch: "fetch the manifest"
        case .manifestPush: "push the manifest (tags it)"
        case .manifestDelete: "delete the manifest"
        case .uploadStart: "start an upload, or mount a blob"
        case .uploadChunk: "upload a chunk"
        case .uploadFinish: "finish the upload (the digest is checked)"
        case .uploadStatus: "how far has the upload got?"
        case .uploadCancel: "cancel the upload"
        case .blobExists: "does the registry have this blob?"
        case .blobFetch: "download the blob"
        case .blobDelete: "delete the blob"
        case .search: "search"
        case .token: "ask for a token"
        case .other: nil
        }
    }

    /// The path with every digest cut to its short ID and upload session IDs to 8 characters.
    var shortPath: String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.enumerated().map { index, part -> String in
            if let colon = part.firstIndex(of: ":"), part[part.index(after: colon)...].count == 64 {
                return part[...colon] + part[part.index(after: colon)...].prefix(12) + "…"
            }
            if index > 0, parts[index - 1] == "uploads", part.count > 12 { return part.prefix(8) + "…" }
            return String(part)
        }.joined(separator: "/")
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 307: "Temporary Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 416: "Range Not Satisfiable"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: ""
        }
    }
}
