import Foundation
import LayerlabTestSupport
import OCI
import Registry
import Testing

@Suite struct EmbeddedRegistryTests {
    let fixture = RegistryFixture()

    /// Pushes a config and a layer with the client and a manifest naming them; returns the manifest digest.
    static func pushSmallImage(_ client: RegistryClient, _ fixture: RegistryFixture, repository: String, tag: String)
        async throws -> (manifest: Digest, layer: Descriptor)
    {
        let (layerPath, layer) = try fixture.blobFile(Array("layer of \(repository)".utf8))
        let (configPath, config) = try fixture.blobFile(
            Array(#"{"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8), mediaType: .ociConfig)
        try await client.uploadBlob(repository: repository, descriptor: layer, from: layerPath, method: .monolithic)
        try await client.uploadBlob(repository: repository, descriptor: config, from: configPath)
        let manifest = try JSONEncoder().encode(Manifest(config: config, layers: [layer]))
        let digest = try await client.putManifest(
            repository: repository, reference: tag, bytes: Array(manifest), mediaType: .ociManifest)
        return (digest, layer)
    }

    @Test func pingAnswersWithTheAPIVersionHeader() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let response = try await raw("GET", "http://127.0.0.1:\(port)/v2/")
            #expect(response.status == 200)
            #expect(response.header("Docker-Distribution-API-Version") == "registry/2.0")
        }
    }

    @Test func monolithicSessionAndChunkedUploadsStoreTheSameBlob() async throws {
        let fixture = self.fixture
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let bytes = Array((0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
            let (path, descriptor) = try fixture.blobFile(bytes)
            for (repository, method) in [
                ("mono", RegistryClient.UploadMethod.monolithic), ("session", .session), ("chunked", .chunked(30_000)),
            ] {
                #expect(try await !client.blobExists(repository: repository, digest: descriptor.digest))
                try await client.uploadBlob(repository: repository, descriptor: descriptor, from: path, method: method)
                #expect(try await client.blobExists(repository: repository, digest: descriptor.digest))
                let target = fixture.folder.file("\(repository).out")
                try await client.downloadBlob(repository: repository, descriptor: descriptor, to: target)
                #expect(Array(try Data(contentsOf: URL(fileURLWithPath: target))) == bytes)
            }
        }
    }

    @Test func uploadWithWrongDigestIsRefusedWithDigestInvalid() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let wrong = Digest.sha256(of: Array("something else".utf8))
            let response = try await raw(
                "POST", "http://127.0.0.1:\(port)/v2/a/blobs/uploads/?digest=\(wrong)", body: Array("content".utf8))
            #expect(response.status == 400)
            #expect(response.errorCodes == ["DIGEST_INVALID"])
            let head = try await raw("HEAD", "http://127.0.0.1:\(port)/v2/a/blobs/\(wrong)")
            #expect(head.status == 404)
        }
    }

    @Test func chunkOutOfOrderIsRefusedWith416() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            let started = try await raw("POST", base + "/v2/a/blobs/uploads/")
            #expect(started.status == 202)
            let location = try #require(started.header("Location"))
            let first = try await raw(
                "PATCH", base + location, headers: [("Content-Range", "0-3")], body: Array("abcd".utf8))
            #expect(first.status == 202)
            #expect(first.header("Range") == "0-3")
            let skipped = try await raw(
                "PATCH", base + location, headers: [("Content-Range", "10-13")], body: Array("wxyz".utf8))
            #expect(skipped.status == 416)
            let forged = try await raw("PATCH", base + "/v2/a/blobs/uploads/not-a-uuid", body: Array("x".utf8))
            #expect(forged.status == 404)
            #expect(forged.errorCodes == ["BLOB_UPLOAD_UNKNOWN"])
        }
    }

    /// R-D5: a manifest naming a key twice is refused before it is stored.
    @Test func aManifestWithARepeatedKeyIsRefused() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let body =
                #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","#
                + #""config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:"#
                + String(repeating: "a", count: 64) + #"","size":2},"layers":[],"layers":[]}"#
            let put = try await raw(
                "PUT", "http://127.0.0.1:\(port)/v2/a/manifests/v1",
                headers: [("Content-Type", "application/vnd.oci.image.manifest.v1+json")], body: Array(body.utf8))
            #expect(put.status == 400)
            #expect(put.errorCodes == ["MANIFEST_INVALID"])
            #expect(put.text.contains("appears twice"))
        }
    }

    /// A chunk must carry as many bytes as its Content-Range announces; one that does not adds
    /// nothing to the upload.
    @Test func aChunkShorterThanItsRangeIsRefusedAndAddsNothing() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            let location = try #require(try await raw("POST", base + "/v2/a/blobs/uploads/").header("Location"))
            let first = try await raw(
                "PATCH", base + location, headers: [("Content-Range", "0-3")], body: Array("abcd".utf8))
            #expect(first.header("Range") == "0-3")
            let short = try await raw(
                "PATCH", base + location, headers: [("Content-Range", "4-11")], body: Array("efg".utf8))
            #expect(short.status == 416)
            #expect(short.text.contains("announced 8 bytes in its Content-Range but carried 3"))
            let status = try await raw("GET", base + location)
            #expect(status.header("Range") == "0-3")
        }
    }

    /// With auth on, `/v1/search` lists repository names only to those who may list the catalog.
    @Test func searchNeedsTheCatalogRightWhenAuthIsOn() async throws {
        let users = try fixture.folder.write("users", UsersFile.line(user: "bob", password: "pw") + "\n")
        try await fixture.makeRegistry(auth: .basic(usersFile: users)).withRunning { port in
            let url = "http://127.0.0.1:\(port)/v1/search?q=a"
            let anonymous = try await raw("GET", url)
            #expect(anonymous.status == 401)
            let basic = "Basic " + Data("bob:pw".utf8).base64EncodedString()
            let known = try await raw("GET", url, headers: [("Authorization", basic)])
            #expect(known.status == 200)
        }
    }

    /// A client that started an upload and went away: after a week without a write, the session
    /// is purged when the registry starts; a recent one can still be resumed.
    @Test func abandonedUploadSessionsArePurgedAndRecentOnesKept() async throws {
        let fixture = self.fixture
        let (abandoned, recent) = try await fixture.makeRegistry("purge").withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            let first = try await raw("POST", base + "/v2/a/blobs/uploads/")
            let second = try await raw("POST", base + "/v2/a/blobs/uploads/")
            return (try #require(first.header("Location")), try #require(second.header("Location")))
        }
        let session = fixture.folder.file("purge") + "/uploads/" + (abandoned as NSString).lastPathComponent
        let eightDaysAgo = Date().addingTimeInterval(-8 * 24 * 3600)
        for path in [session]
            + (try FileManager.default.contentsOfDirectory(atPath: session)).map({ session + "/" + $0 })
        {
            try FileManager.default.setAttributes([.modificationDate: eightDaysAgo], ofItemAtPath: path)
        }
        try await fixture.makeRegistry("purge").withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            let resumed = try await raw(
                "PATCH", base + abandoned, headers: [("Content-Range", "0-3")], body: Array("abcd".utf8))
            #expect(resumed.status == 404)
            #expect(resumed.errorCodes == ["BLOB_UPLOAD_UNKNOWN"])
            let kept = try await raw(
                "PATCH", base + recent, headers: [("Content-Range", "0-3")], body: Array("abcd".utf8))
            #expect(kept.status == 202)
        }
        #expect(!FileManager.default.fileExists(atPath: session))
    }

    @Test func invalidRepositoryNamesAreRefusedBeforeTouchingDisk() async throws {
        let registry = try fixture.makeRegistry()
        try await registry.withRunning { port in
            let response = try await raw("POST", "http://127.0.0.1:\(port)/v2/UPPER/blobs/uploads/")
            #expect(response.status == 400)
            #expect(response.errorCodes == ["NAME_INVALID"])
        }
        #expect(!FileManager.default.fileExists(atPath: registry.root + "/repositories/UPPER"))
    }

    @Test func crossRepositoryMountLinksAnExistingBlob() async throws {
        let fixture = self.fixture
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let (path, descriptor) = try fixture.blobFile(Array("shared layer".utf8))
            try await client.uploadBlob(repository: "source", descriptor: descriptor, from: path)
            #expect(try await client.mountBlob(repository: "target", digest: descriptor.digest, from: "source"))
            #expect(try await client.blobExists(repository: "target", digest: descriptor.digest))
            #expect(try await !client.mountBlob(repository: "other", digest: descriptor.digest, from: "nowhere"))
        }
    }

    @Test func manifestReferencingAMissingBlobIsRefused() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let missing = Descriptor(mediaType: .ociLayerGzip, digest: Digest.sha256(of: [1, 2, 3]), size: 3)
            let config = Descriptor(mediaType: .ociConfig, digest: Digest.sha256(of: [4]), size: 1)
            let body = Array(try JSONEncoder().encode(Manifest(config: config, layers: [missing])))
            let response = try await raw(
                "PUT", "http://127.0.0.1:\(port)/v2/a/manifests/latest",
                headers: [("Content-Type", MediaType.ociManifest.rawValue)], body: body)
            #expect(response.status == 400)
            #expect(response.errorCodes == ["MANIFEST_BLOB_UNKNOWN"])
        }
    }

    @Test func ambiguousOrOversizedManifestsAreRefused() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let url = "http://127.0.0.1:\(port)/v2/a/manifests/latest"
            let ambiguous = Array(#"{"schemaVersion":2,"manifests":[],"layers":[]}"#.utf8)
            let refused = try await raw(
                "PUT", url, headers: [("Content-Type", MediaType.ociIndex.rawValue)], body: ambiguous)
            #expect(refused.status == 400)
            #expect(refused.errorCodes == ["MANIFEST_INVALID"])
            let huge = [UInt8](repeating: 0x20, count: (4 << 20) + 1)
            let tooLarge = try await raw(
                "PUT", url, headers: [("Content-Type", MediaType.ociManifest.rawValue)], body: huge)
            #expect(tooLarge.status == 413)
        }
    }

    @Test func manifestPutByDigestMustMatchTheContent() async throws {
        let fixture = self.fixture
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let (digest, _) = try await Self.pushSmallImage(client, fixture, repository: "a", tag: "v1")
            let fetched = try await client.manifest(repository: "a", reference: "v1")
            #expect(fetched.digest == digest)
            let wrong = Digest.sha256(of: [9])
            let response = try await raw(
                "PUT", "http://127.0.0.1:\(port)/v2/a/manifests/\(wrong)",
                headers: [("Content-Type", MediaType.ociManifest.rawValue)], body: fetched.bytes)
            #expect(response.status == 400)
            #expect(response.errorCodes == ["DIGEST_INVALID"])
        }
    }

    @Test func tagsListPaginatesWithNAndLast() async throws {
        let fixture = self.fixture
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            for tag in ["c", "a", "e", "b", "d"] {
                _ = try await Self.pushSmallImage(client, fixture, repository: "paged", tag: tag)
            }
            #expect(try await client.tags(repository: "paged", pageSize: 2) == ["a", "b", "c", "d", "e"])
            let page = try await raw("GET", "http://127.0.0.1:\(port)/v2/paged/tags/list?n=2&last=b")
            #expect(page.text == #"{"name":"paged","tags":["c","d"]}"#)
            #expect(page.header("Link") == #"</v2/paged/tags/list?n=2&last=d>; rel="next""#)
            let unknown = try await raw("GET", "http://127.0.0.1:\(port)/v2/nothing/tags/list")
            #expect(unknown.errorCodes == ["NAME_UNKNOWN"])
        }
    }

    @Test func catalogListsRepositoriesInPages() async throws {
        let fixture = self.fixture
        try await fixture.makeRegistry(pageLimit: 2).withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            for repository in ["zeta", "alpha", "team/app"] {
                _ = try await Self.pushSmallImage(client, fixture, repository: repository, tag: "1")
            }
            #expect(try await client.catalog(pageSize: 50) == ["alpha", "team/app", "zeta"])
        }
    }

    @Test func deletingAManifestRemovesItsTagsAndDeletingABlobUnlinksIt() async throws {
        let fixture = self.fixture
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let (digest, layer) = try await Self.pushSmallImage(client, fixture, repository: "d", tag: "gone")
            try await client.deleteManifest(repository: "d", reference: digest.description)
            #expect(try await client.manifestDescriptor(repository: "d", reference: "gone") == nil)
            try await client.deleteBlob(repository: "d", digest: layer.digest)
            #expect(try await !client.blobExists(repository: "d", digest: layer.digest))
            await #expect(throws: RegistryError.self) {
                try await client.manifest(repository: "d", reference: digest.description)
            }
        }
    }

    @Test func blobRangeRequestsReturnPartialContent() async throws {
        let fixture = self.fixture
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let (path, descriptor) = try fixture.blobFile(Array("0123456789".utf8))
            try await client.uploadBlob(repository: "r", descriptor: descriptor, from: path)
            let url = "http://127.0.0.1:\(port)/v2/r/blobs/\(descriptor.digest)"
            let part = try await raw("GET", url, headers: [("Range", "bytes=3-5")])
            #expect(part.status == 206 && part.text == "345")
            #expect(part.header("Content-Range") == "bytes 3-5/10")
            let outside = try await raw("GET", url, headers: [("Range", "bytes=20-")])
            #expect(outside.status == 416)
        }
    }

    @Test func registryErrorsCarryTheRegistrysReason() async throws {
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            do {
                _ = try await client.manifest(repository: "none", reference: "latest")
                Issue.record("expected an error")
            } catch let error as RegistryError {
                #expect(error.code == .notFound)
                #expect(error.errors.map(\.code) == ["MANIFEST_UNKNOWN"])
                #expect(error.description.contains("MANIFEST_UNKNOWN"))
            }
        }
    }

    @Test func searchReadsDescriptionsStarsAndOfficialFlagsFromTheCatalogFile() async throws {
        let fixture = self.fixture
        let registry = try fixture.makeRegistry()
        let entries = [
            SearchResult(
                name: "library/alpine", description: "A minimal Docker image", starCount: 11000, isOfficial: true),
            SearchResult(name: "someone/alpine-tools", description: "tools", starCount: 3, isOfficial: false),
            SearchResult(name: "library/ubuntu", description: "Ubuntu", starCount: 17000, isOfficial: true),
        ]
        try JSONEncoder().encode(entries).write(to: URL(fileURLWithPath: registry.root + "/search.json"))
        try await registry.withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let results = try await client.search("alpine")
            #expect(results.map(\.name) == ["library/alpine", "someone/alpine-tools"])
            #expect(results.first?.isOfficial == true && results.first?.starCount == 11000)
            #expect(try await client.search("alpine", limit: 1).count == 1)
        }
    }
}
