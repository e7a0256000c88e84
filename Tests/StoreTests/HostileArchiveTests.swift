import Foundation
import LayerlabTestSupport
import OCI
import Testing

@testable import Store

/// Image archives given to `load` are read with the archive as `/` (R-X8): a link in it is
/// followed only inside it, only regular files are read, and a refused archive leaves the store
/// as it was, whichever of its images or layers was refused.
@Suite struct HostileArchiveTests {
    let fixture: StoreFixture
    /// A layer tar and the diff ID a config names it by.
    let layer: [UInt8]
    let otherLayer: [UInt8]

    init() throws {
        fixture = try StoreFixture()
        layer = try makeTar([.directory("etc/"), .file("etc/motd", "hello\n")])
        otherLayer = try makeTar([.file("other", "another layer\n")])
    }

    /// A Docker archive folder (`manifest.json` with one entry per image) whose images name the
    /// given layer paths; the layer files themselves are the caller's to place.
    private func dockerArchive(_ name: String, images: [(tag: String, layers: [String], diffIDs: [[UInt8]])]) throws
        -> String
    {
        let folder = fixture.folder.file(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var entries: [[String: Any]] = []
        for (index, image) in images.enumerated() {
            let config = ImageConfig(
                created: nil, platform: Platform(architecture: "amd64", os: "linux"),
                diffIDs: image.diffIDs.map { Digest.sha256(of: $0) }, history: [])
            let configName = "config\(index).json"
            try JSONEncoder().encode(config).write(to: URL(fileURLWithPath: folder + "/" + configName))
            entries.append(["Config": configName, "RepoTags": [image.tag], "Layers": image.layers])
        }
        try JSONSerialization.data(withJSONObject: entries).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
        return folder
    }

    private func place(_ bytes: [UInt8], at path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Loads `path` expecting a refusal whose message contains `expected`, and no change to the store.
    private func expectRefused(_ path: String, _ expected: String) {
        let before = fixture.snapshot
        do {
            let loaded = try fixture.store.load(from: path)
            Issue.record("refused nothing: loaded \(loaded)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
        #expect(fixture.snapshot == before)
    }

    @Test func aLayerSharedThroughALinkInsideTheArchiveLoads() throws {
        // `docker save` writes a layer two images share once, and a link for the second.
        let archive = try dockerArchive(
            "shared", images: [("one:v1", ["a/layer.tar"], [layer]), ("two:v1", ["b/layer.tar"], [layer])])
        try place(layer, at: archive + "/a/layer.tar")
        try FileManager.default.createDirectory(atPath: archive + "/b", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: archive + "/b/layer.tar", withDestinationPath: "../a/layer.tar")
        let loaded = try fixture.store.load(from: archive)
        #expect(
            loaded.map(\.references) == [[try Reference.parseDocker("one:v1")], [try Reference.parseDocker("two:v1")]])
    }

    /// The layer outside the archive is exactly what the config asks for: followed, the link
    /// would load it.
    @Test func aLinkToAFileOutsideTheArchiveIsNotFollowed() throws {
        let outside = fixture.folder.file("outside/layer.tar")
        try place(layer, at: outside)
        let archive = try dockerArchive("absolute", images: [("one:v1", ["a/layer.tar"], [layer])])
        try FileManager.default.createDirectory(atPath: archive + "/a", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: archive + "/a/layer.tar", withDestinationPath: outside)
        expectRefused(archive, "a/layer.tar is missing")
    }

    @Test func aPathThroughALinkedFolderStaysInsideTheArchive() throws {
        try place(layer, at: fixture.folder.file("outside/layer.tar"))
        let archive = try dockerArchive("folder-link", images: [("one:v1", ["up/layer.tar"], [layer])])
        try FileManager.default.createSymbolicLink(
            atPath: archive + "/up",
            withDestinationPath: "../../" + (fixture.folder.path as NSString).lastPathComponent
                + "/outside")
        expectRefused(archive, "up/layer.tar is missing")
    }

    /// A FIFO would make `load` wait forever for bytes no one writes.
    @Test func aFifoIsNeverOpened() async throws {
        let archive = try dockerArchive("fifo", images: [("one:v1", ["a/layer.tar"], [layer])])
        try FileManager.default.createDirectory(atPath: archive + "/a", withIntermediateDirectories: true)
        #expect(mkfifo(archive + "/a/layer.tar", 0o600) == 0)
        expectRefused(archive, "a/layer.tar in \(archive) is not a regular file")
        // Packed in a tar, the FIFO is refused as the archive is unpacked.
        try await runTool("tar", ["-C", archive, "-cf", archive + ".tar", "."])
        expectRefused(
            archive + ".tar", "is a fifo entry: an image archive holds only files, folders and symbolic links")
    }

    @Test func anIndexThatIsALinkOutOfTheArchiveIsNotFollowed() throws {
        let folder = fixture.folder.file("index-link")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try fixture.folder.write("outside/index.json", #"{"schemaVersion":2,"manifests":[]}"#)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/index.json", withDestinationPath: fixture.folder.file("outside/index.json"))
        expectRefused(folder, "index.json is missing")
    }

    /// R-D4: a config must name one diff ID per layer.
    @Test func aConfigWithMoreDiffIDsThanLayersIsRefused() throws {
        let archive = try dockerArchive("count", images: [("one:v1", ["a/layer.tar"], [layer, otherLayer])])
        try place(layer, at: archive + "/a/layer.tar")
        expectRefused(archive, "the config lists 2 diff IDs but the image has 1 layers")
    }

    /// The first image is whole; the second's layer does not match its diff ID. Nothing of either stays.
    @Test func aRefusedSecondImageTakesTheFirstWithIt() throws {
        let archive = try dockerArchive(
            "second-bad",
            images: [
                ("one:v1", ["a/layer.tar"], [layer]), ("two:v1", ["a/layer.tar", "b/layer.tar"], [layer, layer]),
            ])
        try place(layer, at: archive + "/a/layer.tar")
        try place(otherLayer, at: archive + "/b/layer.tar")
        expectRefused(archive, "layer 2")
    }

    /// The image's first layer is new to the store and registered before the second is refused.
    @Test func aRefusedSecondLayerTakesTheFirstWithIt() throws {
        let archive = try dockerArchive(
            "layer-bad", images: [("one:v1", ["a/layer.tar", "b/layer.tar"], [layer, layer])])
        try place(layer, at: archive + "/a/layer.tar")
        try place(otherLayer, at: archive + "/b/layer.tar")
        try fixture.importImage("kept:v1")
        expectRefused(archive, "layer 2")
        #expect(try fixture.store.images().flatMap(\.references).map(\.familiarString) == ["kept:v1"])
    }

    /// R-D5: Foundation's decoder keeps the first of two equal keys and `JSONSerialization` the
    /// last; a document that means two things is not read at all.
    @Test func aDocumentWithARepeatedKeyIsRefused() throws {
        let folder = fixture.folder.file("duplicate")
        try OCILayoutFixture.write(layers: [layer], tag: "one:v1", to: folder)
        let index = try String(contentsOfFile: folder + "/index.json", encoding: .utf8)
        try (index.dropLast() + #","manifests":[]}"#).write(
            toFile: folder + "/index.json", atomically: true, encoding: .utf8)
        expectRefused(folder, "the key \"manifests\" appears twice in one object")
    }
}
