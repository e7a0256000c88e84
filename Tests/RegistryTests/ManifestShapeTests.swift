import OCI
import Testing

@testable import Registry

/// R-D2: what a pull takes for a manifest, before anything is fetched on its word.
struct ManifestShapeTests {
    @Test func aSchemaOneManifestIsRefusedAsDeprecated() throws {
        let schemaOne = Array(#"{"schemaVersion":1,"name":"library/old","tag":"1","fsLayers":[],"history":[]}"#.utf8)
        #expect {
            _ = try RegistryClient.mediaType(
                of: schemaOne, contentType: MediaType("application/vnd.docker.distribution.manifest.v1+prettyjws"))
        } throws: { error in
            "\(error)".contains("schema 1 manifests are deprecated and not supported")
        }
    }

    @Test func aDocumentWithoutAMediaTypeTakesTheOneItWasSentAs() throws {
        let index = Array(#"{"schemaVersion":2,"manifests":[]}"#.utf8)
        #expect(try RegistryClient.mediaType(of: index, contentType: .dockerManifestList) == .dockerManifestList)
        #expect(try RegistryClient.mediaType(of: index, contentType: nil) == .ociIndex)
        #expect(throws: RegistryError.self) { try RegistryClient.mediaType(of: index, contentType: .ociManifest) }
    }
}
