import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

@Suite struct SaveLoadTests {
    @Test(arguments: ImageArchiveFormat.allCases, [false, true])
    func savedImagesLoadBackWithTheSameIDAndNames(format: ImageArchiveFormat, asFolder: Bool) throws {
        let source = try StoreFixture()
        let id = try source.importImage("demo:v1")
        try source.store.tag("demo:v1", as: "team/demo:v2")
        let archive = source.folder.file("saved")
        try source.store.save(["demo:v1", "team/demo:v2"], to: archive, format: format, asFolder: asFolder)

        let target = try StoreFixture()
        let loaded = try target.store.load(from: archive)
        #expect(loaded.map(\.id) == [id])
        #expect(Set(loaded[0].references.map(\.familiarString)) == ["demo:v1", "team/demo:v2"])
        let image = try target.store.image("team/demo:v2")
        #expect(image.config.rootfs.diffIDs == (try source.store.image(id.description)).config.rootfs.diffIDs)
    }

    @Test func ociFormatKeepsTheStoredBlobDigests() throws {
        let source = try StoreFixture()
        try source.importImage("demo:v1")
        let blob = try #require(try source.store.image("demo:v1").layers[0].blob)
        let archive = source.folder.file("oci")
        try source.store.save(["demo:v1"], to: archive, format: .oci, asFolder: true)
        #expect(FileManager.default.fileExists(atPath: archive + "/blobs/sha256/" + blob.digest.encoded))

        let target = try StoreFixture()
        _ = try target.store.load(from: archive)
        #expect(try target.store.image("demo:v1").layers[0].blob == blob)
    }

    @Test func savingByIDCarriesNoName() throws {
        let source = try StoreFixture()
        let id = try source.importImage("demo:v1")
        let archive = source.folder.file("by-id.tar")
        try source.store.save([id.shortID], to: archive)
        let target = try StoreFixture()
        let loaded = try target.store.load(from: archive)
        #expect(loaded == [LoadedImage(id: id, references: [])])
    }

    @Test func aLayerThatDoesNotMatchItsDiffIDIsRefusedAndNothingIsStored() throws {
        let source = try StoreFixture()
        let id = try source.importImage("demo:v1")
        let archive = source.folder.file("tampered")
        try source.store.save(["demo:v1"], to: archive, format: .docker, asFolder: true)
        // Replace the layer with another valid tar: its digest no longer matches the config's diff ID.
        let diffID = try source.store.image(id.description).config.rootfs.diffIDs[0]
        let layerPath = archive + "/blobs/sha256/" + diffID.encoded
        try FileManager.default.removeItem(atPath: layerPath)
        try RootFSFixture.makeTarball(at: layerPath, seed: "other")
        // Drop the OCI index so the legacy manifest.json, which has no layer digests, is what gets read.
        try FileManager.default.removeItem(atPath: archive + "/index.json")

        let target = try StoreFixture()
        let before = target.snapshot
        do {
            _ = try target.store.load(from: archive)
            Issue.record("a tampered layer was loaded")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("diff ID"))
        }
        #expect(target.snapshot == before)
    }

    @Test func aBlobThatDoesNotMatchItsDigestIsRefused() throws {
        let source = try StoreFixture()
        try source.importImage("demo:v1")
        let archive = source.folder.file("corrupt")
        try source.store.save(["demo:v1"], to: archive, format: .oci, asFolder: true)
        let blob = try #require(try source.store.image("demo:v1").layers[0].blob)
        let path = archive + "/blobs/sha256/" + blob.digest.encoded
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count - 5] ^= 0xFF  // inside the gzip trailer: the tar itself still reads
        try FileManager.default.removeItem(atPath: path)
        try bytes.write(to: URL(fileURLWithPath: path))

        let target = try StoreFixture()
        let before = target.snapshot
        #expect(throws: StoreError.self) { _ = try target.store.load(from: archive) }
        #expect(target.snapshot == before)
    }

    @Test(arguments: [
        ("{}", "holds neither"),
        ("manifest.json:[{\"Config\":\"../../etc/passwd\",\"Layers\":[]}]", "outside the archive"),
        ("index.json:{\"schemaVersion\":2,\"manifests\":[]}", "no image"),
        ("index.json:not json", "is not valid"),
    ])
    func malformedArchivesGiveAClearError(spec: String, expected: String) throws {
        let fixture = try StoreFixture()
        let folder = fixture.folder.file("bad")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if let colon = spec.firstIndex(of: ":") {
            try fixture.folder.write("bad/" + spec[..<colon], String(spec[spec.index(after: colon)...]))
        }
        let before = fixture.snapshot
        do {
            _ = try fixture.store.load(from: folder)
            Issue.record("a malformed archive was loaded")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains(expected), "\(error.message)")
        }
        #expect(fixture.snapshot == before)
    }
}
