import Foundation
import LayerlabTestSupport
import Testing
import Trace

/// `run -d` and `logs`: a container's output kept in its json-file log, as Docker keeps it.
@Suite(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"), .onAThreadOfItsOwn)
struct ContainerLogsTests {
    let folder = TemporaryDirectory("container-logs")

    func layerlab(_ arguments: [String]) async throws -> ProcessResult {
        try await runTool(
            ContainerCommandTests.executable,
            Array(arguments.prefix(1)) + ["--root", folder.file("store")] + arguments.dropFirst(), expectSuccess: false)
    }

    /// A detached container's ID, after its command wrote `out` and `err` and `last`.
    func detached() async throws -> String {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
        #expect(try await layerlab(["import", tarball, "demo:v1"]).status == 0)
        let run = try await layerlab([
            "run", "-d", "--name", "talker", "demo:v1", "sh", "-c", "echo out; echo err >&2; echo last",
        ])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        // It runs in the background: its output is all in the log once it has ended.
        #expect(try await layerlab(["wait", "talker"]).stdoutText == "0\n")
        return run.stdoutText.trimmingCharacters(in: .newlines)
    }

    var logFile: String {
        get throws {
            let containers = folder.file("store") + "/containers"
            let id = try #require(try FileManager.default.contentsOfDirectory(atPath: containers).first)
            return "\(containers)/\(id)/\(id)-json.log"
        }
    }

    @Test func runDetachedPrintsTheIDAndLogsPrintsTheOutputOnItsStreams() async throws {
        let id = try await detached()
        #expect(id.count == 64 && id.allSatisfy(\.isHexDigit), "\(id)")
        let logs = try await layerlab(["logs", "talker"])
        #expect(logs.status == 0)
        #expect(logs.stdoutText == "out\nlast\n" && logs.stderr == "err\n")
        // Each line is one JSON object, with Docker's keys in Docker's order.
        let lines = try String(contentsOfFile: try logFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasPrefix(#"{"log":"out\n","stream":"stdout","time":"20"#), "\(lines)")
        // --tail (-n) keeps the last lines; -t puts each line's time first.
        let tail = try await layerlab(["logs", "-t", "-n", "1", "talker"])
        #expect(tail.stderr.isEmpty && tail.stdoutText.hasSuffix("Z last\n") && tail.stdoutText.hasPrefix("20"))
        // start runs the command again, in the background as Docker's: its output is added to the log.
        // Its trace says so: the shim writes none, so the command records the start itself.
        let trace = folder.file("start.jsonl")
        #expect(try await layerlab(["start", "--trace", trace, "talker"]).status == 0)
        let started = try TraceFile.read(path: trace).map(\.event)
        #expect(started == [.operationStarted(kind: .start, arguments: ["talker"]), .operationFinished(error: nil)])
        #expect(try await layerlab(["wait", "talker"]).stdoutText == "0\n")
        #expect(try await layerlab(["logs", id]).stdoutText == "out\nlast\nout\nlast\n")
        #expect(try await layerlab(["ps", "-a"]).stdoutText.contains("Exited (0)"))
    }

    @Test func badRequestsAndADamagedLogSayWhatAndWhere() async throws {
        _ = try await detached()
        let missing = try await layerlab(["logs", "nosuch"])
        #expect(missing.status == 1 && missing.stderr == "Error: No such container: nosuch\n")
        let tail = try await layerlab(["logs", "--tail", "many", "talker"])
        #expect(tail.status != 0 && tail.stderr.contains("invalid value \"many\" for --tail"), "\(tail.stderr)")
        // A last line cut short (the command killed mid-write) is left out; a damaged line is named.
        let path = try logFile
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"log":"half"#.utf8))
        try handle.close()
        #expect(try await layerlab(["logs", "talker"]).stdoutText == "out\nlast\n")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: #"{"log":"err"#, with: "garbage")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let damaged = try await layerlab(["logs", "talker"])
        #expect(damaged.status != 0 && damaged.stderr.contains("line 2 is not a log entry"), "\(damaged.stderr)")
        // rm takes the log with the container.
        #expect(try await layerlab(["rm", "talker"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
