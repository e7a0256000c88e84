import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Registry
import Store
import Synchronization
import Testing
import Trace
import Transfer

@Suite struct PullPushTests {
    let fixture = RegistryFixture()

    @Test func pushThenPullKeepsTheImageIDAndEveryDigest() async throws {
        let fixture = self.fixture
        let source = try fixture.makeStore("source")
        let id = try fixture.makeImage(in: source, name: "demo:1")
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let reference = try Reference.parseDocker("127.0.0.1:\(port)/team/demo:1")
            let pushed = try await Pusher(store: source, client: client).push(reference, image: "demo:1")
            #expect(pushed.blobs.map(\.status) == [.pushed, .pushed])

            let recording = RecordingSink()
            let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [recording]))
            let pulled = try await Puller(store: target, client: client).pull(reference)
            #expect(pulled.imageID == id)
            #expect(pulled.digest == pushed.digest)
            #expect(try target.image(reference.description).id == id)
            let sourceLayer = try #require(try source.image("demo:1").layers.first?.blob)
            #expect(try target.image(reference.description).layers.first?.blob?.digest == sourceLayer.digest)
            #expect(
                recording.records.map(\.event).contains(
                    .imagePulled(reference, manifest: pushed.digest, image: id, upToDate: false)))

            // Pushing what was pulled sends the same manifest: every digest is kept.
            let again = try await Pusher(store: target, client: client).push(
                try Reference.parseDocker("127.0.0.1:\(port)/copy/demo:1"), image: reference.description)
            #expect(again.digest == pushed.digest)
        }
    }

    /// A layer declared larger than the store's limit is refused before a byte of it is fetched.
    @Test func aLayerDeclaredPastTheLimitIsNotDownloaded() async throws {
        let fixture = self.fixture
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let reference = try Reference.parseDocker("127.0.0.1:\(port)/team/demo:1")
            _ = try await Pusher(store: source, client: client).push(reference, image: "demo:1")
            let recording = RecordingSink()
            let target = try ImageStore(
                root: fixture.folder.file("small"), trace: TraceRecorder(sinks: [recording]),
                limits: StoreLimits(expandedLayerBytes: 100))
            let error = await #expect(throws: RegistryError.self) {
                try await Puller(store: target, client: client).pull(reference)
            }
            #expect(error?.code == .tooLarge)
            #expect(error?.message.contains("more than the limit of 100 (raise it with --max-layer-size SIZE)") == true)
            let blobFetches = recording.records.filter {
                if case .httpExchange(let exchange) = $0.event { exchange.endpoint == .blobFetch } else { false }
            }
            #expect(blobFetches.count == 1, "only the config blob is fetched")
        }
    }

    @Test func pullReportsAlreadyExistsForLayersTheStoreHas() async throws {
        let fixture = self.fixture
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let first = try Reference.parseDocker("127.0.0.1:\(port)/a/demo:1")
            let second = try Reference.parseDocker("127.0.0.1:\(port)/b/demo:1")
            _ = try await Pusher(store: source, client: client).push(first, image: "demo:1")
            // The second repository gets its blobs by mounting them from the first.
            let mounted = try await Pusher(store: source, client: client).push(
                second, image: "demo:1")
            #expect(
                mounted.blobs.map(\.status) == [.mountedFrom, .pushed], "the config is put, never mounted, as moby")
            let skipped = try await Pusher(store: source, client: client).push(second, image: "demo:1")
            #expect(skipped.blobs.map(\.status) == [.layerAlreadyExists, .layerAlreadyExists])

            // Another image on the same layer (a label makes its config differ).
            try fixture.makeImage(in: source, name: "demo:labelled", labels: ["edition": "2"])
            let sibling = try Reference.parseDocker("127.0.0.1:\(port)/c/demo:1")
            _ = try await Pusher(store: source, client: client).push(sibling, image: "demo:labelled")

            let recording = RecordingSink()
            let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [recording]))
            let puller = Puller(store: target, client: client)
            func statuses(since start: Int) -> [LayerTransferStatus] {
                recording.records.dropFirst(start).compactMap { record -> LayerTransferStatus? in
                    if case .pullLayer(_, let step, _) = record.event { return step.status }
                    return nil
                }
            }
            #expect(try await puller.pull(first).layers.map(\.status) == [.pullComplete])
            #expect(statuses(since: 0).contains(.downloadComplete))

            // The same image under another name: moby looks no further than its ID, no layer line.
            var start = recording.records.count
            let again = try await puller.pull(second)
            #expect(again.layers.map(\.status) == [.alreadyExists])
            #expect(statuses(since: start).isEmpty)
            #expect(try await puller.pull(second).isUpToDate)

            // A new image whose layer the store has: Already exists, nothing downloaded.
            start = recording.records.count
            #expect(try await puller.pull(sibling).layers.map(\.status) == [.alreadyExists])
            #expect(statuses(since: start) == [.alreadyExists])
        }
    }

    /// A manifest may list one blob twice (classic builds make identical empty layers). The store
    /// publishes a download by linking to it, so the second layer still reads the same file.
    @Test func aBlobTheManifestListsTwiceBecomesTwoLayersFromOneDownload() async throws {
        let fixture = self.fixture
        var gzip = try GzipCompressingSink(BufferSink())
        try [UInt8](repeating: 0, count: 1024).withUnsafeBytes { try gzip.write($0) }
        try gzip.finish()
        let empty = Digest.sha256(of: [UInt8](repeating: 0, count: 1024))
        let (layerPath, layer) = try fixture.blobFile(gzip.base.bytes)
        let config = ImageConfig(created: nil, diffIDs: [empty, empty], history: [])
        let configBytes = Array(try JSONEncoder().encode(config))
        let (configPath, configDescriptor) = try fixture.blobFile(configBytes, mediaType: .ociConfig)
        let manifest = Array(try JSONEncoder().encode(Manifest(config: configDescriptor, layers: [layer, layer])))
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            try await client.uploadBlob(repository: "team/empty", descriptor: layer, from: layerPath)
            try await client.uploadBlob(repository: "team/empty", descriptor: configDescriptor, from: configPath)
            _ = try await client.putManifest(
                repository: "team/empty", reference: "v1", bytes: manifest, mediaType: .ociManifest)

            let target = try fixture.makeStore("target")
            let reference = try Reference.parseDocker("127.0.0.1:\(port)/team/empty:v1")
            let pulled = try await Puller(store: target, client: client).pull(reference)
            #expect(pulled.imageID == Digest.sha256(of: configBytes))
            let layers = try target.image(reference.description).layers
            #expect(layers.map(\.diffID) == [empty, empty])
            #expect(Set(layers.map(\.chainID)).count == 2)
            #expect(layers.allSatisfy { $0.blob?.digest == layer.digest })
            #expect(try target.check(repair: false).problems == 0)
        }
    }

    /// A registry that names a layer the store has but serves other content under it: the blob is
    /// refused before it replaces the one the layer travels as (R-S1, R-D4).
    @Test func aBlobThatDoesNotHoldTheLayersDiffIDIsNotAdopted() async throws {
        let fixture = self.fixture
        let target = try fixture.makeStore("target")
        try fixture.makeImage(in: target, name: "demo:1")
        let layer = try #require(try target.image("demo:1").layers.first)
        let tar = fixture.folder.file("other.tar")
        try Data(try makeTar([.file("other", "not the layer\n")])).write(to: URL(fileURLWithPath: tar))
        try await runTool("gzip", ["-n", tar])
        let (layerPath, blob) = try fixture.blobFile(Array(try Data(contentsOf: URL(fileURLWithPath: tar + ".gz"))))
        let config =
            #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["\#(layer.diffID)"]}}"#
        let (configPath, configBlob) = try fixture.blobFile(Array(config.utf8), mediaType: .ociConfig)
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            try await client.uploadBlob(repository: "evil/demo", descriptor: blob, from: layerPath)
            try await client.uploadBlob(repository: "evil/demo", descriptor: configBlob, from: configPath)
            let manifest = try JSONEncoder().encode(Manifest(config: configBlob, layers: [blob]))
            _ = try await client.putManifest(
                repository: "evil/demo", reference: "1", bytes: Array(manifest), mediaType: .ociManifest)
            let reference = try Reference.parseDocker("127.0.0.1:\(port)/evil/demo:1")
            await #expect {
                try await Puller(store: target, client: client).pull(reference)
            } throws: { error in
                "\(error)".contains("holds a layer with diff ID") && "\(error)".contains("not \(layer.diffID)")
            }
        }
        #expect(try target.image("demo:1").layers.first?.blob == layer.blob)
        #expect(try target.check(repair: false).problems == 0)
    }

    @Test func pullByDigestVerifiesTheManifestAndSetsNoTag() async throws {
        let fixture = self.fixture
        let source = try fixture.makeStore("source")
        let id = try fixture.makeImage(in: source, name: "demo:1")
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let tagged = try Reference.parseDocker("127.0.0.1:\(port)/demo:1")
            let pushed = try await Pusher(store: source, client: client).push(tagged, image: "demo:1")
            let target = try fixture.makeStore("target")
            let byDigest = try Reference.parseDocker("127.0.0.1:\(port)/demo@\(pushed.digest)")
            let pulled = try await Puller(store: target, client: client).pull(byDigest)
            #expect(pulled.imageID == id)
            // No tag, only the RepoDigest it was pulled by.
            #expect(try target.images().first?.references.allSatisfy { $0.tag == nil && $0.digest != nil } == true)
        }
    }

    @Test func tokenAuthDanceGivesAnonymousPullAndAuthenticatedPush() async throws {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "alice", password: "secret") + "\n")
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        try await fixture.makeRegistry(auth: .token(usersFile: users)).withRunning { port in
            let registry = "127.0.0.1:\(port)"
            let reference = try Reference.parseDocker("\(registry)/alice/demo:1")
            let anonymous = RegistryClient(registry: registry)
            do {
                _ = try await Pusher(store: source, client: anonymous).push(reference, image: "demo:1")
                Issue.record("an anonymous push must be refused")
            } catch let error as RegistryError {
                #expect(error.code == .unauthorized)
            }
            let wrong = RegistryClient(registry: registry, credentials: .init(user: "alice", password: "nope"))
            await #expect(throws: RegistryError.self) { try await wrong.ping() }

            let recording = RecordingSink()
            let store = try fixture.makeStore("traced", trace: TraceRecorder(sinks: [recording]))
            let alice = RegistryClient(registry: registry, credentials: .init(user: "alice", password: "secret"))
            _ = try await Pusher(store: source, client: alice).push(reference, image: "demo:1")
            _ = try await Puller(store: store, client: RegistryClient(registry: registry)).pull(reference)
            let steps = recording.records.compactMap { record -> AuthStep.Kind? in
                if case .authStep(let step) = record.event { return step.kind }
                return nil
            }
            #expect(steps.starts(with: [.challenged, .tokenRequested, .tokenReceived]))
        }
    }

    /// The registry's challenge names only the target repository; a mount also needs pull on the
    /// source, or the registry quietly falls back to an upload.
    /// R-C3: the client keeps its tokens while they are good, and when the registry refuses one as
    /// expired, asks for exactly one new token in its place and goes on. The registry's clock is
    /// the test's, so no push's speed decides when a token expires.
    @Test func anExpiredTokenIsRenewedOnceAndTheCommandGoesOn() async throws {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "alice", password: "secret") + "\n")
        let recording = RecordingSink()
        let source = try fixture.makeStore("source", trace: TraceRecorder(sinks: [recording]))
        try fixture.makeImage(in: source, name: "demo:1")
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let registry = try EmbeddedRegistry(
            root: fixture.folder.file("expiring"),
            configuration: .init(
                port: 0, auth: .token(usersFile: users), tokenLifetime: 300, clock: { clock.now }))
        try await registry.withRunning { port in
            let alice = RegistryClient(
                registry: "127.0.0.1:\(port)", credentials: .init(user: "alice", password: "secret"))
            func push(_ tag: String) async throws {
                let reference = try Reference.parseDocker("127.0.0.1:\(port)/alice/demo:\(tag)")
                _ = try await Pusher(store: source, client: alice).push(reference, image: "demo:1")
            }
            func tokensRequested() -> Int {
                recording.records.filter {
                    if case .authStep(let step) = $0.event { step.kind == .tokenRequested } else { false }
                }.count
            }
            try await push("1")
            let first = tokensRequested()
            #expect(first >= 1)
            clock.advance(by: 299)
            try await push("1")
            #expect(tokensRequested() == first, "a good token is used again")
            clock.advance(by: 2)
            try await push("2")
            // A push holds a token for each scope it used; each expired one is replaced once.
            #expect(tokensRequested() == 2 * first, "each expired token is replaced once")
        }
    }

    @Test func withTokensAPushMountsLayersFromAnotherRepository() async throws {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "alice", password: "secret") + "\n")
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        try await fixture.makeRegistry(auth: .token(usersFile: users)).withRunning { port in
            let registry = "127.0.0.1:\(port)"
            let alice = RegistryClient(registry: registry, credentials: .init(user: "alice", password: "secret"))
            let first = try Reference.parseDocker("\(registry)/alice/demo:1")
            let second = try Reference.parseDocker("\(registry)/alice/copy:1")
            _ = try await Pusher(store: source, client: alice).push(first, image: "demo:1")
            let mounted = try await Pusher(store: source, client: alice)
                .push(second, image: "demo:1")
            #expect(
                mounted.blobs.map(\.status) == [.mountedFrom, .pushed], "the config is put, never mounted, as moby")
        }
    }

    /// R-E6: a mount is a read of the source repository, so it happens only when the caller's
    /// token lets it pull there; otherwise the registry opens a normal upload (202), as the
    /// distribution spec says, and nothing is linked.
    @Test func aMountFromARepositoryTheTokenCannotPullIsAnUploadInstead() async throws {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "alice", password: "secret") + "\n")
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        try await fixture.makeRegistry(auth: .token(usersFile: users)).withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            let alice = RegistryClient(
                registry: "127.0.0.1:\(port)", credentials: .init(user: "alice", password: "secret"))
            _ = try await Pusher(store: source, client: alice).push(
                try Reference.parseDocker("127.0.0.1:\(port)/bob/app:1"), image: "demo:1")
            let layer = try #require(try source.image("demo:1").layers.first?.blob?.digest)
            let basic = "Basic " + Data("alice:secret".utf8).base64EncodedString()
            func token(_ scopes: String...) async throws -> String {
                let query = scopes.map { "scope=\($0)" }.joined(separator: "&")
                let answer = try await raw(
                    "GET", "\(base)/token?service=layerlab-registry&\(query)", headers: [("Authorization", basic)])
                struct Answer: Decodable { var token: String }
                return try JSONDecoder().decode(Answer.self, from: Data(answer.body)).token
            }
            let mount = "\(base)/v2/alice/demo/blobs/uploads/?mount=\(layer)&from=bob/app"
            let targetOnly = try await token("repository:alice/demo:pull,push")
            let refused = try await raw("POST", mount, headers: [("Authorization", "Bearer \(targetOnly)")])
            #expect(refused.status == 202, "an upload session, not a mount: \(refused.text)")
            #expect(refused.header("Location")?.contains("/v2/alice/demo/blobs/uploads/") == true)
            let head = try await raw(
                "HEAD", "\(base)/v2/alice/demo/blobs/\(layer)", headers: [("Authorization", "Bearer \(targetOnly)")])
            #expect(head.status == 404, "nothing was linked")

            let both = try await token("repository:alice/demo:pull,push", "repository:bob/app:pull")
            let mounted = try await raw("POST", mount, headers: [("Authorization", "Bearer \(both)")])
            #expect(mounted.status == 201)
        }
    }

    @Test func basicAuthRefusesAnonymousUsersAndAcceptsTheRightPassword() async throws {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "bob", password: "pw") + "\n")
        try await fixture.makeRegistry(auth: .basic(usersFile: users)).withRunning { port in
            let registry = "127.0.0.1:\(port)"
            let unauthenticated = try await raw("GET", "http://\(registry)/v2/")
            #expect(unauthenticated.status == 401)
            #expect(unauthenticated.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
            do {
                try await RegistryClient(registry: registry).ping()
                Issue.record("expected unauthorized")
            } catch let error as RegistryError {
                #expect(error.code == .unauthorized)
            }
            try await RegistryClient(registry: registry, credentials: .init(user: "bob", password: "pw")).ping()
        }
    }
}

/// A clock that moves only when told: the registry's, in tests of token expiry.
final class ManualClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date) { time = Mutex(start) }

    var now: Date { time.withLock { $0 } }

    func advance(by seconds: TimeInterval) { time.withLock { $0 += seconds } }
}
