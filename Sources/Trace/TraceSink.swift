import Foundation
import Synchronization

/// Something that receives trace records as they happen: a file, a list in memory, a live view.
public protocol TraceSink: Sendable {
    func receive(_ record: TraceRecord)
    /// Throws the first failure to keep a record, if there was one: records are handed over
    /// while the engine works, which cannot stop for a full disk, so the failure is told at the end.
    func finish() throws(TraceError)
}

extension TraceSink {
    public func finish() throws(TraceError) {}
}

/// Keeps every record in memory, for tests and lessons.
public final class RecordingSink: TraceSink {
    private let storage = Mutex<[TraceRecord]>([])

    public init() {}

    public func receive(_ record: TraceRecord) {
        storage.withLock { $0.append(record) }
    }

    /// The records received so far, in order.
    public var records: [TraceRecord] { storage.withLock { $0 } }
    /// The events received so far, in order.
    public var events: [TraceEvent] { records.map(\.event) }
}

/// Writes each record as one line of JSON (JSON Lines), for `--trace FILE`.
public final class JSONLinesSink: TraceSink {
    private let path: String
    /// The file, and the first write that failed.
    private let state: Mutex<(handle: FileHandle, failure: TraceError?)>
    private let encoder: JSONEncoder

    /// Creates (or truncates) the file at `path`, opened as `>` in a shell opens it: a device
    /// or a pipe (`/dev/stdout`) is written to, and a symlink's target, never replaced.
    /// - Throws: ``TraceError`` when the file cannot be created.
    public init(path: String) throws(TraceError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TraceError(.cannotWrite, "cannot create trace file \(path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.path = path
        state = Mutex((handle, nil))
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    public func receive(_ record: TraceRecord) {
        let line: Data
        do {
            line = try encoder.encode(record) + [0x0A]
        } catch {
            fail(TraceError(.cannotWrite, "cannot encode record #\(record.sequence) for \(path)", cause: error))
            return
        }
        state.withLock { state in
            guard state.failure == nil else { return }
            do {
                try state.handle.write(contentsOf: line)
            } catch {
                state.failure = TraceError(
                    .cannotWrite, "cannot write trace file \(path) (record #\(record.sequence))", cause: error)
            }
        }
    }

    public func finish() throws(TraceError) {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    private func fail(_ error: TraceError) {
        state.withLock { state in if state.failure == nil { state.failure = error } }
    }

    deinit {
        state.withLock { try? $0.handle.close() }
    }
}

/// Calls a closure for each record, for live views such as progress and narration.
public struct ClosureSink: TraceSink {
    private let body: @Sendable (TraceRecord) -> Void

    public init(_ body: @escaping @Sendable (TraceRecord) -> Void) { self.body = body }

    public func receive(_ record: TraceRecord) { body(record) }
}
