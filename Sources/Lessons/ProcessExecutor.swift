import Foundation

/// Runs lesson commands with a `layerlab` executable in a process of its own: the CLI passes its
/// own path, so a lesson shows exactly what the learner would see typing the commands.
public struct ProcessExecutor: LessonExecutor {
    public var executable: String
    /// How long one command may run before it is stopped (the playground's, so that
    /// `run busybox sleep 1000` does not hold the command box); none by default.
    public var timeLimit: Duration?

    /// The status of a command stopped at the time limit, as coreutils' `timeout` gives it.
    public static let timedOutStatus: Int32 = 124

    public init(executable: String, timeLimit: Duration? = nil) {
        self.executable = executable
        self.timeLimit = timeLimit
    }

    public func run(_ arguments: [String], environment: [String: String], directory: String) async throws
        -> CommandOutput
    {
        let executable = executable
        let timeLimit = timeLimit
        return try await withCheckedThrowingContinuation { continuation in
            // The wait blocks a thread of its own: not one of the concurrency pool's, which the
            // embedded registry a lesson runs needs, nor the dispatch pool's, which a busy process
            // can leave without a free thread for seconds.
            Thread {
                let program = GroupedProcess(
                    executable: executable, arguments: arguments, environment: environment, directory: directory)
                do {
                    let ended = try program.run(timeLimit: timeLimit)
                    var result = CommandOutput(
                        status: ended.status, text: String(decoding: ended.output, as: UTF8.self))
                    if ended.timedOut, let limit = timeLimit {
                        result.status = Self.timedOutStatus
                        result.text +=
                            (result.text.isEmpty || result.text.hasSuffix("\n") ? "" : "\n")
                            + "layerlab: stopped after \(limit.components.seconds) s, the time one command may take here\n"
                    }
                    continuation.resume(returning: result)
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }
}
