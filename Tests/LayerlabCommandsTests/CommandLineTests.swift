import Foundation
import LayerlabTestSupport
import Testing

/// The built `layerlab` executable, run as a user runs it.
@Suite struct CommandLineTests {
    let folder = TemporaryDirectory("cli-tests")

    static var executable: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/layerlab").path
    }

    func layerlab(_ arguments: [String], withStore: Bool = true) throws -> ProcessResult {
        try runTool(
            Self.executable, arguments + (withStore ? ["--root", folder.file("store")] : []), expectSuccess: false)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func anEngineErrorIsOneLineAndExitsNonZero() throws {
        let result = try layerlab(["rmi", "ghost"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: No such image: ghost:latest\n")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func importImagesAndTraceWorkTogether() throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        let trace = folder.file("trace.jsonl")
        let imported = try layerlab(["import", tarball, "demo:v1", "--trace", trace])
        #expect(imported.status == 0)
        #expect(imported.stdoutText.hasPrefix("sha256:"))
        let listing = try layerlab(["images"])
        let lines = listing.stdoutText.split(separator: "\n")
        #expect(lines.first?.hasPrefix("REPOSITORY   TAG       IMAGE ID       CREATED") == true)
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("demo         v1        "))
        let shown = try layerlab(["trace", "show", trace], withStore: false)
        #expect(shown.stdoutText.contains("tag demo:v1 →"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func aBadFlagPrintsUsageNotAStackTrace() throws {
        let result = try layerlab(["images", "--format", "yaml"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unsupported --format"))
        #expect(!result.stderr.contains("Fatal error"))
    }
}
