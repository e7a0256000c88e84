import Foundation
import LayerlabTestSupport
import Testing
import Trace

/// `run -d` keeps a container running in the background, as Docker's does: `ps` shows it Up, a
/// running container is a conflict `-f` cannot force, and `stop`, `kill`, `wait` and `rm -f` end it.
@Suite(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"), .onAThreadOfItsOwn)
struct BackgroundContainerTests {
    let folder = TemporaryDirectory("background")

    func layerlab(_ arguments: [String]) async throws -> ProcessResult {
        try await runTool(
            ContainerCommandTests.executable,
            Array(arguments.prefix(1)) + ["--root", folder.file("store")] + arguments.dropFirst(), expectSuccess: false)
    }

    /// Imports the test image and starts `command` in the background as `name`; returns its ID.
    func detached(_ name: String, _ command: [String], flags: [String] = []) async throws -> String {
        if !FileManager.default.fileExists(atPath: folder.file("rootfs.tar")) {
            let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs.tar"))
            #expect(try await layerlab(["import", tarball, "demo:v1"]).status == 0)
        }
        let run = try await layerlab(["run", "-d"] + flags + ["--name", name, "demo:v1"] + command)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        return run.stdoutText.trimmingCharacters(in: .newlines)
    }

    /// The pids of the shims keeping this test's containers (`/proc/*/cmdline`).
    var shims: [Int32] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return pids.filter { pid in
            let words = (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()).split(separator: 0)
                .map { String(decoding: $0, as: UTF8.self) }
            return words.contains("container-shim") && words.contains(folder.file("store"))
        }
    }

    /// Whatever a failed expectation left running.
    func endShims() {
        for pid in shims { kill(pid, SIGKILL) }
    }

    func status(of name: String) async throws -> String {
        let line = try await layerlab(["ps", "-a"]).stdoutText.split(separator: "\n").first { $0.hasSuffix(" \(name)") }
        return line.map(String.init) ?? ""
    }

    /// A workspace names itself as its containers' owner: when that process is gone, however it went
    /// (a SIGKILLed playground cleans nothing up), the shims it left end within a second or so. One
    /// started without an owner, as by a person at a terminal, runs on.
    @Test func aShimEndsWithTheProcessThatOwnsIt() async throws {
        defer { endShims() }
        let owner = Process()
        owner.executableURL = URL(fileURLWithPath: "/bin/sh")
        owner.arguments = ["-c", "read line"]
        owner.standardInput = Pipe()
        try owner.run()
        _ = try await detached("free", ["sleep", "60"])
        let owned = try await runTool(
            ContainerCommandTests.executable,
            ["run", "--root", folder.file("store"), "-d", "--name", "owned", "demo:v1", "sleep", "60"],
            environment: ["LAYERLAB_SHIM_OWNER": String(owner.processIdentifier)], expectSuccess: false)
        #expect(owned.status == 0, "\(owned.stderr)")
        #expect(shims.count == 2)
        // SIGKILL: nothing cleans up after it. (SIGTERM is among the signals the shell inherits
        // blocked from the test's thread, so Process.terminate() would not end it.)
        kill(owner.processIdentifier, SIGKILL)
        owner.waitUntilExit()
        for _ in 0..<50 where shims.count > 1 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(shims.count == 1, "the owned shim outlived its owner")
        #expect(try await status(of: "free").contains("Up "))
    }

    @Test func aDetachedContainerRunsUntilStopEndsItAndMeanwhileCannotBeForcedAway() async throws {
        defer { endShims() }
        let id = try await detached("web", ["sleep", "60"])
        #expect(id.count == 64, "\(id)")
        let up = try await status(of: "web")
        #expect(up.contains("Up "), "\(up)")
        #expect(shims.count == 1)
        let removal = try await layerlab(["rm", "web"])
        #expect(
            removal.status == 1
                && removal.stderr
                    == "Error: cannot remove container \"/web\": container is running: stop the container before "
                    + "removing or force remove\n",
            "\(removal.stderr)")
        let image = try await layerlab(["images", "-q"]).stdoutText.trimmingCharacters(in: .newlines)
        let forced = try await layerlab(["rmi", "-f", image])
        #expect(
            forced.status == 1
                && forced.stderr
                    == "Error: conflict: unable to delete \(image) (cannot be forced) - image is being used by running "
                    + "container \(id.prefix(12))\n",
            "\(forced.stderr)")
        // SIGTERM is lost on the container's PID 1: stop waits its time, then SIGKILL ends it.
        let started = ContinuousClock.now
        let stop = try await layerlab(["stop", "-t", "1", "web", "--trace", folder.file("stop.jsonl")])
        #expect(stop.status == 0 && stop.stdoutText == "web\n", "\(stop.stderr)")
        #expect(ContinuousClock.now - started >= .seconds(1))
        let exited = try await status(of: "web")
        #expect(exited.contains("Exited (137)"), "\(exited)")
        #expect(shims.isEmpty)
        let events = try TraceFile.read(path: folder.file("stop.jsonl")).map(\.event)
        let stopped = Self.exits(events).first { $0.id == id }
        #expect(stopped?.code == 137 && stopped?.layerSize != nil, "the end says what the layer holds: \(events)")
        // Stopping a stopped container changes nothing, and is no error.
        #expect(try await layerlab(["stop", "web"]).stdoutText == "web\n")
        #expect(try await layerlab(["rm", "web"]).status == 0)
    }

    /// No trace saw the command end in the background: the next command that opens the store tells it.
    @Test func anEndInTheBackgroundIsToldByTheNextCommand() async throws {
        defer { endShims() }
        _ = try await detached("job", ["sh", "-c", "echo working; sleep 0.2; echo done"])
        let wait = try await layerlab(["wait", "job"])
        #expect(wait.status == 0 && wait.stdoutText == "0\n", "\(wait.stderr)")
        #expect(try await layerlab(["logs", "job"]).stdoutText == "working\ndone\n")
        let id = try await detached("short", ["sleep", "0.1"])
        var ended = false
        for _ in 0..<100 where !ended {
            try await Task.sleep(for: .milliseconds(50))
            ended = try await status(of: "short").contains("Exited (0)")
        }
        #expect(ended)
        // ps above opened the store, so it told the end; a trace from then on starts after it.
        let id2 = try await detached("later", ["sleep", "0.1"])
        // Its end, kept untold beside its record until a command opens the store.
        let untold = folder.file("store/containers/\(id2)/exit-untold")
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: untold) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(FileManager.default.fileExists(atPath: untold))
        _ = try await layerlab(["images", "--trace", folder.file("images.jsonl")])
        let records = try TraceFile.read(path: folder.file("images.jsonl"))
        let kinds = records.compactMap { if case .operationStarted(let kind, _) = $0.event { kind } else { nil } }
        #expect(kinds.first == .ended, "\(kinds)")
        let exits = Self.exits(records.map(\.event))
        #expect(exits.contains { $0.id == id2 && $0.code == 0 })
        #expect(!exits.contains { $0.id == id }, "told twice")
    }

    /// `logs -f` prints what a background container writes as it writes it, and ends with it.
    @Test func logsFollowPrintsUntilTheCommandEnds() async throws {
        defer { endShims() }
        _ = try await detached("talker", ["sh", "-c", "echo one; sleep 0.3; echo two >&2; sleep 0.2; echo three"])
        let followed = try await layerlab(["logs", "-f", "talker", "--trace", folder.file("logs.jsonl")])
        #expect(followed.status == 0 && followed.stdoutText == "one\nthree\n", "\(followed.stdoutText)")
        #expect(followed.stderr == "two\n", "\(followed.stderr)")
        // The command that saw the end tells it.
        let told = try TraceFile.read(path: folder.file("logs.jsonl")).contains {
            if case .containerExited(_, 0, _) = $0.event { true } else { false }
        }
        #expect(told)
        let exited = try await status(of: "talker")
        #expect(exited.contains("Exited (0)"), "\(exited)")
        // An exited container's log is printed at once, from its --tail on.
        #expect(try await layerlab(["logs", "-f", "-n", "1", "talker"]).stdoutText == "three\n")
    }

    /// `start -a` of a container running in the background attaches to it, as Docker's does: what
    /// it writes from then on, and its status, without running the command a second time.
    @Test func startAttachOfARunningContainerAttachesToIt() async throws {
        defer { endShims() }
        // Five seconds between the two lines: time for `logs` and `start -a` on a busy machine.
        _ = try await detached("job", ["sh", "-c", "echo early; sleep 5; echo late; exit 3"])
        var written = false
        for _ in 0..<100 where !written {
            written = try await !layerlab(["logs", "job"]).stdoutText.isEmpty
        }
        let attached = try await layerlab(["start", "-a", "job"])
        #expect(attached.status == 3 && attached.stdoutText == "late\n", "\(attached.stdoutText)")
        #expect(try await layerlab(["logs", "job"]).stdoutText == "early\nlate\n", "ran once")
    }

    @Test func killEndsAtOnceAndRmForceKillsThenRemoves() async throws {
        defer { endShims() }
        let id = try await detached("one", ["sleep", "60"])
        let kill = try await layerlab(["kill", "one"])
        #expect(kill.status == 0 && kill.stdoutText == "one\n", "\(kill.stderr)")
        #expect(try await status(of: "one").contains("Exited (137)"))
        let again = try await layerlab(["kill", "one"])
        #expect(
            again.status == 1
                && again.stderr == "Error: cannot kill container: one: container \(id) is not running\n",
            "\(again.stderr)")
        _ = try await detached("two", ["sleep", "60"])
        #expect(shims.count == 1)
        let forced = try await layerlab(["rm", "-f", "two"])
        #expect(forced.status == 0 && forced.stdoutText == "two\n", "\(forced.stderr)")
        let gone = try await status(of: "two")
        #expect(shims.isEmpty && gone.isEmpty)
    }

    @Test func runDetachedWithRmIsRemovedOnceItsEndIsTold() async throws {
        defer { endShims() }
        _ = try await detached("brief", ["sleep", "0.1"], flags: ["--rm"])
        // Each command opens the store, which tells the end and removes the container: whichever
        // command comes first after the end (as with Docker, `wait` may find it gone already).
        var listed = try await layerlab(["ps", "-a", "--trace", folder.file("ps.jsonl")])
        for _ in 0..<100 where listed.stdoutText.contains("brief") {
            try await Task.sleep(for: .milliseconds(50))
            listed = try await layerlab(["ps", "-a", "--trace", folder.file("ps.jsonl")])
        }
        #expect(!listed.stdoutText.contains("brief"), "\(listed.stdoutText)")
        let events = try TraceFile.read(path: folder.file("ps.jsonl")).map(\.event)
        let ended = events.firstIndex { if case .containerExited(_, 0, _) = $0 { true } else { false } }
        let removed = events.firstIndex { if case .containerRemoved(_, "brief") = $0 { true } else { false } }
        #expect(ended != nil && removed != nil && ended! < removed!, "told, then removed: \(events)")
    }

    @Test func badRequestsSayWhatIsWrong() async throws {
        defer { endShims() }
        _ = try await detached("web", ["true"])
        #expect(try await layerlab(["stop", "nosuch"]).stderr == "Error: No such container: nosuch\n")
        #expect(try await layerlab(["wait", "nosuch"]).stderr == "Error: No such container: nosuch\n")
        let signal = try await layerlab(["kill", "-s", "BOGUS", "web"])
        #expect(signal.status != 0 && signal.stderr.contains("invalid signal: BOGUS"), "\(signal.stderr)")
        let negative = try await layerlab(["stop", "--time=-5", "web"])
        #expect(negative.status != 0 && negative.stderr.contains("invalid value for --time: -5"), "\(negative.stderr)")
        let words = try await layerlab(["stop", "-t", "soon", "web"])
        #expect(words.status != 0 && words.stderr.contains("soon"), "\(words.stderr)")
    }

    /// The containers' ends the events tell.
    static func exits(_ events: [TraceEvent]) -> [(id: String, code: Int32, layerSize: Int64?)] {
        events.compactMap {
            if case .containerExited(let id, let code, let size) = $0 { (id, code, size) } else { nil }
        }
    }
}
