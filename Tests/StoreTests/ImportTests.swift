import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

@Suite struct ImportTests {
    @Test func importedTarballBecomesOneLayerImageWhoseDiffIDIsTheTarsDigest() throws {
        let fixture = try StoreFixture()
        let tarball = try RootFSFixture.makeTarball(at: fixture.folder.file("rootfs.tar"))
        let id = try fixture.store.importImage(from: .file(tarball), repository: "demo:v1")
        let image = try fixture.store.image("demo:v1")
        #expect(image.id == id)
        let tarDigest = Digest.sha256(of: try #require(FileManager.default.contents(atPath: tarball)))
        #expect(image.config.rootfs.diffIDs == [tarDigest])
        #expect(image.layers.map(\.chainID) == [tarDigest])
        #expect(image.config.history?.first?.comment == "Imported from -")
        // The diff folder holds the files of the layer.
        let diff = fixture.store.layout.diffFolder(of: image.layers[0])
        #expect(FileManager.default.contents(atPath: diff + "/etc/os-release") == Data("NAME=\"base\"\n".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: diff + "/README") == "usr/share/doc/README")
    }

    @Test func gzipTarballHasTheDiffIDOfItsUncompressedTar() throws {
        let fixture = try StoreFixture()
        let plain = try fixture.importImage("plain:v1")
        let zipped = try fixture.importImage("zipped:v1", gzip: true)
        #expect(
            try fixture.store.image("plain:v1").config.rootfs.diffIDs
                == fixture.store.image("zipped:v1").config.rootfs.diffIDs)
        #expect(plain != zipped)
    }

    @Test func importingTheSameFilesTwiceSharesTheLayer() throws {
        let fixture = try StoreFixture()
        let first = try fixture.importImage("one:v1")
        let second = try fixture.importImage("two:v1", message: "again")
        #expect(first != second)
        let layers = try fixture.store.layers()
        #expect(layers.count == 1)
        #expect(layers[0].usedBy == [first, second].sorted())
        let reused = fixture.sink.events.compactMap { event -> [Digest]? in
            if case .layerReused(_, let sharedWith) = event { return sharedWith }
            return nil
        }
        #expect(reused == [[first]])
    }

    @Test func importedImageIsTracedInOrder() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let names = fixture.sink.events.map(\.name)
        #expect(
            names == [
                "operationStarted", "blobStored", "layerRegistered", "imageCreated", "tagAdded", "operationFinished",
            ])
    }

    @Test func corruptTarballIsRefusedAndLeavesTheStoreAsItWas() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let before = fixture.snapshot
        let tarball = try RootFSFixture.makeTarball(at: fixture.folder.file("broken.tar"))
        var bytes = try #require(FileManager.default.contents(atPath: tarball))
        bytes[148] = UInt8(ascii: "9")  // the first header's checksum field
        try bytes.write(to: URL(fileURLWithPath: tarball))
        #expect(throws: StoreError.self) {
            try fixture.store.importImage(from: .file(tarball), repository: "broken:v1")
        }
        #expect(fixture.snapshot == before)
    }

    @Test func truncatedGzipIsRefusedAndLeavesTheStoreAsItWas() throws {
        let fixture = try StoreFixture()
        let before = fixture.snapshot
        let tarball = try RootFSFixture.makeTarball(at: fixture.folder.file("cut.tar.gz"), gzip: true)
        let bytes = try #require(FileManager.default.contents(atPath: tarball))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: tarball))
        #expect(throws: StoreError.self) { try fixture.store.importImage(from: .file(tarball)) }
        #expect(fixture.snapshot == before)
    }

    @Test func importOfAFolderArchivesItWithRootOwnership() throws {
        let fixture = try StoreFixture()
        let tree = fixture.folder.file("tree")
        try RootFSFixture.makeTree(at: tree, seed: "folder")
        try fixture.store.importImage(from: .folder(tree), repository: "folder:v1")
        let image = try fixture.store.image("folder:v1")
        let diff = fixture.store.layout.diffFolder(of: image.layers[0])
        #expect(FileManager.default.contents(atPath: diff + "/etc/os-release") == Data("NAME=\"folder\"\n".utf8))
        #expect(image.size > 0)
    }

    @Test func invalidRepositoryNameIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try StoreFixture()
        let before = fixture.snapshot
        let tarball = try RootFSFixture.makeTarball(at: fixture.folder.file("rootfs.tar"))
        do {
            try fixture.store.importImage(from: .file(tarball), repository: "Demo:v1")
            Issue.record("an uppercase repository was accepted")
        } catch {
            #expect(error.code == .invalidReference)
            #expect(error.message == "invalid reference format: repository name (library/Demo) must be lowercase")
        }
        #expect(fixture.snapshot == before)
    }
}
