/// What a request to a registry asks, in the distribution spec's terms, and how to show its path
/// short enough to read: the HTTP exchange sequence labels every arrow with both.
struct DistributionRequest: Equatable {
    var method: String
    var path: String

    /// The endpoint's purpose, as the distribution spec names it (`end-1` … `end-13`), or nil for
    /// a path outside `/v2/`.
    var purpose: String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.first == "v2" else { return nil }
        if parts.count == 1 { return "is this a registry? (API version check)" }
        if parts.count == 2, parts[1] == "_catalog" { return "list repositories" }
        if parts.suffix(2) == ["tags", "list"] { return "list tags" }
        if let manifests = parts.lastIndex(of: "manifests"), manifests == parts.count - 2 {
            switch method {
            case "HEAD": return "does the manifest exist?"
            case "GET": return "fetch the manifest"
            case "PUT": return "push the manifest (tags it)"
            case "DELETE": return "delete the manifest"
            default: return nil
            }
        }
        if let uploads = parts.lastIndex(of: "uploads"), uploads == parts.count - 1, parts[uploads - 1] == "blobs" {
            return method == "POST" ? "start an upload, or mount a blob" : nil
        }
        if let uploads = parts.lastIndex(of: "uploads"), uploads == parts.count - 2 {
            switch method {
            case "PATCH": return "upload a chunk"
            case "PUT": return "finish the upload (the digest is checked)"
            case "GET": return "how far has the upload got?"
            case "DELETE": return "cancel the upload"
            default: return nil
            }
        }
        if let blobs = parts.lastIndex(of: "blobs"), blobs == parts.count - 2 {
            switch method {
            case "HEAD": return "does the registry have this blob?"
            case "GET": return "download the blob"
            case "DELETE": return "delete the blob"
            default: return nil
            }
        }
        return nil
    }

    /// A `HEAD` on a blob: a push asks it of every blob, and a 404 means "send it", not a failure.
    var asksWhetherBlobExists: Bool {
        let parts = path.split(separator: "/")
        return method == "HEAD" && parts.count >= 3 && parts[parts.count - 2] == "blobs"
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
