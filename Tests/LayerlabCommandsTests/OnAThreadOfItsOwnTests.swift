import LayerlabTestSupport
import Testing

@Suite(.onAThreadOfItsOwn) struct OnAThreadOfItsOwnTests {
    /// The test runs on the trait's thread, and comes back to it after awaiting a tool.
    @Test func aTestAndWhatFollowsItsAwaitsRunOnTheTraitsThread() async throws {
        #expect(OnAThreadOfItsOwn.executor.isCurrent)
        _ = try await runTool("true", [])
        #expect(OnAThreadOfItsOwn.executor.isCurrent)
    }

    /// What the test above asks of the executor is false elsewhere.
    @Test func aTaskOfItsOwnRunsElsewhere() async {
        #expect(await Task.detached { OnAThreadOfItsOwn.executor.isCurrent }.value == false)
    }
}
