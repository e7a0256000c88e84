import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Testing

@testable import Store

/// Whatever the store accepted, it can remove (issue 12): a layer with paths past PATH_MAX and
/// folders whose modes forbid listing or changing them goes with `rmi` like any other.
@Suite struct RemovingDeepTreesTests {
    /// 300 folders of 15 bytes: a full path of 4,500 bytes, past Linux's PATH_MAX of 4,096.
    static let deepPath = Array(repeating: "folder-0123456", count: 300).joined(separator: "/")

    @Test func anImageWithPathsPastPathMaxAndLockedFoldersIsRemoved() throws {
        let fixture = try StoreFixture()
        var entries: [TarFixtureEntry] = []
        var walked = ""
        for component in Self.deepPath.split(separator: "/") {
            walked += (walked.isEmpty ? "" : "/") + component
            entries.append(.directory(walked))
        }
        entries.append(.file(walked + "/bottom.txt", "deep\n"))
        entries += [
            .directory("locked", mode: 0o755), .file("locked/inside", "x\n"), .directory("locked/sealed", mode: 0o755),
            .file("locked/sealed/secret", "y\n"),
        ]
        // The modes come last, as a layer's tar may set them: a read-only folder, and one nobody may enter.
        entries += [.directory("locked/sealed", mode: 0o000), .directory("locked", mode: 0o555)]
        let tarball = fixture.folder.file("deep.tar")
        try Data(try makeTar(entries)).write(to: URL(fileURLWithPath: tarball))

        let id = try fixture.store.importImage(from: .file(tarball), repository: "deep:1")
        let layer = try #require(try fixture.store.image(id.description).layers.first)
        let data = fixture.store.layout.diffFolder(of: layer)
        #expect(FileManager.default.fileExists(atPath: data + "/locked/inside"))

        let removed = try fixture.store.remove("deep:1")
        #expect(removed.count == 3, "untagged, the image deleted, its layer deleted: \(removed)")
        #expect(!FileManager.default.fileExists(atPath: data), "the layer's data is gone")
        #expect(try fixture.store.images().isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.store.layout.root + "/overlay2")
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func removingAPathThatIsALinkRemovesTheLinkNotItsTarget() throws {
        let folder = TemporaryDirectory("remove")
        let target = folder.file("kept")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try "keep\n".write(toFile: target + "/file", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.file("link"), withDestinationPath: target)
        try FileSystem.remove(folder.file("link"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("link")))
        #expect(try String(contentsOfFile: target + "/file", encoding: .utf8) == "keep\n")
        try FileSystem.remove(folder.file("missing"))  // a missing path is no error
    }
}
