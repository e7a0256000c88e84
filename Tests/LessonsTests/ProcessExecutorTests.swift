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
}
