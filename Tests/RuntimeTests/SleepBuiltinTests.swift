import Foundation
import LayerlabTestSupport
import Testing

@testable import Runtime

/// `sleep`, which a container runs to stay up: busybox's durations, and its refusals.
struct SleepBuiltinTests {
    @Test(arguments: [
        ("1", 1.0), ("0.25", 0.25), ("2m", 120.0), ("1h", 3600.0), ("1d", 86400.0), ("3s", 3.0),
        ("inf", Double.infinity), ("infinity", Double.infinity),
    ])
    func durationsAreReadAsBusyboxReadsThem(text: String, seconds: Double) {
        #expect(Builtins.seconds(text) == seconds)
    }

    @Test(arguments: ["", "abc", "-1", "1x", "1e3", "s", "0x10"])
    func whatBusyboxRefusesIsRefused(text: String) {
        #expect(Builtins.seconds(text) == nil)
    }

    @Test func itWaitsTheSumOfItsDurationsThenGoesOn() throws {
        let harness = try SimShellHarness()
        try BusyboxImage.make(in: harness.store, folder: harness.folder, withBusybox: false)
        let started = ContinuousClock.now
        let outcome = try harness.run("sleep 0.1 0.1 && echo woke")
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        #expect(outcome.exitCode == 0 && outcome.output == "woke\n")
    }

    @Test func aBadDurationSaysWhichAndFails() throws {
        let harness = try SimShellHarness()
        try BusyboxImage.make(in: harness.store, folder: harness.folder, withBusybox: false)
        let bad = try harness.run("sleep soon")
        #expect(bad.exitCode == 1 && bad.errors == "sleep: invalid number 'soon'\n")
        let none = try harness.run("sleep")
        #expect(none.exitCode == 1 && none.errors == "sleep: missing operand\n")
    }
}
