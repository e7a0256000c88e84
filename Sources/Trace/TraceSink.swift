import Foundation
import Synchronization

/// Something that receives trace records as they happen: a file, a list in memory, a live view.
public protocol TraceSink: Sendable {
    func receive(_ record: TraceRecord)
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
    private let handle: Mutex<FileHandle>
    private let encoder: JSONEncoder

    /// Creates (or truncates) the file at `path`.
    /// - Throws: ``TraceError`` when the file cannot be created.
    public init(path: String) throws(TraceError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw TraceError(.cannotWrite, "cannot create trace file \(path): \(String(cString: strerror(errno)))")
        }
        self.handle = Mutex(handle)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    public func receive(_ record: TraceRecord) {
        guard var line = try? encoder.encode(record) else { return }
        line.append(0x0A)
        handle.withLock { try? $0.write(contentsOf: line) }
    }

    deinit {
        handle.withLock { try? $0.close() }
    }
}

/// Calls a closure for each record, for live views such as progress and narration.
public struct ClosureSink: TraceSink {
    private let body: @Sendable (TraceRecord) -> Void

    public init(_ body: @escaping @Sendable (TraceRecord) -> Void) { self.body = body }

    public func receive(_ record: TraceRecord) { body(record) }
}
