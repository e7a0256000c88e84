import LayerlabTestSupport
import Testing

/// Runs each test on a thread no other suite can hold (a ``OneThreadExecutor`` the tests with this
/// trait share). A test whose commands race a container's clock (a `sleep` the container must still
/// be in) then goes on at once after each command, not when Swift's shared pool next has a thread
/// free, which the suite's synchronous tests can keep for tens of seconds.
struct OnAThreadOfItsOwn: SuiteTrait, TestTrait, TestScoping {
    static let executor = OneThreadExecutor(name: "tests racing a clock")

    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(Self.executor) { try await function() }
    }
}

extension Trait where Self == OnAThreadOfItsOwn {
    static var onAThreadOfItsOwn: Self { Self() }
}
