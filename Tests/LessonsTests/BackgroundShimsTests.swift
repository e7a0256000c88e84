import Foundation
import LayerlabTestSupport
import Testing

@testable import Lessons

/// A workspace ends the background containers of its store when it goes, or goes back (undo):
/// their shims are found by their command line. Stand-ins here: a shell whose words are a shim's.
struct BackgroundShimsTests {
    let folder = TemporaryDirectory("shims")

    /// A process whose command line reads `… container-shim --root ROOT ID`, as a shim's does. It
    /// waits with the shell's own `read`, on a pipe nobody writes to: a `sleep` would be forked, and
    /// the child, until it runs `sleep`, has the same command line (a loaded run found it as a
    /// second shim). It is ended by SIGKILL: it inherits the test thread's blocked signals, SIGTERM
    /// among them, so `terminate()` would leave it waiting for good.
    func fakeShim(root: String, container: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "read line; :", "container-shim", "--root", root, container]
        process.standardInput = Pipe()
        try process.run()
        return process
    }

    /// A container record as the store writes it, with the state the shim would have given it.
    func record(root: String, container: String, name: String, status: String, pid: Int32) throws {
        let path = "\(root)/containers/\(container)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let json = #"{"ID":"\#(container)","Name":"\#(name)","State":{"Status":"\#(status)","Pid":\#(pid)}}"#
        try json.write(toFile: path + "/config.v2.json", atomically: true, encoding: .utf8)
    }

    /// Whether `process` ended within a few seconds: the process is looked at in /proc, where a
    /// zombie (ended, not yet reaped by Foundation) has ended.
    func ends(_ process: Process) -> Bool {
        for _ in 0..<250 where runs(process) { usleep(20_000) }
        return !runs(process)
    }

    func runs(_ process: Process) -> Bool {
        let pid = process.processIdentifier
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    @Test func onlyTheShimsOfTheWorkspaceAreFoundAndEnded() throws {
        let mine = try fakeShim(root: folder.file("work/store"), container: "aaa")
        let other = try fakeShim(root: folder.file("elsewhere/store"), container: "bbb")
        defer { kill(other.processIdentifier, SIGKILL) }
        let found = BackgroundShims.running(under: folder.file("work"))
        #expect(found.map(\.pid) == [mine.processIdentifier] && found.first?.container == "aaa", "\(found)")
        BackgroundShims.stop(under: folder.file("work"))
        #expect(ends(mine))
        #expect(runs(other))
    }

    /// After an undo, a shim stays only while the store put back records its container running in
    /// that very process; a container it records running with no process is named, to be told.
    @Test func undoKeepsTheShimsTheStoreStillHasAndNamesTheStranded() throws {
        let root = folder.file("work/store")
        let kept = try fakeShim(root: root, container: "kept")
        let started = try fakeShim(root: root, container: "started")
        defer { kill(kept.processIdentifier, SIGKILL) }
        try record(root: root, container: "kept", name: "web", status: "running", pid: kept.processIdentifier)
        try record(root: root, container: "gone", name: "db", status: "running", pid: Int32.max)
        try record(root: root, container: "done", name: "job", status: "exited", pid: 0)
        BackgroundShims.stop(under: folder.file("work"), keeping: BackgroundShims.isKept)
        #expect(ends(started))
        #expect(runs(kept))
        #expect(BackgroundShims.stranded(in: root) == ["db"])
    }
}
