import Testing
import Trace

@testable import Registry

/// The client names each request's endpoint as the distribution spec lays them out, so that the
/// trace says what a request was for and no view reads it off the path.
@Suite struct RegistryEndpointTests {
    static let digest = "sha256:" + String(repeating: "a", count: 64)

    @Test(arguments: [
        ("GET", "/v2/", RegistryEndpoint.apiVersion),
        ("GET", "/v2/_catalog", .catalog),
        ("GET", "/v2/library/busybox/tags/list", .tagsList),
        ("HEAD", "/v2/a/b/manifests/latest", .manifestExists),
        ("GET", "/v2/a/b/manifests/latest", .manifestFetch),
        ("PUT", "/v2/a/b/manifests/1.0", .manifestPush),
        ("DELETE", "/v2/a/b/manifests/\(digest)", .manifestDelete),
        ("HEAD", "/v2/a/b/blobs/\(digest)", .blobExists),
        ("GET", "/v2/a/b/blobs/\(digest)", .blobFetch),
        ("DELETE", "/v2/a/b/blobs/\(digest)", .blobDelete),
        ("POST", "/v2/a/b/blobs/uploads/", .uploadStart),
        ("PATCH", "/v2/a/b/blobs/uploads/0d4c2a2e-2a4b", .uploadChunk),
        ("PUT", "/v2/a/b/blobs/uploads/0d4c2a2e-2a4b", .uploadFinish),
        ("GET", "/v2/a/b/blobs/uploads/0d4c2a2e-2a4b", .uploadStatus),
        ("DELETE", "/v2/a/b/blobs/uploads/0d4c2a2e-2a4b", .uploadCancel),
        ("GET", "/v1/search", .search),
        // A repository may be named like an endpoint's word: only the position counts.
        ("GET", "/v2/manifests/blobs/manifests/v1", .manifestFetch),
    ])
    func eachEndpointIsNamedAsTheSpecDoes(method: String, path: String, endpoint: RegistryEndpoint) {
        #expect(RegistryEndpoint(method: method, path: path) == endpoint)
    }

    @Test func pathsOutsideTheAPIAreOther() {
        #expect(RegistryEndpoint(method: "GET", path: "/token") == .other)
        #expect(RegistryEndpoint(method: "OPTIONS", path: "/v2/a/b/manifests/1") == .other)
        #expect(RegistryEndpoint(method: "PATCH", path: "/v2/a/b/manifests/1") == .other)
    }
}
