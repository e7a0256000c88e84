import Foundation

/// Runs lesson commands with a `layerlab` executable in a process of its own: the CLI passes its
/// own path, so a lesson shows exactly what the learner would see typing the commands.
public struct ProcessExecutor: LessonExecutor {
    public var executable: String

    public init(executable: String) {
        self.executable = executable
    }

    public func run(_ arguments: [String], environment: [String: String], directory: String) async throws
        -> CommandOutput
    {
        let executable = executable
        return try await withCheckedThrowingContinuation { continuation in
            // The wait blocks a thread: not one of the concurrency pool's, which the embedded
            // registry a lesson runs needs.
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(
                        returning: CommandOutput(
                            status: process.terminationStatus, text: String(decoding: data, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
