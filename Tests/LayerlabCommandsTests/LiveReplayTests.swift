import Foundation
import LayerlabTestSupport
import Testing

/// The trace is the one voice: what a command prints live (Docker's lines on standard output, the
/// narration of `--explain` on standard error) is printed again, byte for byte, from its trace
/// file alone by `trace replay` and `explain`.
@Suite struct LiveReplayTests {
    let cli = RegistryCommandTests()

    /// One command run live with `--trace`, then replayed.
    struct Run {
        var live: ProcessResult
        var replayed: ProcessResult
        var narrated: ProcessResult
    }

    func runAndReplay(_ arguments: [String], _ label: String) async throws -> Run {
        let trace = cli.folder.file("\(label).jsonl")
        // Right after the verb: after `run`'s image, every word is the container's command.
        let live = try await cli.layerlab(
            Array(arguments.prefix(1)) + ["--trace", trace, "--explain", "--lang", "en"] + arguments.dropFirst())
        let replayed = try await runTool(
            RegistryCommandTests.executable, ["trace", "replay", trace], expectSuccess: false)
        let narrated = try await runTool(
            RegistryCommandTests.executable, ["explain", trace, "--lang", "en"], environment: ["NO_COLOR": "1"],
            expectSuccess: false)
        #expect(replayed.status == 0, "\(label): \(replayed.stderr)")
        #expect(replayed.stdoutText == live.stdoutText, "\(label): the replay prints what the command printed")
        #expect(
            Self.withoutNarration(replayed.stderr) == Self.withoutNarration(live.stderr),
            "\(label): and what its container wrote to stderr")
        #expect(narrated.stdoutText == Self.narration(in: live.stderr), "\(label): the narration is the same")
        return Run(live: live, replayed: replayed, narrated: narrated)
    }

    /// Every trace the test wrote, checked against the trace schema.
    func expectTracesMatchTheSchema() throws {
        try #require(TraceSchema.canValidate, "needs /usr/bin/python3 with python3-jsonschema (make test installs it)")
        let traces = try FileManager.default.contentsOfDirectory(atPath: cli.folder.path)
            .filter { $0.hasSuffix(".jsonl") }.sorted().map(cli.folder.file)
        #expect(traces.count > 5)
        let result = try TraceSchema.validate(traces)
        #expect(result.status == 0, "\(result.stdoutText)")
    }

    /// The narration lines of a command's standard error (each starts with a mark: ▶ • ✓ ✗ →),
    /// without what its containers wrote there and the error line it may end with.
    static func narration(in stderr: String) -> String {
        lines(of: stderr).filter(isNarration).joined(separator: "\n")
    }

    static func withoutNarration(_ stderr: String) -> String {
        lines(of: stderr).filter { !isNarration($0) && !$0.hasPrefix("Error: ") }.joined(separator: "\n")
    }

    private static func lines(of text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    private static func isNarration(_ line: Substring) -> Bool {
        guard let mark = line.first else { return true }
        return "▶•✓✗→ ".contains(mark)
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func pullPushAndRmiPrintTheSameLiveAndReplayed() async throws {
        let (registry, port) = try cli.startRegistry()
        defer { RegistryCommandTests.stop(registry) }
        let name = "127.0.0.1:\(port)/team/demo:v1"
        let other = "127.0.0.1:\(port)/team/other:v1"
        let tarball = try RootFSFixture.makeTarball(at: cli.folder.file("rootfs.tar"))
        let id = try await cli.layerlab(["import", tarball, name]).stdoutText.trimmingCharacters(in: .newlines)
        #expect(try await cli.layerlab(["tag", name, other]).status == 0)

        let pushed = try await runAndReplay(["push", name], "push")
        #expect(pushed.live.stdoutText.contains(": Pushed\n"))
        let mounted = try await runAndReplay(["push", other], "push-mounted")
        #expect(mounted.live.stdoutText.contains(": Mounted from team/demo\n"))
        let searched = try await runAndReplay(["search", "127.0.0.1:\(port)/team"], "search")
        #expect(searched.live.stdoutText.hasPrefix("NAME"))
        #expect(searched.live.stdoutText.contains("team/demo") && searched.live.stdoutText.contains("team/other"))
        let formatted = try await runAndReplay(
            ["search", "--format", "{{.Name}}: {{.StarCount}}", "--no-trunc", "127.0.0.1:\(port)/other"],
            "search-format")
        #expect(formatted.live.stdoutText == "team/other: 0\n")
        let refused = try await runAndReplay(["rmi", String(id.dropFirst(7).prefix(12))], "rmi-refused")
        #expect(refused.live.status == 1)
        #expect(refused.live.stderr.contains("image is referenced in multiple repositories"))
        // The pushes left each repository's RepoDigest, which goes with its last tag.
        let untagged = try await runAndReplay(["rmi", other], "rmi-untag")
        #expect(untagged.live.stdoutText.hasPrefix("Untagged: \(other)\nUntagged: \(other.dropLast(3))@sha256:"))
        let deleted = try await runAndReplay(["rmi", name], "rmi-delete")
        #expect(deleted.live.stdoutText.hasPrefix("Untagged: \(name)\nUntagged: \(name.dropLast(3))@sha256:"))
        #expect(deleted.live.stdoutText.contains("Deleted: \(id)\nDeleted: sha256:"))
        let downloaded = try await runAndReplay(["pull", name], "pull")
        #expect(downloaded.live.stdoutText.hasPrefix("v1: Pulling from team/demo\n"))
        #expect(downloaded.live.stdoutText.hasSuffix("Status: Downloaded newer image for \(name)\n\(name)\n"))
        let upToDate = try await runAndReplay(["pull", name], "pull-again")
        #expect(upToDate.live.stdoutText.contains("Status: Image is up to date for \(name)\n"))
        #expect(try await cli.layerlab(["tag", name, "keep:v1"]).status == 0)
        #expect(try await cli.layerlab(["rmi", name]).status == 0)
        // The image is still here under keep:v1: as moby, the pull looks at no layer.
        let named = try await runAndReplay(["pull", name], "pull-named")
        #expect(!named.live.stdoutText.contains(": Already exists\n"))
        #expect(named.live.stdoutText.contains("Status: Downloaded newer image for \(name)\n"))
        try expectTracesMatchTheSchema()
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func buildsRunsImportsAndCommitsPrintTheSameLiveAndReplayed() async throws {
        let rootfs = cli.folder.file("rootfs")
        try FileManager.default.createDirectory(atPath: rootfs + "/bin", withIntermediateDirectories: true)
        // RUN execs /bin/sh, which must exist; the built-in shell runs in its place.
        _ = FileManager.default.createFile(
            atPath: rootfs + "/bin/sh", contents: Data("#!placeholder\n".utf8), attributes: [.posixPermissions: 0o755])
        let imported = try await runAndReplay(["import", rootfs, "base:1"], "import")
        #expect(imported.live.stdoutText.hasPrefix("sha256:"))
        try cli.folder.write(
            "context/Dockerfile", "FROM base:1\nRUN echo built > /out && echo said && echo warned >&2\nARG UNUSED\n")
        for builder in ["classic", "modern"] {
            let context = cli.folder.file("context")
            let built = try await runAndReplay(
                ["build", "--builder", builder, "-t", "app:\(builder)", "--build-arg", "EXTRA=1", context],
                "build-\(builder)")
            #expect(built.live.status == 0, "\(built.live.stderr)")
            #expect(built.live.stdoutText.contains("\nsaid\n"), "RUN's output is in the build's output")
            #expect(built.live.stderr.contains("warned\n"))
            #expect(built.live.stdoutText.contains("[Warning] One or more build-args [EXTRA] were not consumed"))
        }
        let created = try await runAndReplay(["create", "--name", "idle", "base:1", "true"], "create")
        #expect(created.live.stdoutText.count == 65, "the container's ID")
        let ran = try await runAndReplay(
            ["run", "--name", "box", "base:1", "sh", "-c", "echo out; echo err >&2"], "run")
        #expect(ran.live.stdoutText == "out\n")
        #expect(ran.live.stderr.contains("err\n"))
        let committed = try await runAndReplay(["commit", "box", "boxed:1"], "commit")
        #expect(committed.live.stdoutText.hasPrefix("sha256:"))
        try expectTracesMatchTheSchema()
    }

    @Test(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
    func aPullWrittenAsOTLPJSONHasItsRequestsAsChildSpans() async throws {
        try #require(TraceSchema.canValidate, "needs /usr/bin/python3 with python3-jsonschema (make test installs it)")
        let (registry, port) = try cli.startRegistry()
        defer { RegistryCommandTests.stop(registry) }
        let name = "127.0.0.1:\(port)/team/spans:v1"
        let tarball = try RootFSFixture.makeTarball(at: cli.folder.file("rootfs.tar"))
        #expect(try await cli.layerlab(["import", tarball, name]).status == 0)
        #expect(try await cli.layerlab(["push", name]).status == 0)
        #expect(try await cli.layerlab(["rmi", name]).status == 0)
        let file = cli.folder.file("pull.otlp.json")
        let pulled = try await cli.layerlab(["pull", "--trace-format", "otlp-json", "--trace", file, name])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let checked = try TraceSchema.validate([file], against: TraceSchema.otlpPath)
        #expect(checked.status == 0, "\(checked.stdoutText)")
        let broken = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: #""kind":3"#, with: #""kind":9"#)
        let refused = try TraceSchema.validate(
            [try cli.folder.write("broken.otlp.json", broken)], against: TraceSchema.otlpPath)
        #expect(refused.status == 1, "the schema refuses a span kind OTLP does not have")

        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))
        let spans = try #require(
            (((document as? [String: Any])?["resourceSpans"] as? [[String: Any]])?.first?["scopeSpans"]
                as? [[String: Any]])?.first?["spans"] as? [[String: Any]])
        let pull = try #require(spans.first { $0["name"] as? String == "pull" })
        #expect(pull["parentSpanId"] == nil)
        let requests = spans.filter { $0["parentSpanId"] as? String == pull["spanId"] as? String }
        #expect(requests.count >= 3, "the manifest, the config and the layer")
        #expect(
            requests.allSatisfy { $0["kind"] as? Int == 3 && $0["traceId"] as? String == pull["traceId"] as? String })
        func keys(_ attributes: Any?) -> Set<String> {
            Set((attributes as? [[String: Any]])?.compactMap { $0["key"] as? String } ?? [])
        }
        #expect(requests.allSatisfy { keys($0["attributes"]).isSuperset(of: ["http.request.method", "url.full"]) })
        let events = pull["events"] as? [[String: Any]] ?? []
        let layerEvents = events.filter { $0["name"] as? String == "pullLayer" }
        #expect(!layerEvents.isEmpty)
        #expect(layerEvents.allSatisfy { keys($0["attributes"]).contains("layerlab.layer.digest") })
        #expect(events.contains { keys($0["attributes"]).contains("http.response.status_code") })
    }

    @Test(
        .enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"),
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full (Linux)"))
    func aTraceThatCannotBeWrittenFailsTheCommandWithTheReason() async throws {
        let tarball = try RootFSFixture.makeTarball(at: cli.folder.file("rootfs.tar"))
        let full = try await cli.layerlab(["import", "--trace", "/dev/full", tarball, "demo:v1"])
        #expect(full.status == 1)
        #expect(full.stderr.contains("Error: cannot write trace file /dev/full"), "\(full.stderr)")
        let piped = try await cli.layerlab(["tag", "--trace", "/dev/stdout", "demo:v1", "demo:v2"])
        #expect(piped.status == 0)
        #expect(piped.stdoutText.contains(#""tagAdded""#), "a trace to /dev/stdout is written there")
    }
}
