import Foundation

extension ImageStore {
    /// Runs `body`, store work that may wait for another process's lock (a build holding it for
    /// minutes, say), on a thread of its own. An async caller awaits it without blocking one of the
    /// few threads Swift's concurrency runs every task on, so downloads and servers in the same
    /// process go on while it waits.
    public static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result(catching: body)) }
            thread.name = "layerlab store"
            thread.start()
        }
    }
}
