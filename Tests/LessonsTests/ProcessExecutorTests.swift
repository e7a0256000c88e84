import Foundation
import Testing

@testable import Lessons

@Suite struct ProcessExecutorTests {
    /// A command past its time limit is stopped, says so, and exits 124 as `timeout` would.
    @Test func aCommandPastItsTimeLimitIsStoppedAndSaysSo() async throws {
        let executor = ProcessExecutor(executable: "/bin/sh", timeLimit: .seconds(1))
        let started = ContinuousClock.now
        let output = try await executor.run(
            ["-c", "echo started; sleep 60"], environment: [:], directory: NSTemporaryDirectory())
        #expect(output.status == ProcessExecutor.timedOutStatus)
        #expect(output.text == "started\nlayerlab: stopped after 1 s, the time one command may take here\n")
        #expect(ContinuousClock.now - started < .seconds(45), "the command ran to its end")
    }

    @Test func aCommandWithinItsTimeLimitKeepsItsOwnStatus() async throws {
        let executor = ProcessExecutor(executable: "/bin/sh", timeLimit: .seconds(30))
        let output = try await executor.run(["-c", "echo done; exit 3"], environment: [:], directory: "/")
        #expect(output.status == 3)
        #expect(output.text == "done\n")
    }

    /// Without a time limit a command stays in layerlab's process group, so Ctrl-C on `lesson run`
    /// reaches it too; under one it has a group of its own, which the limit stops whole.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat"), "reads /proc (Linux)"))
    func onlyATimeLimitGivesACommandAGroupOfItsOwn() async throws {
        let script = ["-c", "cut -d' ' -f5 /proc/$$/stat"]
        let plain = try await ProcessExecutor(executable: "/bin/sh").run(script, environment: [:], directory: "/")
        #expect(plain.text == "\(getpgrp())\n")
        let limited = try await ProcessExecutor(executable: "/bin/sh", timeLimit: .seconds(30)).run(
            script, environment: [:], directory: "/")
        #expect(limited.status == 0)
        #expect(!limited.text.isEmpty && limited.text != "\(getpgrp())\n", "\(limited.text)")
    }
}
