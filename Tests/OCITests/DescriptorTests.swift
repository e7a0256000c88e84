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

    /// R-D6: embedded data is believed only when it is the content the digest and size name.
    @Test func embeddedDataIsKeptOnlyWhenItIsTheDescribedContent() throws {
        let content = Array(#"{"hello":"world"}"#.utf8)
        let good = Digest.sha256(of: content)
        func json(_ data: String, digest: Digest, size: Int) -> Data {
            Data(
                #"{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(digest)","size":\#(size),"data":"\#(data)"}"#
                    .utf8)
        }
        let base64 = Data(content).base64EncodedString()
        let kept = try JSONDecoder().decode(Descriptor.self, from: json(base64, digest: good, size: content.count))
        #expect(kept.data == content)
        // Written back as base64, and read again the same.
        let again = try JSONDecoder().decode(Descriptor.self, from: try JSONEncoder().encode(kept))
        #expect(again == kept)

        let other = Digest.sha256(of: Array("other".utf8))
        #expect {
            try JSONDecoder().decode(Descriptor.self, from: json(base64, digest: other, size: content.count))
        } throws: { error in
            "\(error)".contains("descriptor \(other) embeds \(content.count) bytes hashing to \(good)")
        }
        #expect {
            try JSONDecoder().decode(Descriptor.self, from: json(base64, digest: good, size: content.count + 1))
        } throws: { error in
            "\(error)".contains("not its own digest and size (\(content.count + 1))")
        }
        #expect {
            try JSONDecoder().decode(Descriptor.self, from: json("not base64!", digest: good, size: content.count))
        } throws: { error in
            "\(error)".contains("has data that is not base64")
        }
    }
}
