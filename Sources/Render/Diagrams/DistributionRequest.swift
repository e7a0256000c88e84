import Trace

/// How the HTTP exchange sequence labels a request to a registry: its path short enough to read,
/// and the reason phrase of its answer (what the endpoint is for is in ``DiagramWords``).
struct DistributionRequest: Equatable {
    var method: String
    var path: String

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
