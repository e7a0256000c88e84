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

    func layerlab(_ arguments: [String], withStore: Bool = true, environment: [String: String] = [:]) async throws
        -> ProcessResult
    {
        try await runTool(
            Self.executable, arguments + (withStore ? ["--root", folder.file("store")] : []), environment: environment,
            expectSuccess: false)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func anEngineErrorIsOneLineAndExitsNonZero() async throws {
        let result = try await layerlab(["rmi", "ghost"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: No such image: ghost\n")
    }

    /// `image ls`, `container rm` and the rest: Docker's management names for the classic commands,
    /// the same output, their aliases too.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func managementNamesRunTheClassicCommands() async throws {
        // A fixed clock, so that CREATED reads the same however long the machine takes between commands.
        let fixed = ["SOURCE_DATE_EPOCH": "1700000000"]
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["image", "import", tarball, "demo:v1"], environment: fixed).status == 0)
        let images = try await layerlab(["images"], environment: fixed).stdoutText
        #expect(images.contains("demo"))
        #expect(try await layerlab(["image", "ls"], environment: fixed).stdoutText == images)
        #expect(try await layerlab(["image", "list"], environment: fixed).stdoutText == images)
        // `--root` before the image: after it, every word is the container's command.
        let create = ["container", "create", "--root", folder.file("store"), "--name", "box", "demo:v1", "ls"]
        #expect(try await layerlab(create, withStore: false, environment: fixed).status == 0)
        let containers = try await layerlab(["ps", "-a"], environment: fixed).stdoutText
        #expect(containers.contains("box"))
        for name in ["ls", "list", "ps"] {
            #expect(try await layerlab(["container", name, "-a"], environment: fixed).stdoutText == containers)
        }
        #expect(try await layerlab(["container", "rm", "box"], environment: fixed).stdoutText == "box\n")
        #expect(
            try await layerlab(["image", "rm", "demo:v1"], environment: fixed).stdoutText.hasPrefix(
                "Untagged: demo:v1\n"))
        let mistake = try await layerlab(["image", "ls", "--bogus"])
        #expect(mistake.status == 125 && mistake.stderr.contains("See 'layerlab image ls --help'."))
    }

    /// `images --filter`, as moby's image list takes it: dangling, reference (a glob that does not
    /// cross `/`), before and since; a filter it does not know is an error that says which.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func imagesFiltersAsDockerDoes() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        let first = try await layerlab(["import", "-m", "first", tarball, "demo:v1"]).stdoutText
        try await Task.sleep(for: .seconds(1.1))  // `before` and `since` compare creation times, to the second
        let second = try await layerlab(["import", "-m", "second", tarball, "demo:v1"]).stdoutText
        #expect(try await layerlab(["tag", "demo:v1", "tour/web:1.0"]).status == 0)
        let short = { (id: String) in String(id.dropFirst("sha256:".count).prefix(12)) }
        func listed(_ filters: [String]) async throws -> [String] {
            try await layerlab(["images", "-q"] + filters.flatMap { ["--filter", $0] }).stdoutText.split(
                separator: "\n"
            )
            .map(String.init)
        }
        // The first import lost its name to the second: dangling.
        #expect(try await listed(["dangling=true"]) == [short(first)])
        #expect(try await listed(["dangling=false"]) == [short(second), short(second)])
        #expect(try await listed(["reference=tour/*"]) == [short(second)])
        #expect(try await listed(["reference=*"]) == [short(second)], "* does not cross a /")
        #expect(try await listed(["reference=demo:v*"]) == [short(second)])
        #expect(try await listed(["before=demo:v1"]) == [short(first)])
        #expect(try await listed(["since=\(short(first))"]) == [short(second), short(second)])
        let bad = try await layerlab(["images", "-f", "colour=red"])
        #expect(bad.status == 1 && bad.stderr.hasPrefix("Error: invalid filter 'colour'"), "\(bad.stderr)")
        let value = try await layerlab(["images", "-f", "dangling=maybe"])
        #expect(value.status == 1 && value.stderr.contains("dangling takes true or false"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func importImagesAndTraceWorkTogether() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        let trace = folder.file("trace.jsonl")
        let imported = try await layerlab(["import", tarball, "demo:v1", "--trace", trace])
        #expect(imported.status == 0)
        #expect(imported.stdoutText.hasPrefix("sha256:"))
        let listing = try await layerlab(["images"])
        let lines = listing.stdoutText.split(separator: "\n")
        #expect(lines.first?.hasPrefix("REPOSITORY   TAG       IMAGE ID       CREATED") == true)
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("demo         v1        "))
        let shown = try await layerlab(["trace", "show", trace], withStore: false)
        #expect(shown.stdoutText.contains("tag demo:v1 →"))
    }

    /// `images` and `history` only read, yet they are traced and told: SIZE counts a shared layer in
    /// every image that has it, and history says which steps added a layer.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func listingsAreTracedAndTold() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", "-m", "one", tarball, "one:v1"]).status == 0)
        #expect(try await layerlab(["import", "-m", "two", tarball, "two:v1"]).status == 0)
        let trace = folder.file("listing.jsonl")
        let listed = try await layerlab(["images", "--trace", trace, "--explain", "--lang", "en"])
        #expect(listed.status == 0)
        #expect(listed.stderr.contains("2 images listed. SIZE counts all of an image's layers"), "\(listed.stderr)")
        let shown = try await layerlab(["trace", "show", trace], withStore: false)
        #expect(shown.stdoutText.contains("▶ images"), "\(shown.stdoutText)")
        #expect(shown.stdoutText.contains("2 image(s) listed"))
        let history = try await layerlab(["history", "one:v1", "--trace", trace, "--explain", "--lang", "en"])
        #expect(history.stderr.contains("lists the 1 step it was made in"), "\(history.stderr)")
        #expect(try await layerlab(["trace", "show", trace], withStore: false).stdoutText.contains("history of "))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func aStoreOfManyImagesIsDrawnCondensedUnlessAskedOtherwise() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        for index in 0...40 {
            // A message apiece makes 41 images on one layer.
            #expect(try await layerlab(["import", "-m", "copy \(index)", tarball, "app\(index):v1"]).status == 0)
        }
        let auto = try await layerlab(["graph", "--format", "dot", "-o", folder.file("auto.dot")])
        #expect(auto.stdoutText.hasPrefix("41 images: drawn condensed (--no-condensed draws every layer)\n"))
        let condensed = try String(contentsOfFile: folder.file("auto.dot"), encoding: .utf8)
        #expect(condensed.contains("41 image(s) on these layers"))
        #expect(condensed.contains("… and 29 more"))

        let full = try await layerlab(["graph", "--no-condensed", "--format", "dot", "-o", folder.file("full.dot")])
        #expect(!full.stdoutText.contains("condensed"))
        let everyLayer = try String(contentsOfFile: folder.file("full.dot"), encoding: .utf8)
        #expect(!everyLayer.contains("on these layers"))
        #expect(everyLayer.contains("shared by 41 images"))
        #expect(everyLayer.contains("app40:v1"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func aBadFlagPrintsUsageNotAStackTrace() async throws {
        let result = try await layerlab(["images", "--format", "{{.Nope}}"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("can't evaluate field Nope"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs the layerlab executable built"))
    func aLayerPastMaxLayerSizeIsRefusedAndTheFlagIsChecked() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar.gz"), gzip: true)
        let refused = try await layerlab(["import", "--max-layer-size", "4k", tarball, "demo:v1"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.hasPrefix("Error: invalid layer: it expands to more than 4096 bytes"), "\(refused.stderr)")
        #expect(refused.stderr.contains("raise it with --max-layer-size SIZE"))
        #expect(try await layerlab(["images", "-q"]).stdoutText.isEmpty)
        let invalid = try await layerlab(["import", "--max-layer-size", "lots", tarball])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("invalid --max-layer-size \"lots\""), "\(invalid.stderr)")
        #expect(try await layerlab(["import", "--max-layer-size", "64MiB", tarball, "demo:v1"]).status == 0)
    }
}
