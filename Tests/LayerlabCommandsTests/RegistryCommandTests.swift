import Foundation
import LayerlabTestSupport
import Testing

/// `registry serve`, `push`, `pull` and `search` of the built executable, on a free loopback port.
@Suite struct RegistryCommandTests {
    let folder = TemporaryDirectory("registry-cli")

    static var executable: String { ContainerCommandTests.executable }

    func layerlab(_ arguments: [String], input: Data? = nil) async throws -> ProcessResult {
        // login and logout keep no store: they are given no --root.
        let root = ["login", "logout"].contains(arguments.first) ? [] : ["--root", folder.file("store")]
        return try await runTool(
            Self.executable, Array(arguments.prefix(1)) + root + arguments.dropFirst(),
            input: input, environment: ["DOCKER_CONFIG": folder.file("docker-config")], expectSuccess: false)
    }

    static func stop(_ registry: Process) {
        registry.terminate()
        registry.waitUntilExit()
    }

    /// Starts `layerlab registry serve` on port 0 and returns the process and the port it printed.
    func startRegistry(_ extra: [String] = []) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["registry", "serve", "--addr", "127.0.0.1:0", "--root", folder.file("registry")] + extra
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "127.0.0.1:"),
            let port = Int(text[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw PeerToolError(description: "registry serve printed no port: \(text)")
        }
        return (process, port)
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func pushThenPullThroughTheEmbeddedRegistryKeepsTheImageAndSharesLayers() async throws {
        let (registry, port) = try startRegistry()
        defer { Self.stop(registry) }
        let name = "127.0.0.1:\(port)/team/demo:v1"
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        let id = try await layerlab(["import", tarball, name]).stdoutText.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let pushTrace = folder.file("push.jsonl")
        let pushed = try await layerlab(["push", name, "--trace", pushTrace])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.stdoutText.hasPrefix("The push refers to repository [127.0.0.1:\(port)/team/demo]"))
        // One line per layer, as docker push prints; the config blob travels without one.
        #expect(pushed.stdoutText.components(separatedBy: ": Pushed\n").count == 2)
        #expect(pushed.stdoutText.contains("v1: digest: sha256:"))

        let sequence = folder.file("http.svg")
        func render(_ trace: String, to output: String) async throws -> ProcessResult {
            try await runTool(Self.executable, ["render", trace, "--kind", "http", "-o", output], expectSuccess: false)
        }
        let drawn = try await render(pushTrace, to: sequence)
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let svg = try String(contentsOfFile: sequence, encoding: .utf8)
        #expect(svg.contains("push the manifest (tags it)"))
        let importTrace = folder.file("import.jsonl")
        #expect(try await layerlab(["tag", name, "other:v1", "--trace", importTrace]).status == 0)
        let nothing = try await render(importTrace, to: folder.file("none.svg"))
        #expect(nothing.status != 0)
        #expect(nothing.stderr.contains("records no HTTP exchange"))

        // A second name in the store keeps the image, so pulling it back only names it again: as
        // moby, no layer is looked at once the image ID is known.
        #expect(try await layerlab(["tag", name, "keep:v1"]).status == 0)
        #expect(try await layerlab(["rmi", name]).status == 0)
        let pulled = try await layerlab(["pull", name])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(!pulled.stdoutText.contains(": Already exists"))
        #expect(pulled.stdoutText.contains("Status: Downloaded newer image for \(name)"))
        let again = try await layerlab(["pull", name])
        #expect(again.stdoutText.contains("Status: Image is up to date for \(name)"))
        let inspected = try await layerlab(["images", "-q", "--no-trunc", "127.0.0.1:\(port)/team/demo"])
        #expect(inspected.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == id)

        let search = try await runTool(
            Self.executable, ["search", "127.0.0.1:\(port)/demo"], expectSuccess: false)
        #expect(search.stdoutText.split(separator: "\n").first?.hasPrefix("NAME") == true)
        #expect(search.stdoutText.contains("team/demo"))
    }

    @Test(
        .enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"),
        .enabled(if: TestEnvironment.has("script"), "needs script (util-linux) for a terminal"))
    func onATerminalLayerLinesAreRewrittenInPlaceAndInAPipeNot() async throws {
        let (registry, port) = try startRegistry()
        defer { Self.stop(registry) }
        let name = "127.0.0.1:\(port)/team/tty:v1"
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, name]).status == 0)
        #expect(try await layerlab(["push", name]).status == 0)
        let piped = try await layerlab(["pull", "--root", folder.file("piped"), name])
        #expect(piped.status == 0)
        #expect(!piped.stdoutText.contains("\u{1B}"))
        // As docker off a terminal: no message that carries a progress bar.
        #expect(!piped.stdoutText.contains(": Downloading"))
        #expect(!piped.stdoutText.contains(": Extracting"))
        #expect(piped.stdoutText.contains(": Pull complete"))
        let command = "\(Self.executable) pull --root \(folder.file("tty")) \(name)"
        let terminal = try await runTool("script", ["-qec", command, "/dev/null"])
        #expect(terminal.stdoutText.contains("\u{1B}[2K"))
        #expect(terminal.stdoutText.contains(": Downloading [=================================================="))
        #expect(terminal.stdoutText.contains("Status: Downloaded newer image for \(name)"))
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func buildPullsABaseImageTheStoreLacksAsDockerBuildDoes() async throws {
        let (registry, port) = try startRegistry()
        defer { Self.stop(registry) }
        let base = "127.0.0.1:\(port)/team/base:1"
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, base]).status == 0)
        #expect(try await layerlab(["push", base]).status == 0)
        let context = folder.file("context")
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        try folder.write("context/Dockerfile", "FROM \(base)\nENV GREETING=hello\n")

        let empty = folder.file("empty-store")
        let built = try await layerlab(["build", "--root", empty, "-t", "app:1", context])
        #expect(built.status == 0, "\(built.stderr)")
        let lines = built.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first == "1: Pulling from team/base")
        #expect(lines.contains("Status: Downloaded newer image for \(base)"))
        #expect(lines.contains("Successfully tagged app:1"))
        // The second build finds the base in the store and pulls nothing.
        let again = try await layerlab(["build", "--root", empty, "-t", "app:2", context])
        #expect(again.status == 0 && !again.stdoutText.contains("Pulling from"))

        try folder.write("context/Dockerfile", "FROM 127.0.0.1:\(port)/team/absent:1\n")
        let missing = try await layerlab(["build", "--root", folder.file("other-store"), context])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("MANIFEST_UNKNOWN"))
        #expect(try await layerlab(["images", "-q", "--root", folder.file("other-store")]).stdoutText.isEmpty)
        // A name the registry lacks is an error in Docker's words, with no "Pulling from" before it.
        let absent = try await layerlab([
            "pull", "--root", folder.file("other-store"), "127.0.0.1:\(port)/team/absent:1",
        ])
        #expect(absent.status == 1 && !absent.stdoutText.contains("Pulling from"), "\(absent.stdoutText)")
        #expect(
            absent.stderr.contains("manifest for 127.0.0.1:\(port)/team/absent:1 not found: MANIFEST_UNKNOWN"),
            "\(absent.stderr)")
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func allTagsArePushedAndPulledWithA() async throws {
        let (registry, port) = try startRegistry()
        defer { Self.stop(registry) }
        let repository = "127.0.0.1:\(port)/team/multi"
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, "\(repository):v1"]).status == 0)
        #expect(try await layerlab(["tag", "\(repository):v1", "\(repository):v2"]).status == 0)
        #expect(
            try await layerlab(["push", "-a", "\(repository):v1"]).stderr.contains(
                "tag can't be used with --all-tags/-a"))
        let pushed = try await layerlab(["push", "--all-tags", repository])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.stdoutText.contains("v1: digest: sha256:") && pushed.stdoutText.contains("v2: digest: sha256:"))
        #expect(try await layerlab(["rmi", "\(repository):v1", "\(repository):v2"]).status == 0)
        let pulled = try await layerlab(["pull", "-a", repository])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdoutText.contains("v1: Pulling from team/multi"))
        #expect(pulled.stdoutText.contains("v2: Pulling from team/multi"))
        #expect(pulled.stdoutText.hasSuffix("\(repository)\n"))
        #expect(try await layerlab(["images", "-q", repository]).stdoutText.split(separator: "\n").count == 2)
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func loginSavesCredentialsThatPushUsesAndLogoutForgetsThem() async throws {
        // The users file holds the SHA-256 of the password "s3cret".
        let hash = try await sha256Hex("s3cret")
        let usersFile = try folder.write("users", "learner:sha256:\(hash)\n")
        let (registry, port) = try startRegistry(["--auth", "basic", "--users", usersFile])
        defer { Self.stop(registry) }
        let server = "127.0.0.1:\(port)"
        let name = "\(server)/team/private:v1"
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, name]).status == 0)
        let anonymous = try await layerlab(["push", name])
        #expect(anonymous.status == 1)
        #expect(anonymous.stderr.contains("authentication required"), "\(anonymous.stderr)")
        let wrong = try await layerlab(
            ["login", "-u", "learner", "--password-stdin", server], input: Data("nope\n".utf8))
        #expect(wrong.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.file("docker-config/config.json")))
        let login = try await layerlab(
            ["login", "-u", "learner", "--password-stdin", "--explain", "--lang", "en", server],
            input: Data("s3cret\n".utf8))
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdoutText == "Login Succeeded\n")
        // The login is traced like a push: its exchanges and the Basic credentials are told.
        #expect(login.stderr.contains("▶ layerlab login \(server): the registry checks"), "\(login.stderr)")
        #expect(login.stderr.contains("The user name learner and password are sent to the registry itself."))
        let config = try String(contentsOfFile: folder.file("docker-config/config.json"), encoding: .utf8)
        #expect(config.contains(Data("learner:s3cret".utf8).base64EncodedString()))
        let pushed = try await layerlab(["push", name])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try await layerlab(["logout", server]).stdoutText == "Removing login credentials for \(server)\n")
        #expect(try await layerlab(["logout", server]).stdoutText == "Not logged in to \(server)\n")
        #expect(try await layerlab(["push", name]).status == 1)
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func registryServeRefusesUploadsPastItsLimit() async throws {
        let (registry, port) = try startRegistry(["--max-upload-size", "1k"])
        defer { Self.stop(registry) }
        let name = "127.0.0.1:\(port)/team/demo:v1"
        // 64 KiB that do not compress: a layer well past 1 KiB.
        let rootfs = folder.file("big-rootfs")
        try FileManager.default.createDirectory(atPath: rootfs, withIntermediateDirectories: true)
        var noise = Xorshift(state: 7)
        try Data(noise.bytes(65_536)).write(to: URL(fileURLWithPath: rootfs + "/noise"))
        #expect(try await layerlab(["import", rootfs, name]).status == 0)
        let pushed = try await layerlab(["push", name])
        #expect(pushed.status == 1)
        #expect(pushed.stderr.contains("upload is larger than the limit of 1024 bytes"), "\(pushed.stderr)")
        let invalid = try await runTool(
            Self.executable, ["registry", "serve", "--max-upload-size", "big", "--addr", "127.0.0.1:0"],
            expectSuccess: false)
        #expect(invalid.status != 0 && invalid.stderr.contains("invalid --max-upload-size \"big\""))
    }
}

/// The SHA-256 of `text` in hex, as `printf %s TEXT | sha256sum` prints it.
private func sha256Hex(_ text: String) async throws -> String {
    let result = try await runTool("sha256sum", [], input: Data(text.utf8))
    return String(result.stdoutText.prefix(64))

}
