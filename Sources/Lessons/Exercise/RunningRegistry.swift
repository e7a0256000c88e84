import Foundation
import Registry

/// An embedded registry that runs until it is stopped, for a workspace that lives longer than one
/// call (the playground's): ``EmbeddedRegistry/withRunning(_:)`` fits a lesson, which runs in one go.
final class RunningRegistry: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    /// Starts a registry on `preferredPort`, or on any free port when that one is taken.
    static func start(root: String, auth: EmbeddedRegistry.AuthMode, preferredPort: Int) async throws -> RunningRegistry
    {
        var lastError: (any Error)?
        for port in Set([preferredPort, 0]).sorted(by: >) {
            let registry = try EmbeddedRegistry(root: root, configuration: .init(port: port, auth: auth))
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let task = Task {
                defer { continuation.finish() }
                try await registry.run { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            if let bound = await iterator.next() { return RunningRegistry(port: bound, task: task) }
            do { try await task.value } catch { lastError = error }
        }
        throw lastError ?? RegistryError(.transport, "the embedded registry did not start")
    }

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
