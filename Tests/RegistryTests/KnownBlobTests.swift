import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Registry
import Store
import Testing
import Trace
import Transfer

/// One layer, two blobs: the same tar served gzipped by one repository and plain by another. The
/// store knows the layer as both (moby's v2 metadata), so neither replaces the other: a pull of
/// either says `Already exists`, and a push sends each repository the blob it has.
@Suite struct KnownBlobTests {
    let fixture = RegistryFixture()

    /// The two repositories, each with an image of the same one-layer diff under its own blob.
    struct TwoRepositories {
        var gzipped: (reference: Reference, manifest: Digest, blob: Descriptor)
        var plain: (reference: Reference, manifest: Digest, blob: Descriptor)
        var diffID: Digest
    }

    func entries(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// - Parameter oneImage: both repositories serve the same config, so they hold one image.
    func publish(on port: Int, oneImage: Bool = false) async throws -> TwoRepositories {
        let tar = try makeTar([.file("etc/motd", "one layer, two blobs\n")])
        var gzip = try GzipCompressingSink(BufferSink())
        try tar.withUnsafeBytes { try gzip.write($0) }
        try gzip.finish()
        let diffID = Digest.sha256(of: tar)
        let client = RegistryClient(registry: "127.0.0.1:\(port)")
        func upload(_ layerBytes: [UInt8], _ mediaType: MediaType, to repository: String, label: String) async throws
            -> (Reference, Digest, Descriptor)
        {
            let (layerPath, layer) = try fixture.blobFile(layerBytes, mediaType: mediaType)
            let config =
                #"{"architecture":"amd64","os":"linux","config":{"Labels":{"kind":"\#(label)"}},"#
                + #""rootfs":{"type":"layers","diff_ids":["\#(diffID)"]}}"#
            let (configPath, configBlob) = try fixture.blobFile(Array(config.utf8), mediaType: .ociConfig)
            try await client.uploadBlob(repository: repository, descriptor: layer, from: layerPath)
            try await client.uploadBlob(repository: repository, descriptor: configBlob, from: configPath)
            let manifest = Array(try JSONEncoder().encode(Manifest(config: configBlob, layers: [layer])))
            let digest = try await client.putManifest(
                repository: repository, reference: "1", bytes: manifest, mediaType: .ociManifest)
            return (try Reference.parseDocker("127.0.0.1:\(port)/\(repository):1"), digest, layer)
        }
        return TwoRepositories(
            gzipped: try await upload(gzip.base.bytes, .ociLayerGzip, to: "team/gzipped", label: "gzipped"),
            plain: try await upload(tar, .ociLayer, to: "team/plain", label: oneImage ? "gzipped" : "plain"),
            diffID: diffID)
    }

    @Test func aLayerPulledAsTwoBlobsIsKnownAsBothAndEachRepositoryGetsItsOwn() async throws {
        let fixture = self.fixture
        let store = try fixture.makeStore("target")
        try await fixture.makeRegistry().withRunning { port in
            let two = try await publish(on: port)
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let puller = Puller(store: store, client: client)
            #expect(try await puller.pull(two.gzipped.reference).layers.map(\.status) == [.pullComplete])
            // The store has the layer, but not as this blob: it is fetched, checked and kept beside the other.
            #expect(try await puller.pull(two.plain.reference).layers.map(\.status) == [.pullComplete])
            #expect(Set(try store.images().flatMap { $0.layers.map(\.chainID) }).count == 1)

            // Either blob is now the layer: pulling the first again after removing it fetches nothing.
            _ = try store.remove(two.gzipped.reference.description)
            #expect(try await puller.pull(two.gzipped.reference).layers.map(\.status) == [.alreadyExists])

            // Each repository is sent the blob it has, so neither manifest changes.
            let pusher = Pusher(store: store, client: client)
            for (reference, manifest, blob) in [two.gzipped, two.plain] {
                let again = try await pusher.push(reference)
                #expect(again.blobs.map(\.digest) == [blob.digest, again.blobs[1].digest])
                #expect(again.blobs.map(\.status) == [.layerAlreadyExists, .layerAlreadyExists])
                #expect(again.digest == manifest)
            }
            // A new repository of the registry gets the layer mounted as the blob the image was
            // pulled as, so its manifest is the pulled one too (moby would take the newest blob).
            let copy = try Reference.parseDocker("127.0.0.1:\(port)/team/copy:1")
            let copied = try await pusher.push(copy, image: two.gzipped.reference.description)
            #expect(copied.blobs.first?.step == .mountedFrom(repository: "team/gzipped"))
            #expect(copied.digest == two.gzipped.manifest)
        }
        #expect(try store.check(repair: false).problems == 0)

        let blobs = store.layout.root + "/blobs/sha256"
        let known = store.layout.root + "/image/overlay2/distribution/v2metadata-by-diffid/sha256"
        #expect(entries(in: known).count == 1, "one list for the one diff")
        for image in try store.images() { _ = try store.remove(image.id.description, force: true) }
        #expect(entries(in: blobs).isEmpty, "both blobs went with the last layer of their diff")
        #expect(entries(in: known).isEmpty)
    }

    /// The same image from a repository that serves its layer as another blob: the store has the
    /// image, so nothing is fetched, and the blob it never got is not remembered.
    @Test func aBlobNeverFetchedIsNotRemembered() async throws {
        let fixture = self.fixture
        let store = try fixture.makeStore("target")
        try await fixture.makeRegistry().withRunning { port in
            let two = try await publish(on: port, oneImage: true)
            let puller = Puller(store: store, client: RegistryClient(registry: "127.0.0.1:\(port)"))
            let first = try await puller.pull(two.gzipped.reference)
            let second = try await puller.pull(two.plain.reference)
            #expect(second.imageID == first.imageID)
            let list =
                store.layout.root + "/image/overlay2/distribution/v2metadata-by-diffid/sha256/"
                + two.diffID.encoded
            let text = try String(contentsOfFile: list, encoding: .utf8)
            #expect(text.contains(two.gzipped.blob.digest.description))
            #expect(!text.contains(two.plain.blob.digest.description), "\(text)")
        }
        #expect(try store.check(repair: false).problems == 0)
    }

    /// moby's format: a list of `Digest`, `SourceRepository` and `HMAC` per diff ID, newest last;
    /// layerlab adds `MediaType` and `Size`.
    @Test func theListIsMobysV2MetadataNewestLast() async throws {
        let fixture = self.fixture
        let store = try fixture.makeStore("target")
        try await fixture.makeRegistry().withRunning { port in
            let two = try await publish(on: port)
            let puller = Puller(store: store, client: RegistryClient(registry: "127.0.0.1:\(port)"))
            for reference in [two.gzipped.reference, two.plain.reference, two.gzipped.reference] {
                _ = try await puller.pull(reference)
            }
            let list =
                store.layout.root + "/image/overlay2/distribution/v2metadata-by-diffid/sha256/"
                + two.diffID.encoded
            let entries = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: list))) as? [[String: Any]]
            )
            #expect(
                entries.map { $0["SourceRepository"] as? String } == [two.plain, two.gzipped].map(\.reference.name))
            #expect(entries.map { $0["Digest"] as? String } == [two.plain, two.gzipped].map(\.blob.digest.description))
            #expect(entries.allSatisfy { $0["HMAC"] as? String == "" && $0["Size"] is Int })
        }
    }

    /// A list for a diff no layer has (a crash between removing the layer and its list) goes at the
    /// next command's recovery, with the blob only it named; a list that cannot be read is left out
    /// (the layer is then known by its own blob), reported by fsck and removed by `--repair`.
    @Test func aStrayListIsRecoveredAndADamagedOneRepaired() throws {
        let fixture = self.fixture
        let recording = RecordingSink()
        let store = try fixture.makeStore("store", trace: TraceRecorder(sinks: [recording]))
        try fixture.makeImage(in: store, name: "demo:1")
        let folder = store.layout.root + "/image/overlay2/distribution/v2metadata-by-diffid/sha256/"
        let stray = Array("a blob only the stray list names".utf8)
        let digest = Digest.sha256(of: stray)
        try Data(stray).write(to: URL(fileURLWithPath: store.layout.root + "/blobs/sha256/" + digest.encoded))
        let gone = Digest.sha256(of: Array("no layer has this diff".utf8))
        let entry = KnownBlob(
            Descriptor(mediaType: .ociLayer, digest: digest, size: Int64(stray.count)), in: "127.0.0.1:5000/gone/demo")
        try JSONEncoder().encode([entry]).write(to: URL(fileURLWithPath: folder + gone.encoded))

        #expect(try store.check(repair: false).problems == 0)
        let recovered = recording.records.compactMap {
            if case .storeRecovered(let entry) = $0.event { entry } else { nil }
        }
        #expect(
            recovered == [
                RecoveredEntry(
                    path: "image/overlay2/distribution/v2metadata-by-diffid/sha256/\(gone.encoded)",
                    reason: .orphanMetadata),
                RecoveredEntry(path: "blobs/sha256/\(digest.encoded)", reason: .unreferencedBlob),
            ])

        let diffID = try #require(try store.image("demo:1").layers.first?.diffID)
        try Data("[{broken".utf8).write(to: URL(fileURLWithPath: folder + diffID.encoded))
        #expect(try store.image("demo:1").layers.count == 1, "the store still reads")
        #expect(try store.check(repair: false).problems == 1)
        #expect(try store.check(repair: true).repaired == 1)
        #expect(entries(in: folder).isEmpty)
        #expect(try store.check(repair: false).problems == 0)
    }
}
