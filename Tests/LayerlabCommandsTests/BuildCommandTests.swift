import Foundation
import LayerlabTestSupport
import Testing

/// `layerlab build` and `layerlab dockerfile parse` as a user runs them.
@Suite(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
struct BuildCommandTests {
    let folder = TemporaryDirectory("build-cli")

    func layerlab(_ arguments: [String], input: Data? = nil) async throws -> ProcessResult {
        try await runTool(
            ContainerCommandTests.executable,
            Array(arguments.prefix(1)) + ["--root", folder.file("store")]
                + arguments.dropFirst(), input: input, expectSuccess: false)
    }

    /// `base:1`: a folder with `/bin/sh` (a placeholder: RUN execs it, the built-in shell runs instead).
    func importBase() async throws {
        _ = try folder.write("rootfs/bin/sh", "#!placeholder\n")
        _ = try folder.write("rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
        #expect(try await layerlab(["import", folder.file("rootfs"), "base:1"]).status == 0)
    }

    @Test func theClassicBuilderPrintsDockersStepsAndUsesTheCacheTheSecondTime() async throws {
        try await importBase()
        _ = try folder.write("ctx/hello.txt", "hello\n")
        _ = try folder.write("ctx/Dockerfile", "FROM base:1\nCOPY hello.txt /\nRUN cat /hello.txt > /copy\n")
        let first = try await layerlab(["build", "-t", "demo:v1", folder.file("ctx")])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Sending build context to Docker daemon  ") == true)
        #expect(
            lines.filter { $0.hasPrefix("Step ") } == [
                "Step 1/3 : FROM base:1", "Step 2/3 : COPY hello.txt /", "Step 3/3 : RUN cat /hello.txt > /copy",
            ])
        // COPY writes into a bare read-write layer: only the RUN step has a container.
        #expect(lines.filter { $0.hasPrefix(" ---> Running in ") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("Removing intermediate container ") }.count == 1)
        #expect(lines.suffix(2).first?.hasPrefix("Successfully built ") == true)
        #expect(lines.last == "Successfully tagged demo:v1")
        let second = try await layerlab(["build", "-t", "demo:v2", folder.file("ctx")])
        #expect(second.stdoutText.components(separatedBy: " ---> Using cache").count == 3)
        let quiet = try await layerlab(["build", "-q", folder.file("ctx")])
        #expect(quiet.stdoutText.hasPrefix("sha256:") && quiet.stdoutText.split(separator: "\n").count == 1)
    }

    /// moby's lines for a base image's triggers: one `# Executing 2 build triggers` after FROM, each
    /// trigger's container, and one ` ---> ID` for FROM and its triggers together; the second time,
    /// `Using cache` for each trigger.
    @Test func aBaseImagesTriggersRunInsideTheFromStep() async throws {
        try await importBase()
        _ = try folder.write("parent/Dockerfile", "FROM base:1\nONBUILD RUN echo one > /one\nONBUILD ENV TWO=2\n")
        #expect(try await layerlab(["build", "-t", "parent:1", folder.file("parent")]).status == 0)
        _ = try folder.write("child/Dockerfile", "FROM parent:1\nLABEL child=yes\n")
        let first = try await layerlab(["build", "-t", "child:1", folder.file("child")])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdoutText.split(separator: "\n").map(String.init)
        let from = try #require(lines.firstIndex(of: "Step 1/2 : FROM parent:1"))
        let label = try #require(lines.firstIndex(of: "Step 2/2 : LABEL child=yes"))
        let fromLines = Array(lines[(from + 1)..<label])
        #expect(fromLines.first == "# Executing 2 build triggers", "\(fromLines)")
        #expect(fromLines.filter { $0.hasPrefix(" ---> Running in ") }.count == 2, "\(fromLines)")
        #expect(fromLines.filter { $0.hasPrefix(" ---> ") && !$0.contains("Running in") }.count == 1, "\(fromLines)")
        #expect(fromLines.last?.hasPrefix(" ---> ") == true)

        let second = try await layerlab(["build", "-t", "child:2", folder.file("child")])
        let again = second.stdoutText.split(separator: "\n").map(String.init)
        let cachedFrom = Array(
            again.drop { $0 != "Step 1/2 : FROM parent:1" }.dropFirst().prefix { !$0.hasPrefix("Step ") })
        #expect(
            cachedFrom.map { $0.hasPrefix(" ---> ") && $0 != " ---> Using cache" ? " ---> ID" : $0 } == [
                "# Executing 2 build triggers", " ---> Using cache", " ---> Using cache", " ---> ID",
            ])
    }

    @Test func aDockerfileOnStandardInputBuildsWithAnEmptyContext() async throws {
        try await importBase()
        let result = try await layerlab(
            ["build", "--builder", "modern", "-t", "stdin:v1", "-"], input: Data("FROM base:1\nENV A=1\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("#0 naming to docker.io/library/stdin:v1 done"))
        _ = try folder.write("tarred/Dockerfile", "FROM base:1\nCOPY note.txt /note.txt\n")
        _ = try folder.write("tarred/note.txt", "from a tar\n")
        let tar = try await runTool("tar", ["-cf", "-", "-C", folder.file("tarred"), "."]).stdout
        let fromTar = try await layerlab(["build", "-q", "-"], input: tar)
        #expect(fromTar.status == 0, "\(fromTar.stderr)")
        #expect(fromTar.stdoutText.hasPrefix("sha256:"))
        let missing = try await layerlab(["build", "-"], input: Data("FROM base:1\nCOPY x /x\n".utf8))
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("Error: COPY failed: file not found in build context"))
    }

    @Test func dockerfileParsePrintsBuildKitsForm() async throws {
        let path = try folder.write(
            "Dockerfile", "FROM busybox AS b\nCOPY --from=b /a \\\n  /b\nRUN [\"echo\", \"hi\"]\n")
        let parsed = try await runTool(
            ContainerCommandTests.executable, ["dockerfile", "parse", path], expectSuccess: false)
        #expect(parsed.status == 0)
        #expect(
            parsed.stdoutText
                == "(from \"busybox\" \"AS\" \"b\")\n(copy [\"--from=b\"] \"/a\" \"/b\")\n(run \"echo\" \"hi\")\n")
        let badFile = try folder.write("Bad", "FROM x\nRUNN y\n")
        let bad = try await runTool(
            ContainerCommandTests.executable, ["dockerfile", "parse", badFile], expectSuccess: false)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown instruction: RUNN"))
    }
}
