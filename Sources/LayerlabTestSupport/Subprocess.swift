import Foundation

/// The outcome of running a peer tool (GNU tar, skopeo, umoci, the distribution registry).
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// Why a peer tool could not be run or failed.
public struct PeerToolError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Runs `tool` with `arguments`, feeding `input` on standard input, and waits for it.
/// - Parameter environment: variables added to (or replacing) this process's environment.
@discardableResult
public func runTool(
    _ tool: String,
    _ arguments: [String],
    input: Data? = nil,
    currentDirectory: String? = nil,
    environment: [String: String] = [:],
    expectSuccess: Bool = true
) throws -> ProcessResult {
    guard let executable = tool.hasPrefix("/") ? tool : TestEnvironment.which(tool) else {
        throw PeerToolError(description: "\(tool) is not installed")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes concurrently so a chatty tool cannot block on a full pipe. A thread of its
    // own: Dispatch's global queues add a thread only about once a second when theirs all wait.
    nonisolated(unsafe) var errData = Data()
    let errRead = DispatchSemaphore(value: 0)
    Thread {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        errRead.signal()
    }.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errRead.wait()
    process.waitUntilExit()
    let result = ProcessResult(
        status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    if expectSuccess && result.status != 0 {
        throw PeerToolError(
            description: "\(tool) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    }
    return result
}

/// ``runTool(_:_:input:currentDirectory:environment:expectSuccess:)``, waited for on a thread of
/// its own. Swift's concurrency pool has as many threads as the machine has cores (two here), and
/// a test that waits for a tool on one of them holds it: with two such tests every async test and
/// every server running in the test process stops, for minutes when the tools are slow.
@discardableResult
public func runTool(
    _ tool: String,
    _ arguments: [String],
    input: Data? = nil,
    currentDirectory: String? = nil,
    environment: [String: String] = [:],
    expectSuccess: Bool = true
) async throws -> ProcessResult {
    try await offThePool {
        try runTool(
            tool, arguments, input: input, currentDirectory: currentDirectory, environment: environment,
            expectSuccess: expectSuccess)
    }
}

/// Runs `work`, which blocks (waits for a process, sleeps), on a new thread, and waits for it
/// without holding one of the concurrency pool's threads.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
