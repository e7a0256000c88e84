import Foundation
import OCI
import Trace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A container's output as Docker's json-file log driver keeps it, in
/// `containers/<id>/<id>-json.log`: one JSON object per line the command wrote
/// (`{"log":"hi\n","stream":"stdout","time":"…"}`), appended as it writes. `docker logs` reads it
/// back, and `rm` removes it with the container's folder.
public enum ContainerLog {
    /// One line of output (the last may lack its newline), with the stream and when it came.
    public struct Entry: Codable, Sendable, Equatable {
        public var log: String
        /// `stdout` or `stderr`.
        public var stream: String
        public var time: String

        public init(log: String, stream: String, time: String) {
            self.log = log
            self.stream = stream
            self.time = time
        }
    }

    /// The most a log is read of: a command that wrote more is not what a lesson runs.
    public static let readLimit = 64 * 1024 * 1024

    /// Appends a running command's output. The streams may write from two threads at once: the
    /// lines of each write go out in one `write`, under a lock, on a file opened for appending, so
    /// lines never interleave.
    public final class Writer: @unchecked Sendable {
        private let descriptor: Int32
        private let clock: @Sendable () -> Date
        private let lock = NSLock()

        init(path: String, clock: @escaping @Sendable () -> Date) throws(StoreError) {
            descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw .io("cannot open", path: path, errno: errno) }
            self.clock = clock
        }

        deinit { close(descriptor) }

        /// Records `bytes` the command wrote to `stream`, a line an entry.
        /// A log that cannot be written does not stop the command: its output still reaches the
        /// terminal and the trace.
        public func write(_ bytes: [UInt8], stream: ContainerOutput.Stream) {
            let time = Timestamp(clock()).rawValue
            var lines = Data()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]  // log, stream, time: Docker's order
            for line in ContainerLog.lines(of: bytes) {
                let entry = Entry(log: String(decoding: line, as: UTF8.self), stream: stream.rawValue, time: time)
                guard let encoded = try? encoder.encode(entry) else { continue }
                lines.append(encoded)
                lines.append(UInt8(ascii: "\n"))
            }
            lock.lock()
            defer { lock.unlock() }
            writeAll(lines, to: descriptor)
        }
    }

    /// The lines of `bytes`, each with its newline; the last without one if the bytes end mid-line.
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.endIndex { result.append(bytes[start...]) }
        return result
    }

    /// The entries of the log at `path`; none when the container never ran.
    /// - Throws: ``StoreError/Code/corrupt`` naming the line that is not an entry. A last line
    ///   without its newline was being written when the command was killed: it is left out.
    static func read(_ path: String) throws(StoreError) -> [Entry] {
        guard FileSystem.exists(path) else { return [] }
        let bytes = try FileSystem.read(path, limit: readLimit)
        var entries: [Entry] = []
        for (number, line) in lines(of: bytes).enumerated() where line.last == UInt8(ascii: "\n") {
            do {
                entries.append(try JSONDecoder().decode(Entry.self, from: Data(line)))
            } catch {
                throw StoreError(.corrupt, "\(path) line \(number + 1) is not a log entry: \(error)", cause: error)
            }
        }
        return entries
    }
}

extension ContainerStore {
    /// Where the container's output is kept.
    public func logPath(_ id: ContainerID) -> String { store.layout.container(id) + "/\(id.value)-json.log" }

    /// A writer for the output of the container's next run, appended to what it wrote before (as
    /// `docker start` appends).
    public func logWriter(_ id: ContainerID) throws(StoreError) -> ContainerLog.Writer {
        try ContainerLog.Writer(path: logPath(id), clock: store.clock)
    }

    /// `docker logs`: what the container's command wrote, every run of it, oldest first.
    /// - Throws: ``StoreError/Code/noSuchContainer``; ``StoreError/Code/corrupt`` for a damaged log.
    public func logs(_ nameOrID: String) throws(StoreError) -> (
        container: ContainerRecord, entries: [ContainerLog.Entry]
    ) {
        try store.withLock(.shared) { () throws(StoreError) in
            let record = try store.readState().resolveContainer(nameOrID).record
            return (record, try ContainerLog.read(logPath(record.id)))
        }
    }
}

/// Writes every byte of `data` to `descriptor`, or stops at the first error.
private func writeAll(_ data: Data, to descriptor: Int32) {
    data.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, base + offset, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
