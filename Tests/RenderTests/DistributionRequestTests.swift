import Testing
import Trace

@testable import Render

@Suite struct DistributionRequestTests {
    @Test(arguments: Language.allCases)
    func everyEndpointOfTheSpecHasItsWordsAndOtherHasNone(_ language: Language) {
        let words = language.diagramWords
        for endpoint in RegistryEndpoint.allCases where endpoint != .other {
            #expect(words.purpose(of: endpoint, scope: nil)?.isEmpty == false, "\(endpoint)")
        }
        #expect(words.purpose(of: .other, scope: nil) == nil)
        #expect(
            words.purpose(of: .blobExists, scope: nil)
                == (language == .en ? "does the registry have this blob?" : "镜像仓库里有这个数据块吗？"))
        #expect(words.purpose(of: .token, scope: "repository:a:pull")?.contains("repository:a:pull") == true)
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
