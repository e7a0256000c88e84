import Foundation
import LayerlabTestSupport
import OCI
import Runtime
import Store
import Trace
import UnionFS

/// Runs commands in containers of a test store and reads what they did: their output, their
/// changes and their merged file system.
struct SimShellHarness {
    let folder = TemporaryDirectory("sim-shell")
    let store: ImageStore

    init(trace: TraceRecorder = .disabled) throws {
        store = try ImageStore(
            root: folder.file("store"), trace: trace, clock: { Date(timeIntervalSince1970: 1_700_000_000) })
    }

    struct Outcome {
        var result: RunResult
        var output: String
        var errors: String
        var id: String { result.container.id.value }
        var exitCode: Int32 { result.exitCode }
    }

    /// Runs `command` (by default `sh -c script`) on `runtime`, capturing standard output and error.
    func run(
        _ script: String, image: String = "busybox:test", runtime: any ContainerRuntime = SimRuntime(),
        command: [String]? = nil, environment: [String] = [], workingDirectory: String? = nil
    ) throws -> Outcome {
        let output = Pipe()
        let errors = Pipe()
        let result = try store.containers.run(
            ContainerSpec(
                image: image, command: command ?? ["sh", "-c", script], environment: environment,
                workingDirectory: workingDirectory),
            runtime: runtime,
            io: RunIO(standardOutput: output.fileHandleForWriting, standardError: errors.fileHandleForWriting))
        try output.fileHandleForWriting.close()
        try errors.fileHandleForWriting.close()
        return Outcome(
            result: result,
            output: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            errors: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// `docker diff` of the container, as text lines.
    func changes(_ outcome: Outcome) throws -> [String] {
        try store.containers.changes(of: outcome.id).map(\.description)
    }

    /// The container's merged view.
    func view(_ outcome: Outcome) throws -> UnionView {
        try store.containers.withFilesystem(outcome.id) { $0.layer().merged }
    }

    /// The text of a regular file in the container, `nil` when it has none there.
    func text(_ path: String, in outcome: Outcome) throws -> String? {
        let view = try view(outcome)
        guard let entry = try view.lookup(path), entry.kind == .regular else { return nil }
        return String(decoding: try view.contents(of: entry), as: UTF8.self)
    }

    /// The container's read-write folder.
    func upperFolder(_ outcome: Outcome) throws -> String {
        try store.containers.withFilesystem(outcome.id) { $0.upperFolder }
    }
}
