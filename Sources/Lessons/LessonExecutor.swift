/// Runs one `layerlab` command for a lesson, as the learner would type it: the CLI supplies one
/// that starts its own executable, so a lesson shows exactly what the command prints.
public protocol LessonExecutor: Sendable {
    /// Runs `layerlab ARGUMENTS` in `directory` with `environment` added to the process's own,
    /// and returns its exit status and its standard output and error, interleaved as printed.
    func run(_ arguments: [String], environment: [String: String], directory: String) async throws -> CommandOutput
}

public struct CommandOutput: Sendable, Equatable {
    public var status: Int32
    public var text: String

    public init(status: Int32, text: String) {
        self.status = status
        self.text = text
    }
}
