import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

/// R-S7: `fsck` re-hashes every blob, compares every layer's files with its blob, follows every
/// reference, and `--repair` removes only what is broken or unreachable.
@Suite struct StoreCheckTests {
    /// A store with a bit of everything: two images sharing a layer, an image of two layers
    /// (loaded from an OCI layout), a classic child image and a container.
    struct Fixture {
        let base: StoreFixture
        var store: ImageStore { base.store }
        var layout: StoreLayout { base.store.layout }
        let shared: Digest
        let copy: Digest
        let stacked: Digest
        let child: Digest

        init() throws {
            base = try StoreFixture()
            shared = try base.importImage("demo:v1")
            copy = try base.importImage("copy:v1", message: "same files")
            let folder = base.folder.file("layout")
            try OCILayoutFixture.write(
                layers: [
                    try makeTar([.directory("etc/"), .file("etc/motd", "hello\n"), .symlink("etc/link", to: "motd")]),
                    try makeTar([.file("etc/motd", "changed\n", mode: 0o600), .file("bin/tool", "#!/bin/sh\n")]),
                ], tag: "stacked:v1", to: folder)
            try runTool("tar", ["-C", folder, "-cf", folder + ".tar", "."])
            stacked = try #require(try base.store.load(from: folder + ".tar").first?.id)
            child = try base.makeChild(of: stacked, step: "ENV A=1", name: "child:v1")
            _ = try base.store.containers.create(ContainerSpec(image: "demo:v1", command: ["sh"]))
        }

        func layers(of id: Digest) throws -> [LayerRecord] { try store.image(id.description).layers }

        func problems() -> [StoreProblem] {
            base.sink.records.compactMap { if case .storeProblem(let problem) = $0.event { problem } else { nil } }
        }
    }

    @Test func aSoundStoreIsCleanAndUnchanged() throws {
        let fixture = try Fixture()
        let before = fixture.base.snapshot
        let summary = try fixture.store.check(repair: false)
        #expect(summary.problems == 0)
        #expect(summary.images == 4)
        #expect(summary.layers == 3)
        #expect(summary.tags == 4)
        #expect(summary.containers == 1)
        #expect(summary.blobs == 3)
        #expect(summary.verifiedBytes > 0)
        #expect(fixture.base.snapshot == before)
        #expect(fixture.problems().isEmpty)
        let reported = fixture.base.sink.records.compactMap {
            if case .storeChecked(let summary) = $0.event { summary } else { nil }
        }
        #expect(reported == [summary])
    }

    @Test func aBlobWhoseBytesChangedBreaksItsLayerAndTheImagesOnIt() throws {
        let fixture = try Fixture()
        let layer = try #require(try fixture.layers(of: fixture.stacked).first)
        let blob = try #require(layer.blob)
        try overwrite(fixture.layout.blob(blob.digest), with: Array("not the layer".utf8))
        let kinds = try checkAndRepair(fixture)
        #expect(
            kinds == [
                .blobCorrupt, .layerBlobMissing, .layerMissingParent, .imageMissingLayer, .imageMissingLayer,
                .tagDangling, .tagDangling, .unreachableBlob,
            ])
    }

    @Test func aFileChangedInALayerIsFound() throws {
        let fixture = try Fixture()
        let layer = try #require(try fixture.layers(of: fixture.shared).first)
        let diff = fixture.layout.diff(layer.cacheID)
        let file = try #require(
            FileManager.default.enumerator(atPath: diff)?.allObjects.compactMap { $0 as? String }
                .sorted().first { name in
                    var isFolder: ObjCBool = false
                    return FileManager.default.fileExists(atPath: diff + "/" + name, isDirectory: &isFolder)
                        && !isFolder.boolValue
                })
        let handle = try #require(FileHandle(forWritingAtPath: diff + "/" + file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("!".utf8))
        try handle.close()
        // demo:v1 and copy:v1 share the layer, and the container stands on demo:v1.
        let kinds = try checkAndRepair(fixture)
        #expect(
            kinds == [
                .layerContentChanged, .imageMissingLayer, .imageMissingLayer, .tagDangling, .tagDangling,
                .containerDamaged, .unreachableBlob,
            ])
        let found = try #require(fixture.problems().first { $0.kind == .layerContentChanged })
        #expect(found.detail.contains("/\(file) has another size"))
    }

    @Test func aLayerWhoseFilesAreGoneIsFound() throws {
        let fixture = try Fixture()
        let top = try #require(try fixture.layers(of: fixture.stacked).last)
        try FileManager.default.removeItem(atPath: fixture.layout.diff(top.cacheID))
        let kinds = try checkAndRepair(fixture)
        // The layer below it then serves no image: it and both blobs are unreachable.
        #expect(
            kinds == [
                .layerDataMissing, .imageMissingLayer, .imageMissingLayer, .tagDangling, .tagDangling,
                .unreachableLayer, .unreachableBlob, .unreachableBlob,
            ])
    }

    @Test func aConfigWhoseBytesChangedIsFound() throws {
        let fixture = try Fixture()
        let path = fixture.layout.config(fixture.copy)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.append(UInt8(ascii: " "))
        try overwrite(path, with: bytes)
        // The layer stays: demo:v1 and the container still stand on it.
        let kinds = try checkAndRepair(fixture)
        #expect(kinds == [.imageDamaged, .tagDangling])
    }

    @Test func aTagOnAMissingImageAndAChildWithoutItsParentAreFound() throws {
        let fixture = try Fixture()
        let ghost = Digest.sha256(of: Array("ghost".utf8))
        try fixture.store.operation("test-tag", arguments: []) { (op) throws(StoreError) in
            var state = try fixture.store.readState()
            try fixture.store.addTag(try Self.reference("ghost:v1"), to: ghost, state: &state, op: op)
        }
        try FileManager.default.removeItem(atPath: fixture.layout.metadata(fixture.child) + "/parent")
        try Data("sha256:\(ghost.encoded)".utf8).write(
            to: URL(fileURLWithPath: fixture.layout.metadata(fixture.child) + "/parent"))
        let kinds = try checkAndRepair(fixture)
        #expect(kinds == [.imageMissingParent, .tagDangling])
        #expect(try fixture.store.image("child:v1").parent == nil)
    }

    @Test func aContainerWhoseImageIsGoneIsFound() throws {
        let fixture = try Fixture()
        // The image config goes, as a crash in the middle of a hand-made deletion would leave it.
        try FileManager.default.removeItem(atPath: fixture.layout.config(fixture.shared))
        let kinds = try checkAndRepair(fixture)
        #expect(kinds == [.tagDangling, .containerDamaged])
    }

    /// A record no command can read stops every other command with a pointer to fsck; fsck,
    /// which reads entry by entry, finds it and `--repair` removes it.
    @Test func aDamagedContainerRecordIsFoundThoughTheStoreCannotBeRead() throws {
        let fixture = try Fixture()
        let container = try #require(try fixture.store.containers.list().first)
        let path = fixture.layout.containerConfig(container.id)
        chmod(path, 0o600)
        try Data("{broken".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try fixture.store.images()
        } throws: { error in
            (error as? StoreError)?.code == .corrupt && "\(error)".contains("`layerlab fsck`")
        }
        let kinds = try checkAndRepair(fixture)
        #expect(kinds == [.containerDamaged])
        #expect(try fixture.store.images().count == 4)
    }

    @Test func whatInterruptedCommandsLeftIsReportedAsRecovered() throws {
        let fixture = try Fixture()
        let stray = Array("a blob no layer names".utf8)
        let digest = Digest.sha256(of: stray)
        try Data(stray).write(to: URL(fileURLWithPath: fixture.layout.blob(digest)))
        try FileManager.default.createDirectory(
            atPath: fixture.layout.temporary + "/layer-killed/diff", withIntermediateDirectories: true)
        let summary = try fixture.store.check(repair: false)
        #expect(summary.problems == 0)
        let recovered = fixture.base.sink.records.compactMap {
            if case .storeRecovered(let entry) = $0.event { entry } else { nil }
        }
        #expect(
            recovered == [
                RecoveredEntry(path: "tmp/layer-killed", reason: .staging),
                RecoveredEntry(path: "blobs/sha256/\(digest.encoded)", reason: .unreferencedBlob),
            ])
        #expect(!FileManager.default.fileExists(atPath: fixture.layout.blob(digest)))
    }

    @Test func aDamagedTagFileStopsTheCheckWithItsName() throws {
        let fixture = try Fixture()
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: fixture.layout.repositories))
        #expect {
            try fixture.store.check(repair: true)
        } throws: { error in
            (error as? StoreError)?.code == .corrupt && "\(error)".contains("repositories.json")
        }
    }

    /// Checks, repairs, and checks again: the problems found without `--repair` are the ones
    /// repaired, the second check is clean, and every image the damage did not reach is intact
    /// (same config, same layer files, still listed).
    private func checkAndRepair(_ fixture: Fixture) throws -> [StoreProblem.Kind] {
        let found = try fixture.store.check(repair: false)
        let reported = fixture.problems()
        #expect(found.problems == reported.count && found.problems > 0 && found.repaired == 0)
        let survivorsBefore = try survivors(fixture)

        let repaired = try fixture.store.check(repair: true)
        let fixed = Array(fixture.problems().dropFirst(reported.count))
        #expect(fixed.map(\.kind) == reported.map(\.kind))
        #expect(fixed.allSatisfy { $0.repaired })
        #expect(repaired.isClean && repaired.problems == found.problems)

        #expect(try fixture.store.check(repair: false).problems == 0)
        let survivorsAfter = try survivors(fixture)
        let damaged = Set(reported.map(\.subject))
        for (id, files) in survivorsBefore where !damaged.contains(id.description) && survivorsAfter[id] != nil {
            #expect(survivorsAfter[id] == files, "image \(id) changed though nothing of it was damaged")
        }
        let lost = survivorsBefore.keys.filter { survivorsAfter[$0] == nil && !damaged.contains($0.description) }
        #expect(lost.isEmpty, "images removed though not reported: \(lost)")
        return reported.map(\.kind)
    }

    /// Each image the store lists whose files are all there, with its config and its layers' files.
    private func survivors(_ fixture: Fixture) throws -> [Digest: FolderSnapshot] {
        var result: [Digest: FolderSnapshot] = [:]
        for image in (try? fixture.store.images()) ?? [] {
            let folder = TemporaryDirectory("survivor")
            do {
                try FileManager.default.copyItem(
                    atPath: fixture.layout.config(image.id), toPath: folder.file("config"))
                for (index, layer) in image.layers.enumerated() {
                    try FileManager.default.copyItem(
                        atPath: fixture.layout.diff(layer.cacheID), toPath: folder.file("layer\(index)"))
                }
            } catch {
                continue  // damaged by the test: not a survivor
            }
            result[image.id] = FolderSnapshot(folder.path)
        }
        return result
    }

    private static func reference(_ text: String) throws(StoreError) -> Reference {
        do { return try Reference.parseDocker(text) } catch { throw StoreError(.invalidReference, "\(error)") }
    }

    private func overwrite(_ path: String, with bytes: [UInt8]) throws {
        chmod(path, 0o600)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
