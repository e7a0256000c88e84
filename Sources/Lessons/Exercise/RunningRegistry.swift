import Foundation
import Registry

/// An embedded registry that runs until it is stopped: a lesson's for its run, an exercise
/// workspace's for as long as the playground keeps the level open.
final class RunningRegistry: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    /// Starts the registry a lesson needs: open, or with Docker Hub's token flow for the lesson's
    /// account, whose users file goes to `usersFile`.
    static func start(for need: Lesson.RegistryNeed, root: String, usersFile: String, preferredPort: Int)
        async throws -> RunningRegistry
    {
        var auth = EmbeddedRegistry.AuthMode.none
        if need == .token {
            try Data((UsersFile.line(user: LessonRunner.user, password: LessonRunner.password) + "\n").utf8)
                .write(to: URL(fileURLWithPath: usersFile))
            auth = .token(usersFile: usersFile)
        }
        return try await start(root: root, auth: auth, preferredPort: preferredPort)
    }

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
