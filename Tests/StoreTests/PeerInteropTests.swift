import Foundation
import LayerlabTestSupport
import OCI
import Testing

@testable import Store

/// What layerlab writes, skopeo and umoci read; what skopeo writes, layerlab reads (DESIGN: behaviour contracts).
@Suite struct PeerInteropTests {
    @Test(.enabled(if: TestEnvironment.has("skopeo"), "needs skopeo (apt-get install skopeo)"))
    func skopeoInspectsAnOCILayoutLayerlabSaved() async throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let layout = fixture.folder.file("layout")
        try fixture.store.save(["demo:v1"], to: layout, format: .oci, asFolder: true)
        let output = try await runTool("skopeo", ["inspect", "oci:\(layout):v1"])
        let inspected = try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any]
        let image = try fixture.store.image("demo:v1")
        #expect(inspected?["Layers"] as? [String] == image.layers.compactMap { $0.blob?.digest.description })
        #expect(inspected?["Os"] as? String == "linux")
    }

    @Test(.enabled(if: TestEnvironment.has("skopeo"), "needs skopeo (apt-get install skopeo)"))
    func skopeoReadsTheDockerArchiveLayerlabSaved() async throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let archive = fixture.folder.file("demo.tar")
        try fixture.store.save(["demo:v1"], to: archive)
        let output = try await runTool("skopeo", ["inspect", "--config", "docker-archive:\(archive)"])
        let config = try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any]
        let rootfs = config?["rootfs"] as? [String: Any]
        #expect(
            rootfs?["diff_ids"] as? [String]
                == (try fixture.store.image("demo:v1")).config.rootfs.diffIDs.map(\.description))
    }

    @Test(.enabled(if: TestEnvironment.has("umoci"), "needs umoci (apt-get install umoci)"))
    func umociUnpacksAnImageLayerlabSaved() async throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let layout = fixture.folder.file("layout")
        try fixture.store.save(["demo:v1"], to: layout, format: .oci, asFolder: true)
        let bundle = fixture.folder.file("bundle")
        try await runTool("umoci", ["unpack", "--rootless", "--image", "\(layout):v1", bundle])
        #expect(FileManager.default.contents(atPath: bundle + "/rootfs/etc/os-release") == Data("NAME=\"base\"\n".utf8))
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: bundle + "/rootfs/README")
                == "usr/share/doc/README")
    }

    @Test(.enabled(if: TestEnvironment.has("skopeo"), "needs skopeo (apt-get install skopeo)"))
    func anOCILayoutSkopeoWroteLoadsIntoLayerlab() async throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        let archive = fixture.folder.file("demo.tar")
        try fixture.store.save(["demo:v1"], to: archive)
        // skopeo re-encodes the image into an OCI layout of its own making, named with a full reference.
        let layout = fixture.folder.file("skopeo-layout")
        try await runTool("skopeo", ["copy", "docker-archive:\(archive)", "oci:\(layout):localhost/copied:v9"])
        let target = try StoreFixture()
        let loaded = try target.store.load(from: layout)
        #expect(loaded.count == 1)
        #expect(loaded[0].references.map(\.familiarString) == ["localhost/copied:v9"])
        let image = try target.store.image("localhost/copied:v9")
        #expect(image.config.rootfs.diffIDs == (try fixture.store.image(id.description)).config.rootfs.diffIDs)
    }

    @Test(.enabled(if: TestEnvironment.has("skopeo"), "needs skopeo (apt-get install skopeo)"))
    func aLegacyDockerArchiveSkopeoWroteLoadsIntoLayerlab() async throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        let layout = fixture.folder.file("layout")
        try fixture.store.save(["demo:v1"], to: layout, format: .oci, asFolder: true)
        let legacy = fixture.folder.file("legacy.tar")
        try await runTool("skopeo", ["copy", "oci:\(layout):v1", "docker-archive:\(legacy):legacy/demo:v2"])
        let target = try StoreFixture()
        let loaded = try target.store.load(from: legacy)
        #expect(loaded == [LoadedImage(id: id, references: [try Reference.parseDocker("legacy/demo:v2")])])
    }
}
