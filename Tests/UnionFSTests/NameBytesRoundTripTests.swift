import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import Trace
import UnionFS

/// R-X7: a name is its bytes. Names in NFC and NFD (two spellings of "café" that a Unicode-aware
/// program would take for one) and a name that is not UTF-8 at all go through import, a
/// container's export, its diff and commit, and save and load, and come out byte for byte.
/// R-X8: links that point out of the root are carried as links, never read through.
@Suite struct NameBytesRoundTripTests {
    let folder = TemporaryDirectory("name-bytes")

    static let nfc = ArchivePath(bytes: Array("n/caf".utf8) + [0xC3, 0xA9])
    static let nfd = ArchivePath(bytes: Array("n/cafe".utf8) + [0xCC, 0x81])
    static let latin1 = ArchivePath(bytes: Array("n/bad".utf8) + [0xFF, 0xFE])
    static let linkTarget = ArchivePath(bytes: Array("bad".utf8) + [0xFF, 0xFE])

    static let entries: [TarFixtureEntry] = [
        .directory("n"),
        TarFixtureEntry(TarEntry(path: nfc, kind: .regular, mode: 0o644, size: 3), content: Array("nfc".utf8)),
        TarFixtureEntry(TarEntry(path: nfd, kind: .regular, mode: 0o644, size: 3), content: Array("nfd".utf8)),
        TarFixtureEntry(TarEntry(path: latin1, kind: .regular, mode: 0o644, size: 6), content: Array("latin1".utf8)),
        TarFixtureEntry(TarEntry(path: "n/link", kind: .symlink, mode: 0o777, linkTarget: linkTarget)),
        .symlink("n/passwd", to: "/etc/passwd"),
        .symlink("n/up", to: "../../../../../etc/hostname"),
    ]

    func entries(of tar: [UInt8]) throws -> [TarEntry] {
        var reader = TarReader(BufferSource(tar))
        var result: [TarEntry] = []
        while let entry = try reader.next() {
            result.append(entry)
        }
        return result
    }

    func export(_ container: String, from store: ImageStore) throws -> [UInt8] {
        var writer = TarWriter(BufferSink())
        try store.containers.export(container, to: &writer)
        return writer.sink.bytes
    }

    @Test func namesKeepTheirBytesThroughImportExportDiffCommitSaveAndLoad() throws {
        let tar = try makeTar(Self.entries)
        let tarball = folder.file("names.tar")
        try Data(tar).write(to: URL(fileURLWithPath: tarball))
        let store = try ImageStore(root: folder.file("store"))
        let imageID = try store.importImage(from: .file(tarball), repository: "names:1")
        #expect(try store.image("names:1").layers.map(\.diffID) == [Digest.sha256(of: tar)])

        try store.containers.create(ContainerSpec(image: "names:1", name: "box", command: ["sh"]))
        let exported = try entries(of: export("box", from: store))
        let names = Set(exported.map(\.path))
        #expect(names.isSuperset(of: [Self.nfc, Self.nfd, Self.latin1]), "\(names.map(\.bytes))")
        #expect(!exported.contains { $0.path.description.contains("\u{FFFD}") && $0.path != Self.latin1 })
        let links = Dictionary(
            uniqueKeysWithValues: exported.filter { $0.kind == .symlink }.map { ($0.path, $0.linkTarget) })
        #expect(links[ArchivePath("n/link")] == Self.linkTarget)
        #expect(links[ArchivePath("n/passwd")] == ArchivePath("/etc/passwd"), "exported as a link, not the host's file")
        #expect(links[ArchivePath("n/up")] == ArchivePath("../../../../../etc/hostname"))

        let added = ArchivePath(bytes: Array("n/new".utf8) + [0x80])
        try store.containers.withFilesystem("box") { filesystem in
            let layer = filesystem.layer()
            try layer.remove(Self.latin1)
            try layer.write(Self.nfd, contents: Array("changed".utf8))
            try layer.write(added, contents: [])
        }
        let changes = try store.containers.changes(of: "box")
        #expect(changes.contains(Change(.deleted, Self.latin1)))
        #expect(changes.contains(Change(.changed, Self.nfd)))
        #expect(changes.contains(Change(.added, added)))
        #expect(!changes.contains { $0.path == Self.nfc }, "the NFC name is another file and was not touched")

        let committed = try store.containers.commit("box")
        let top = try #require(try store.image(committed.description).layers.last)
        let blob = try #require(top.blob)
        // The blob's place in the store's layout, which DESIGN.md fixes.
        let blobPath = store.layout.root + "/blobs/sha256/" + blob.digest.encoded
        var compressed = try GzipDecompressingSource(try FileSource(path: blobPath))
        let layerTar = try compressed.readAll(limit: 1 << 20)
        #expect(Digest.sha256(of: layerTar) == top.diffID)
        let layerNames = Set(try entries(of: layerTar).map(\.path))
        #expect(layerNames.contains(ArchivePath(bytes: Array("n/.wh.bad".utf8) + [0xFF, 0xFE])))
        #expect(layerNames.isSuperset(of: [Self.nfd, added]))
        #expect(try store.check(repair: false).problems == 0, "fsck re-extracts every layer and compares the trees")

        let archive = folder.file("saved.tar")
        try store.save(["names:1", committed.description], to: archive)
        let other = try ImageStore(root: folder.file("other"))
        let loaded = try other.load(from: archive).map(\.id)
        #expect(Set(loaded) == [imageID, committed], "the same image IDs, so the same diff IDs")
        try other.containers.create(ContainerSpec(image: committed.description, name: "again", command: ["sh"]))
        let again = Set(try entries(of: export("again", from: other)).map(\.path))
        #expect(again.isSuperset(of: [Self.nfc, Self.nfd, added]))
        #expect(!again.contains(Self.latin1))
    }
}
