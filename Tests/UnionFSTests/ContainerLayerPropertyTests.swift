import Archive
import Foundation
import LayerlabTestSupport
import Runtime
import Testing
import UnionFS

/// Random changes in containers on random stacks: whatever a container does, its layer tar
/// applied on top of the image gives what the container saw, the image's folders stay as they
/// were, and the kernel merges the container's folders the same way.
@Suite struct ContainerLayerPropertyTests {
    let folders = LayerFolders("container-random")

    static let seeds: [UInt64] = Array(201...210)

    /// Applies `count` random changes, skipping those the container refuses (as a shell would
    /// print an error and go on).
    func applyRandomChanges(to container: ContainerLayer, seed: UInt64, count: Int) -> Int {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let names = ["a", "b", "c", "d"]
        var applied = 0
        for _ in 0..<count {
            let path = ArchivePath((0...next(3)).map { _ in names[next(names.count)] }.joined(separator: "/"))
            do {
                switch next(6) {
                case 0: try container.write(path, contents: Array("w\(next(100))".utf8), mode: 0o640)
                case 1: try container.append(path, contents: Array("+".utf8))
                case 2: try container.mkdir(path, mode: 0o750)
                case 3: try container.remove(path)
                case 4: try container.removeTree(path)
                default: try container.symlink(path, to: ArchivePath("../\(names[next(names.count)])"))
                }
                applied += 1
            } catch is UnionError {
                continue
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        return applied
    }

    func randomContainer(seed: UInt64) throws -> (lower: [String], container: ContainerLayer) {
        var generator = StackGenerator(seed: seed)
        let lower = try folders.make(generator.stack(layers: 3))
        let container = ContainerLayer(
            lower: UnionView(layers: lower), upper: try folders.emptyFolder("upper"),
            modificationTime: TarTime(seconds: 1_700_000_000))
        return (lower, container)
    }

    @Test(arguments: seeds)
    func randomChangesRoundTripThroughTheLayerTar(seed: UInt64) throws {
        let (lower, container) = try randomContainer(seed: seed)
        let before = lower.map { FolderSnapshot($0, ignoring: []) }
        let applied = applyRandomChanges(to: container, seed: seed, count: 40)
        #expect(applied > 5)
        #expect(lower.map { FolderSnapshot($0, ignoring: []) } == before)

        var writer = TarWriter(BufferSink())
        try container.writeLayerTar(to: &writer)
        let committed = try folders.emptyFolder("committed")
        var reader = TarReader(BufferSource(writer.sink.bytes))
        _ = try LayerExtractor(root: committed).apply(&reader)
        let mismatches = differences(
            try records(of: container.merged), try records(of: UnionView(layers: lower + [committed])))
        #expect(mismatches.isEmpty, "seed \(seed):\n\(mismatches.joined(separator: "\n"))")
    }

    @Test(
        .enabled(if: TestEnvironment.isRoot, "needs root: kernel overlayfs"),
        .enabled(if: TestEnvironment.hasOverlayFS, "needs overlay in /proc/filesystems"),
        arguments: seeds)
    func aContainersMergedViewEqualsTheKernelsMountOfItsFolders(seed: UInt64) async throws {
        let (lower, container) = try randomContainer(seed: seed)
        _ = applyRandomChanges(to: container, seed: seed, count: 40)
        let all = lower + [container.upper]
        let lowers = try all.enumerated().map { index, folder in
            let copy = folders.temp.file("overlay\(index)")
            try OverlayWhiteouts.makeKernelLowerDir(from: folder, at: copy)
            return copy
        }
        let target = try folders.emptyFolder("merged")
        try await runTool(
            "mount", ["-t", "overlay", "overlay", "-o", "lowerdir=" + lowers.reversed().joined(separator: ":"), target])
        defer { _ = try? runTool("umount", [target]) }
        let mismatches = differences(try listTreeWithFind(target), try records(of: container.merged))
        #expect(mismatches.isEmpty, "seed \(seed):\n\(mismatches.joined(separator: "\n"))")
    }
}
