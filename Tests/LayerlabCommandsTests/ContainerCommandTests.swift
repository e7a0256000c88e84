import Foundation
import LayerlabTestSupport
import Testing
import Trace

/// The container commands of the built `layerlab` executable, run as a user runs them.
@Suite struct ContainerCommandTests {
    let folder = TemporaryDirectory("container-cli")

    /// The `layerlab` built next to this test bundle (whatever the scratch path).
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("layerlab")
            .path
    }
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    func layerlab(_ arguments: [String]) async throws -> ProcessResult {
        // `--root` goes right after the verb: after the image, every word belongs to the container's command.
        try await runTool(
            Self.executable, Array(arguments.prefix(1)) + ["--root", folder.file("store")] + arguments.dropFirst(),
            expectSuccess: false)
    }

    @Test(.enabled(if: isBuilt, "needs the layerlab executable built"))
    func createPsDiffAndRmWorkAsInDocker() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, "demo:v1"]).status == 0)
        let created = try await layerlab(["create", "--name", "web", "demo:v1", "ls", "-l", "/some dir"])
        #expect(created.status == 0)
        let id = created.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 64)
        let listing = try await layerlab(["ps", "-a"]).stdoutText.split(separator: "\n")
        #expect(
            listing.first?.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                == "CONTAINER ID IMAGE COMMAND CREATED STATUS PORTS NAMES")
        #expect(listing.count == 2)
        #expect(listing.last?.hasPrefix("\(id.prefix(12))   demo:v1   \"ls -l '/some dir'\"   ") == true)
        #expect(listing.last?.hasSuffix("Created             web") == true)
        #expect(try await layerlab(["ps"]).stdoutText.split(separator: "\n").count == 1)
        let diff = try await layerlab(["diff", "web"])
        #expect(diff.status == 0)
        #expect(diff.stdoutText.isEmpty)
        let refused = try await layerlab(["rmi", "demo:v1"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "Error: conflict: unable to remove repository reference \"demo:v1\" (must force) - container "
                + "\(id.prefix(12)) is using its referenced image \(try await imageID("demo:v1").prefix(12))\n")
        #expect(try await layerlab(["rm", "web"]).stdoutText == "web\n")
        #expect(try await layerlab(["ps", "-a"]).stdoutText.split(separator: "\n").count == 1)
        let missing = try await layerlab(["rm", "web"])
        #expect(missing.stderr == "Error: No such container: web\n")
    }

    /// `inspect` takes a container too, as `docker inspect` does: its state, its command, and where
    /// its read-write layer and its log are in the store.
    @Test(.enabled(if: isBuilt, "needs the layerlab executable built"))
    func inspectShowsAContainerAsDockerDoes() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, "demo:v1"]).status == 0)
        let id = try await layerlab(["create", "--name", "web", "demo:v1", "ls"]).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let inspected = try await layerlab(["inspect", "web"])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        let documents = try #require(
            try JSONSerialization.jsonObject(with: Data(inspected.stdoutText.utf8)) as? [[String: Any]])
        let web = try #require(documents.first)
        #expect(web["Id"] as? String == id && web["Name"] as? String == "/web" && web["Path"] as? String == "ls")
        #expect((web["State"] as? [String: Any])?["Status"] as? String == "created")
        let upper = try #require(
            ((web["GraphDriver"] as? [String: Any])?["Data"] as? [String: Any])?["UpperDir"] as? String)
        #expect(FileManager.default.fileExists(atPath: upper), "the read-write layer's folder: \(upper)")
        #expect(
            try await layerlab(["inspect", "-f", "{{.State.Status}} {{.Name}}", "web"]).stdoutText == "created /web\n")
        // An image and a container at once; a name that is neither is said after what was found.
        let both = try await layerlab(["inspect", "demo:v1", "web", "nothing"])
        #expect(both.status == 1 && both.stderr == "Error: No such object: nothing\n")
        #expect((try JSONSerialization.jsonObject(with: Data(both.stdoutText.utf8)) as? [Any])?.count == 2)
    }

    /// `diff` and `inspect` are operations of the trace like `images` and `history`: what they
    /// printed is in their events, and `--explain` tells what the letters and the JSON mean.
    @Test(.enabled(if: isBuilt, "needs the layerlab executable built"))
    func diffAndInspectAreTracedAndTold() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, "demo:v1"]).status == 0)
        #expect(try await layerlab(["run", "--name", "web", "demo:v1", "sh", "-c", "echo hi > /hello"]).status == 0)
        let trace = folder.file("diff.jsonl")
        let diff = try await layerlab(["diff", "--trace", trace, "--explain", "--lang", "en", "web"])
        #expect(diff.status == 0 && diff.stdoutText == "A /hello\n", "\(diff.stdoutText)")
        let listed = try TraceFile.read(path: trace).compactMap {
            if case .containerChangesListed(let changes) = $0.event { changes } else { nil }
        }
        #expect(listed.map(\.name) == ["web"] && listed.first?.entries == [.init(.added, "/hello")], "\(listed)")
        #expect(diff.stderr.contains("Container web's own layer holds 1 change"), "\(diff.stderr)")
        let missing = try await layerlab(["diff", "--trace", trace, "nosuch"])
        #expect(missing.status == 1 && missing.stderr == "Error: No such container: nosuch\n", "\(missing.stderr)")
        // inspect too: what each printed document is, and how it names the layers.
        let inspectTrace = folder.file("inspect.jsonl")
        let inspect = try await layerlab([
            "inspect", "--trace", inspectTrace, "--explain", "--lang", "en", "demo:v1", "web",
        ])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let inspected = try TraceFile.read(path: inspectTrace).compactMap {
            if case .objectInspected(let object) = $0.event { object } else { nil }
        }
        #expect(inspected.map(\.kind) == [.image, .container] && inspected.map(\.requested) == ["demo:v1", "web"])
        #expect(inspected.first?.layers?.count == 1 && inspected.last?.image != nil, "\(inspected)")
        #expect(inspect.stderr.contains("RootFS.Layers lists its 1 layer"), "\(inspect.stderr)")
        // export too: the narration says what its tar is not (layers), which save keeps.
        let exportTrace = folder.file("export.jsonl")
        let exported = try await layerlab([
            "export", "--trace", exportTrace, "--explain", "--lang", "en", "-o", folder.file("web.tar"), "web",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        let told = try TraceFile.read(path: exportTrace).contains {
            if case .containerExported(_, "web", folder.file("web.tar")) = $0.event { true } else { false }
        }
        #expect(told && exported.stderr.contains("one flat tar: no layers"), "\(exported.stderr)")
    }

    /// `run -i` (and Docker's habitual `-it`) gives the command layerlab's standard input: `sh`
    /// without `-c` runs it as its script, as a shell reading a pipe does.
    @Test(.enabled(if: isBuilt, "needs the layerlab executable built"))
    func runInteractiveReadsTheScriptFromStandardInput() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, "demo:v1"]).status == 0)
        let script = Data("echo hi > /greeting\necho from the pipe\n".utf8)
        let ran = try await runTool(
            Self.executable, ["run", "--root", folder.file("store"), "-it", "--name", "typed", "demo:v1", "sh"],
            input: script, expectSuccess: false)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdoutText.contains("from the pipe"))
        #expect(try await layerlab(["diff", "typed"]).stdoutText == "A /greeting\n")
        let without = try await layerlab(["run", "--name", "untyped", "demo:v1", "sh"])
        #expect(without.status == 0 && !without.stdoutText.contains("from the pipe"), "no -i, no input")
    }

    /// `busybox:test`: busybox with `sh` and `rm` linked to it, and whatever `rootfs/` already holds.
    func importBusybox() async throws {
        let root = folder.file("rootfs")
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
        for applet in ["sh", "rm"] {
            try FileManager.default.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
        }
        #expect(try await layerlab(["import", root, "busybox:test"]).status == 0)
    }

    /// SIGTERM to a foreground `run`: with no daemon to look after the container, layerlab ends
    /// its command (137, as a killed container), records the exit and unmounts, instead of dying
    /// and leaving the command running over a mounted overlay.
    @Test(
        .enabled(if: isBuilt, "needs the layerlab executable built"),
        .enabled(if: TestEnvironment.canMountOverlay, "needs root: kernel overlayfs and namespaces"),
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/busybox"), "needs /bin/busybox"))
    func aSignalledRunEndsItsCommandAndLeavesNothingBehind() async throws {
        try await importBusybox()
        let marker = "busybox sleep 31\(Int.random(in: 100...999))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = [
            "run", "--root", folder.file("store"), "--runtime", "overlay", "--name", "sleeper", "busybox:test", "sh",
            "-c", marker,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Until the command runs inside its namespace: its own command line, not layerlab's, which
        // holds the marker too (a SIGTERM before layerlab started the container would test nothing).
        let command = "^\(marker)$"
        for _ in 0..<100 {
            if try await runTool("pgrep", ["-f", command], expectSuccess: false).status == 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        try await offThePool { process.waitUntilExit() }
        #expect(process.terminationStatus == 137)
        #expect(
            try await runTool("pgrep", ["-f", command], expectSuccess: false).status != 0, "the command still runs")
        #expect(try await layerlab(["ps", "-a"]).stdoutText.contains("Exited (137)"))
        let mounts = try await runTool("cat", ["/proc/self/mountinfo"]).stdoutText
        #expect(!mounts.contains(folder.file("store")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("store") + "/tmp").isEmpty)
    }

    @Test(
        .enabled(if: isBuilt, "needs the layerlab executable built"),
        .enabled(if: TestEnvironment.canMountOverlay, "needs root: kernel overlayfs and namespaces"),
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/busybox"), "needs /bin/busybox"))
    func runDiffCommitAndExportABusyboxContainer() async throws {
        _ = try folder.write("rootfs/etc/x", "x\n")
        try await importBusybox()
        let run = try await layerlab([
            "run", "--runtime", "overlay", "--name", "job", "-e", "WHO=world", "busybox:test", "sh", "-c",
            "echo hello $WHO; echo hi > /hello; rm /etc/x",
        ])
        #expect(run.status == 0)
        #expect(run.stdoutText == "hello world\n")
        #expect(try await layerlab(["diff", "job"]).stdoutText == "C /etc\nD /etc/x\nA /hello\n")
        let status = try await layerlab(["ps", "-a"]).stdoutText
        #expect(status.contains("Exited (0) "))
        let committed = try await layerlab(["commit", "-m", "add hello", "-c", "CMD [\"sh\"]", "job", "busybox:v2"])
        #expect(committed.stdoutText.hasPrefix("sha256:"))
        #expect(try await layerlab(["export", "-o", folder.file("job.tar"), "job"]).status == 0)
        let names = try await runTool("tar", ["-tf", folder.file("job.tar")]).stdoutText.split(separator: "\n")
        #expect(names.contains("hello"))
        #expect(!names.contains("etc/x"))
        #expect(names.contains("bin/sh"))
        let failing = try await layerlab(["run", "--rm", "--runtime", "overlay", "busybox:v2", "sh", "-c", "exit 7"])
        #expect(failing.status == 7)
        #expect(try await layerlab(["ps", "-a", "-q"]).stdoutText.split(separator: "\n").count == 1)
    }

    @Test(.enabled(if: isBuilt, "needs the layerlab executable built"))
    func theBuiltInShellIsTheDefaultRuntimeAndNamesWhatItCannotRun() async throws {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, "demo:v1"]).status == 0)
        let run = try await layerlab([
            "run", "--name", "job", "-e", "WHO=world", "-w", "/work", "demo:v1", "sh", "-c",
            "echo hello $WHO from $PWD; echo hi > /hello",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdoutText == "hello world from /work\n")
        #expect(try await layerlab(["diff", "job"]).stdoutText == "A /hello\nA /work\n")
        let missing = try await layerlab(["run", "demo:v1", "sh", "-c", "apk add curl"])
        #expect(missing.status == 127)
        #expect(missing.stderr == "sh: apk: not found\n")
        let unsupported = try await layerlab(["run", "demo:v1", "sh", "-c", "echo a | cat"])
        #expect(unsupported.status == 1)
        #expect(
            unsupported.stderr
                == "Error: the built-in shell (--runtime sim) has no pipelines (|) (line 1); "
                + "use --runtime overlay (Linux, as root) to run the image's own shell\n")
    }

    private func imageID(_ name: String) async throws -> String {
        let listing = try await layerlab(["images", "--no-trunc", "-q", name]).stdoutText
        return String(listing.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst("sha256:".count))
    }
}
