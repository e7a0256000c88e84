import Foundation
import LayerlabTestSupport
import OCI
import Testing

@testable import Store

/// R-S5: what an interrupted command leaves is cleaned by the next one, never shown as an image.
@Suite struct RecoveryTests {
    @Test func leftoversOfAnInterruptedCommandAreCleanedOnOpen() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        let layout = fixture.store.layout
        let manager = FileManager.default
        // A staging folder, a half-deleted layer, an orphan overlay folder and metadata without a config.
        try manager.createDirectory(atPath: layout.temporary + "/layer-abc/diff", withIntermediateDirectories: true)
        try manager.createDirectory(
            atPath: layout.layerDB + "/\(String(repeating: "1", count: 64))-removing", withIntermediateDirectories: true
        )
        try manager.createDirectory(
            atPath: layout.overlay + "/\(String(repeating: "2", count: 64))/diff", withIntermediateDirectories: true)
        try manager.createDirectory(
            atPath: layout.imageMetadata + "/\(String(repeating: "3", count: 64))", withIntermediateDirectories: true)

        let reopened = try ImageStore(root: layout.root)
        #expect(FileSystemProbe.names(layout.temporary).isEmpty)
        #expect(FileSystemProbe.names(layout.layerDB).count == 1)
        #expect(FileSystemProbe.names(layout.overlay).count == 1)
        #expect(FileSystemProbe.names(layout.imageMetadata).isEmpty)
        #expect(try reopened.image("demo:v1").id == id)
    }

    /// A pull downloading, or a container running on the kernel's overlayfs, in one process while
    /// another opens the store: the leased folder stays; a lease nobody holds is a leftover.
    @Test func aLeasedFolderSurvivesAnotherStoreOpeningAndAStaleOneDoesNot() throws {
        let fixture = try StoreFixture()
        let layout = fixture.store.layout
        let downloading = try fixture.store.distribution.leaseTransferFolder()
        try Data("half a layer".utf8).write(to: URL(fileURLWithPath: downloading.path + "/blob"))
        // What a killed command leaves: its lease file, no longer held, and its folder.
        try FileManager.default.createDirectory(
            atPath: layout.temporary + "/pull-dead", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: layout.temporary + "/pull-dead.lease", contents: nil))

        _ = try ImageStore(root: layout.root)
        let name = (downloading.path as NSString).lastPathComponent
        #expect(FileSystemProbe.names(layout.temporary) == [name, name + ".lease"].sorted())
        #expect(try String(contentsOfFile: downloading.path + "/blob", encoding: .utf8) == "half a layer")

        downloading.release()
        downloading.release()
        #expect(FileSystemProbe.names(layout.temporary).isEmpty)
    }

    @Test func aLayerNoImageUsesIsRemovedOnOpen() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        // An import killed after its layer was registered but before its image was written.
        try FileManager.default.removeItem(atPath: fixture.store.layout.config(id))
        try FileManager.default.removeItem(atPath: fixture.store.layout.repositories)
        let reopened = try ImageStore(root: fixture.store.layout.root)
        #expect(try reopened.layers().isEmpty)
        #expect(FileSystemProbe.names(fixture.store.layout.overlay).isEmpty)
        #expect(FileSystemProbe.names(fixture.store.layout.blobs).isEmpty)
    }
}

enum FileSystemProbe {
    static func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}
