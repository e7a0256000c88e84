import Foundation
import OCI
import Testing

/// R-D3: sizes are lengths; a negative one is refused as the document is read.
@Suite struct DescriptorTests {
    let digest = "sha256:" + String(repeating: "a", count: 64)

    @Test func aNegativeSizeIsRefused() {
        let json = #"{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"\#(digest)","size":-1}"#
        #expect {
            try JSONDecoder().decode(Descriptor.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains("negative size")
        }
    }

    @Test func aSizePastInt64IsRefused() {
        let json =
            #"{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"\#(digest)","size":9223372036854775808}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Descriptor.self, from: Data(json.utf8)) }
    }

    @Test func everyFieldStillDecodes() throws {
        let json = #"""
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(digest)","size":7,
             "urls":["https://example.com/x"],"annotations":{"a":"b"},
             "platform":{"architecture":"arm64","os":"linux"},"artifactType":"application/x"}
            """#
        let descriptor = try JSONDecoder().decode(Descriptor.self, from: Data(json.utf8))
        #expect(descriptor.size == 7 && descriptor.urls == ["https://example.com/x"])
        #expect(descriptor.annotations == ["a": "b"] && descriptor.platform?.architecture == "arm64")
        #expect(descriptor.artifactType == "application/x")
    }
}
