import Testing
import Trace

@testable import Render

@Suite struct DistributionRequestTests {
    @Test func everyEndpointOfTheSpecHasItsWordsAndOtherHasNone() {
        for endpoint in RegistryEndpoint.allCases where endpoint != .other {
            #expect(DistributionRequest.purpose(of: endpoint)?.isEmpty == false, "\(endpoint)")
        }
        #expect(DistributionRequest.purpose(of: .other) == nil)
        #expect(DistributionRequest.purpose(of: .blobExists) == "does the registry have this blob?")
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
}
