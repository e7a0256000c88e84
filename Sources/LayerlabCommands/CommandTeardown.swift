import AsyncHTTPClient
import Synchronization
import Trace

/// What a command leaves to do when it ends, whether it succeeded or failed: shut down the HTTP
/// clients made for its tracer (their last spans end), write its OTLP trace file, and tell a
/// trace it could not write.
enum CommandTeardown {
    private struct Pending {
        var clients: [HTTPClient] = []
        var spanFiles: [OTLPSpanFile] = []
        var recorders: [TraceRecorder] = []
    }

    private static let pending = Mutex(Pending())

    static func add(_ client: HTTPClient) { pending.withLock { $0.clients.append(client) } }
    static func add(_ file: OTLPSpanFile) { pending.withLock { $0.spanFiles.append(file) } }
    static func add(_ recorder: TraceRecorder) { pending.withLock { $0.recorders.append(recorder) } }

    /// Shuts the clients down, then finishes the traces.
    static func finish() async throws {
        let clients = pending.withLock { value in
            defer { value.clients = [] }
            return value.clients
        }
        for client in clients { try? await client.shutdown() }
        try finishWithoutClients()
    }

    /// Writes the span files and throws the first trace that could not be written: all a
    /// command without HTTP clients needs.
    static func finishWithoutClients() throws {
        let (files, recorders) = pending.withLock { value in
            defer { value = Pending() }
            return (value.spanFiles, value.recorders)
        }
        for file in files { try file.write() }
        for recorder in recorders { try recorder.finish() }
    }
}
