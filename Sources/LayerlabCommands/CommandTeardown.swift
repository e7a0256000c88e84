import AsyncHTTPClient
import Synchronization
import Trace

/// What a command leaves to do when it ends, whether it succeeded or failed: shut down the HTTP
/// clients made for its tracer (their last spans end), then write its OTLP trace file.
enum CommandTeardown {
    private static let pending = Mutex<(clients: [HTTPClient], spanFiles: [OTLPSpanFile])>(([], []))

    static func add(_ client: HTTPClient) { pending.withLock { $0.clients.append(client) } }
    static func add(_ file: OTLPSpanFile) { pending.withLock { $0.spanFiles.append(file) } }

    /// Shuts the clients down and writes the span files.
    static func finish() async throws {
        let (clients, files) = pending.withLock { value in
            defer { value = ([], []) }
            return value
        }
        for client in clients { try? await client.shutdown() }
        for file in files { try file.write() }
    }

    /// Writes the span files: the part a command without HTTP clients needs.
    static func finishWithoutClients() throws {
        let files = pending.withLock { value in
            defer { value.spanFiles = [] }
            return value.spanFiles
        }
        for file in files { try file.write() }
    }
}
