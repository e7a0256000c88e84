import Archive
import Foundation
import LayerlabTestSupport
import Runtime
import Testing
import UnionFS

/// DESIGN: "the built-in merge and a kernel overlay mount of the same layers must give the same
/// tree". Random but seeded stacks are merged by ``UnionView`` and by the kernel, and the trees
/// are compared on path, type, mode, owner, size, content and link target.
@Suite struct KernelOverlayDifferentialTests {
    let folders = LayerFolders("kernel-overlay")

    static let seeds: [UInt64] = Array(1...12)

    @Test(
        .enabled(if: TestEnvironment.isRoot, "needs root: kernel overlayfs"),
        .enabled(if: TestEnvironment.hasOverlayFS, "needs overlay in /proc/filesystems"),
        arguments: seeds)
    func unionViewEqualsAKernelOverlayMount(seed: UInt64) async throws {
        var generator = StackGenerator(seed: seed)
        let layers = generator.stack(layers: 3 + Int(seed % 3))
        let diffs = try folders.make(layers)
        let before = diffs.map { FolderSnapshot($0, ignoring: []) }

        let lowers = try diffs.enumerated().map { index, diff in
            let copy = folders.temp.file("overlay\(index)")
            try OverlayWhiteouts.makeKernelLowerDir(from: diff, at: copy)
            return copy
        }
        let target = try folders.emptyFolder("merged")
        // lowerdir lists the top layer first.
        try await runTool(
            "mount", ["-t", "overlay", "overlay", "-o", "lowerdir=" + lowers.reversed().joined(separator: ":"), target])
        defer { _ = try? runTool("umount", [target]) }
        let kernel = try listTreeWithFind(target)

        let builtIn = try records(of: UnionView(layers: diffs))
        let mismatches = differences(kernel, builtIn)
        #expect(mismatches.isEmpty, "kernel vs UnionView, seed \(seed):\n\(mismatches.joined(separator: "\n"))")
        #expect(!builtIn.isEmpty)
        // The layers' own folders were only read.
        #expect(diffs.map { FolderSnapshot($0, ignoring: []) } == before)
    }
}
