import Trace

extension RegistryEndpoint {
    /// The endpoint a request to a registry's own API is, from its method and path, as the
    /// distribution spec lays them out (`/v2/<name>/manifests/<reference>`, …).
    init(method: String, path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self = Self.endpoint(method, parts) ?? .other
    }

    private static func endpoint(_ method: String, _ parts: [String]) -> RegistryEndpoint? {
        if parts.first == "v1", parts.last == "search" { return .search }
        guard parts.first == "v2" else { return nil }
        if parts.count == 1 { return .apiVersion }
        if parts.count == 2, parts[1] == "_catalog" { return .catalog }
        if parts.suffix(2) == ["tags", "list"] { return .tagsList }
        if let manifests = parts.lastIndex(of: "manifests"), manifests == parts.count - 2 {
            return ["HEAD": .manifestExists, "GET": .manifestFetch, "PUT": .manifestPush, "DELETE": .manifestDelete][
                method]
        }
        if let uploads = parts.lastIndex(of: "uploads"), uploads == parts.count - 1, parts[uploads - 1] == "blobs" {
            return method == "POST" ? .uploadStart : nil
        }
        if let uploads = parts.lastIndex(of: "uploads"), uploads == parts.count - 2 {
            return ["PATCH": .uploadChunk, "PUT": .uploadFinish, "GET": .uploadStatus, "DELETE": .uploadCancel][method]
        }
        if let blobs = parts.lastIndex(of: "blobs"), blobs == parts.count - 2 {
            return ["HEAD": .blobExists, "GET": .blobFetch, "DELETE": .blobDelete][method]
        }
        return nil
    }
}
