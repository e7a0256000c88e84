import Foundation
import Testing

@testable import Lessons

@Suite struct ProcessExecutorTests {
    /// A command past its time limit is stopped, with what it started, says so, and exits 124 as
    /// `timeout` would. (No wall-clock bound: under the whole suite the test's own task can wait
    /// minutes for a thread. What the command did not get to do shows it was stopped.)
    @Test func aCommandPastItsTimeLimitIsStoppedAndSaysSo() async throws {
        let executor = ProcessExecutor(executable: "/bin/sh", timeLimit: .seconds(1))
        let marker = NSTemporaryDirectory() + "/layerlab-time-limit-\(UUID().uuidString)"
        let output = try await executor.run(
            ["-c", "(sleep 10; echo late > \(marker)) & echo started; sleep 60; echo finished"], environment: [:],
            directory: NSTemporaryDirectory())
        #expect(output.status == ProcessExecutor.timedOutStatus)
        #expect(output.text == "started\nlayerlab: stopped after 1 s, the time one command may take here\n")
        try await Task.sleep(for: .seconds(12))
        #expect(!FileManager.default.fileExists(atPath: marker), "a program the command started outlived the limit")
        try? FileManager.default.removeItem(atPath: marker)
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
