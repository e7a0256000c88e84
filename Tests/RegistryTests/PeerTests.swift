import Foundation
import LayerlabTestSupport
import OCI
import Registry
import Store
import Testing
import Trace
import Transfer

@Suite struct SkopeoTests {
    let fixture = RegistryFixture()

    struct Inspection: Decodable {
        var Digest: String
        var Layers: [String]
    }

    @Test(.enabled(if: TestEnvironment.has("skopeo"), "needs skopeo"))
    func skopeoCopiesInspectsAndListsTagsOfTheEmbeddedRegistry() async throws {
        let fixture = self.fixture
        let store = try fixture.makeStore()
        let id = try fixture.makeImage(in: store, name: "demo:1")
        let layer = try #require(try store.image("demo:1").layers.first?.blob)
        let layoutPath = fixture.folder.file("layout")
        try store.save(["demo:1"], to: layoutPath, format: .oci, asFolder: true)
        try await fixture.makeRegistry().withRunning { port in
            let remote = "docker://127.0.0.1:\(port)/skopeo/demo"
            try await runTool("skopeo", ["copy", "--dest-tls-verify=false", "oci:\(layoutPath):1", remote + ":1"])
            try await runTool("skopeo", ["copy", "--dest-tls-verify=false", "oci:\(layoutPath):1", remote + ":2"])

            let inspected = try await runTool("skopeo", ["inspect", "--tls-verify=false", remote + ":1"])
            let inspection = try JSONDecoder().decode(Inspection.self, from: inspected.stdout)
            #expect(inspection.Layers == [layer.digest.description])

            let listed = try await runTool("skopeo", ["list-tags", "--tls-verify=false", remote])
            #expect(listed.stdoutText.contains("\"1\"") && listed.stdoutText.contains("\"2\""))

            // layerlab pulls what skopeo pushed: the image ID is the config digest skopeo sent.
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let target = try fixture.makeStore("target")
            let pulled = try await Puller(store: target, client: client).pull(
                try Reference.parseDocker("127.0.0.1:\(port)/skopeo/demo:1"))
            #expect(pulled.imageID == id)
            #expect(pulled.digest.description == inspection.Digest)

            // And skopeo copies it back out, digests equal.
            let out = fixture.folder.file("out")
            try await runTool("skopeo", ["copy", "--src-tls-verify=false", remote + ":1", "oci:\(out):1"])
            let index = try JSONDecoder().decode(
                Index.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/index.json")))
            #expect(index.manifests.first?.digest == pulled.digest)
        }
    }
}

@Suite struct DistributionRegistryTests {
    let fixture = RegistryFixture()

    @Test(
        .enabled(if: TestEnvironment.has("docker-registry"), "needs docker-registry (apt-get install docker-registry)"))
    func clientPushesPullsMountsListsAndDeletesAgainstDistribution() async throws {
        let peer = try DistributionRegistry()
        let source = try fixture.makeStore("source")
        let id = try fixture.makeImage(in: source, name: "demo:1")
        let client = RegistryClient(registry: peer.address)
        try await client.ping()
        let first = try Reference.parseDocker("\(peer.address)/team/demo:1")
        let pushed = try await Pusher(store: source, client: client, uploadMethod: .chunked(1000)).push(
            first, image: "demo:1")
        #expect(pushed.blobs.map(\.status) == [.pushed, .pushed])
        let second = try Reference.parseDocker("\(peer.address)/other/demo:2")
        let mounted = try await Pusher(store: source, client: client).push(
            second, image: "demo:1")
        #expect(mounted.blobs.map(\.status) == [.mountedFrom, .pushed], "the config is put, never mounted, as moby")
        #expect(mounted.digest == pushed.digest)

        let target = try fixture.makeStore("target")
        let pulled = try await Puller(store: target, client: client).pull(first)
        #expect(pulled.imageID == id)
        #expect(pulled.digest == pushed.digest)

        #expect(try await client.tags(repository: "team/demo") == ["1"])
        #expect(try await client.catalog(pageSize: 1) == ["other/demo", "team/demo"])
        try await client.deleteManifest(repository: "other/demo", reference: pushed.digest.description)
        #expect(
            try await client.manifestDescriptor(repository: "other/demo", reference: pushed.digest.description) == nil)
        _ = peer
    }

    @Test(
        .enabled(if: TestEnvironment.has("docker-registry"), "needs docker-registry (apt-get install docker-registry)"))
    func distributionRefusesABlobWithTheWrongDigestAndTheClientSaysWhy() async throws {
        let peer = try DistributionRegistry()
        let client = RegistryClient(registry: peer.address)
        let (path, descriptor) = try fixture.blobFile(Array("real content".utf8))
        var wrong = descriptor
        wrong.digest = Digest.sha256(of: Array("other".utf8))
        do {
            try await client.uploadBlob(repository: "a", descriptor: wrong, from: path)
            Issue.record("expected DIGEST_INVALID")
        } catch let error as RegistryError {
            #expect(error.errors.map(\.code).contains("DIGEST_INVALID"))
        }
        _ = peer
    }

    @Test(
        .enabled(if: TestEnvironment.has("docker-registry"), "needs docker-registry (apt-get install docker-registry)"),
        .enabled(
            if: TestEnvironment.has("htpasswd"), "needs htpasswd for a bcrypt file (apt-get install apache2-utils)"))
    func basicAuthAgainstDistributionWithAnHtpasswdFile() async throws {
        let htpasswd = try await runTool("htpasswd", ["-nbB", "learner", "s3cret"]).stdoutText
        let peer = try DistributionRegistry(htpasswd: htpasswd)
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        let reference = try Reference.parseDocker("\(peer.address)/team/private:1")
        do {
            try await RegistryClient(registry: peer.address).ping()
            Issue.record("distribution let an anonymous client in")
        } catch {
            #expect((error as? RegistryError)?.code == .unauthorized)
        }
        let wrong = RegistryClient(registry: peer.address, credentials: .init(user: "learner", password: "nope"))
        await #expect(throws: RegistryError.self) { try await wrong.ping() }
        let client = RegistryClient(registry: peer.address, credentials: .init(user: "learner", password: "s3cret"))
        let pushed = try await Pusher(store: source, client: client).push(reference, image: "demo:1")
        let pulled = try await Puller(store: try fixture.makeStore("target"), client: client).pull(reference)
        #expect(pulled.digest == pushed.digest)
        _ = peer
    }

    @Test(
        .enabled(if: TestEnvironment.has("docker-registry"), "needs docker-registry (apt-get install docker-registry)"))
    func searchFallsBackToTheCatalogWithDescriptionsFromLabels() async throws {
        let peer = try DistributionRegistry()
        let source = try fixture.makeStore("source")
        try fixture.makeImage(
            in: source, name: "web:1", labels: ["org.opencontainers.image.description": "a tiny web server"])
        try fixture.makeImage(in: source, name: "plain:1", seed: "other")
        let client = RegistryClient(registry: peer.address)
        _ = try await Pusher(store: source, client: client).push(
            try Reference.parseDocker("\(peer.address)/lessons/web:latest"), image: "web:1")
        _ = try await Pusher(store: source, client: client).push(
            try Reference.parseDocker("\(peer.address)/lessons/plain:1"), image: "plain:1")
        _ = try await Pusher(store: source, client: client).push(
            try Reference.parseDocker("\(peer.address)/other/thing:1"), image: "plain:1")
        let results = try await client.search("lessons")
        #expect(results.map(\.name) == ["lessons/plain", "lessons/web"])
        #expect(results.map(\.description) == ["", "a tiny web server"])
        _ = peer
    }
}
