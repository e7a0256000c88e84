import Testing

@testable import Render

@Suite struct DistributionRequestTests {
    @Test(arguments: [
        ("GET", "/v2/", "is this a registry? (API version check)"),
        ("GET", "/v2/_catalog", "list repositories"),
        ("GET", "/v2/library/busybox/tags/list", "list tags"),
        ("HEAD", "/v2/a/b/manifests/latest", "does the manifest exist?"),
        ("GET", "/v2/a/b/manifests/latest", "fetch the manifest"),
        ("PUT", "/v2/a/b/manifests/1.0", "push the manifest (tags it)"),
        ("HEAD", "/v2/a/b/blobs/sha256:\(String(repeating: "a", count: 64))", "does the registry have this blob?"),
        ("GET", "/v2/a/b/blobs/sha256:\(String(repeating: "a", count: 64))", "download the blob"),
        ("POST", "/v2/a/b/blobs/uploads/", "start an upload, or mount a blob"),
        ("PATCH", "/v2/a/b/blobs/uploads/0d4c2a2e-2a4b", "upload a chunk"),
        ("PUT", "/v2/a/b/blobs/uploads/0d4c2a2e-2a4b", "finish the upload (the digest is checked)"),
    ])
    func endpointsAreNamedAsTheSpecDoes(method: String, path: String, purpose: String) {
        #expect(DistributionRequest(method: method, path: path).purpose == purpose)
    }

    @Test func pathsOutsideTheAPIHaveNoPurpose() {
        #expect(DistributionRequest(method: "GET", path: "/token").purpose == nil)
        #expect(DistributionRequest(method: "OPTIONS", path: "/v2/a/b/manifests/1").purpose == nil)
    }

    @Test func digestsAndUploadSessionsAreShortened() {
        let digest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)
        #expect(
            DistributionRequest(method: "GET", path: "/v2/a/blobs/\(digest)").shortPath
                == "/v2/a/blobs/sha256:0123456789ab…")
        #expect(
            DistributionRequest(method: "PUT", path: "/v2/a/blobs/uploads/5f0c7e3a-1b2c-4d5e-8f90").shortPath
                == "/v2/a/blobs/uploads/5f0c7e3a…")
        #expect(DistributionRequest(method: "GET", path: "/v2/a/manifests/v1").shortPath == "/v2/a/manifests/v1")
    }

    @Test func onlyAHeadOnABlobIsAnExistenceCheck() {
        #expect(DistributionRequest(method: "HEAD", path: "/v2/a/blobs/sha256:x").asksWhetherBlobExists)
        #expect(!DistributionRequest(method: "GET", path: "/v2/a/blobs/sha256:x").asksWhetherBlobExists)
        #expect(!DistributionRequest(method: "HEAD", path: "/v2/a/manifests/x").asksWhetherBlobExists)
    }
}
