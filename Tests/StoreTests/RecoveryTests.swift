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
        // Only the real image's metadata (its tag time) is left.
        #expect(FileSystemProbe.names(layout.imageMetadata) == [id.encoded])
        #expect(try reopened.image("demo:v1").id == id)
    }

    /// A pull downloading, or a container running on the kernel's overlayfs, in one process while
    /// another opens the store: the leased folder stays; a lease nobody holds is a leftover.
    /// A run killed with its overlay still mounted in `tmp/`: the next command unmounts it and
    /// removes the folder, however many mounts the machine has. With 64 more mounts the kernel's
    /// mountinfo outgrows the 4 KiB Foundation's `String(contentsOfFile:)` read of it, and the
    /// leftover was never found: every later command failed with "Device or resource busy".
    @Test(.enabled(if: TestEnvironment.canMountOverlay, "needs root and overlayfs to mount"))
    func aMountLeftInStagingIsUnmountedAmongManyMounts() throws {
        let fixture = try StoreFixture()
        let layout = fixture.store.layout
        let spare = fixture.folder.file("spare")
        var mounted: [String] = []
        defer { for point in mounted.reversed() { umount2(point, Int32(MNT_DETACH)) } }
        for index in 0..<64 {
            let point = spare + "/\(index)"
            try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
            guard mount("tmpfs", point, "tmpfs", 0, "size=64k") == 0 else { throw PeerToolError(description: "mount") }
            mounted.append(point)
        }
        let staging = layout.temporary + "/run-killed"
        for folder in ["lower", "upper", "work", "merged"] {
            try FileManager.default.createDirectory(atPath: staging + "/" + folder, withIntermediateDirectories: true)
        }
        let options = "lowerdir=\(staging)/lower,upperdir=\(staging)/upper,workdir=\(staging)/work"
        guard mount("overlay", staging + "/merged", "overlay", 0, options) == 0 else {
            throw PeerToolError(description: "overlay mount failed: \(String(cString: strerror(errno)))")
        }
        mounted.append(staging + "/merged")
        #expect(try FileSystem.read("/proc/self/mountinfo", limit: 64 << 20).count > 4096, "past 4 KiB")

        _ = try ImageStore(root: layout.root)
        #expect(!FileManager.default.fileExists(atPath: staging))
        let mounts = String(decoding: try FileSystem.read("/proc/self/mountinfo", limit: 64 << 20), as: UTF8.self)
        #expect(!mounts.contains(staging))
    }

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
