import AsyncHTTPClient
import NIOCore
import Tracing

extension RegistryClient {
    /// An HTTP client whose requests are spans of `tracer`: AsyncHTTPClient's own tracing, turned
    /// on with the tracer the engine's ``Trace/TraceRecorder`` was given, so that each request of a
    /// pull or push is a child of that operation's span. The caller shuts it down
    /// (`try await client.shutdown()`); ``sharedHTTPClient`` traces with the global tracer instead.
    public static func makeHTTPClient(tracer: (any Tracer)?) -> HTTPClient {
        var configuration = httpConfiguration
        configuration.tracing.tracer = tracer
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client every ``RegistryClient`` uses unless given another; it lives as long as the
    /// process, as AsyncHTTPClient's own `shared` does.
    public static let sharedHTTPClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: httpConfiguration)

    /// AsyncHTTPClient's defaults, but a connection that cannot be made fails at once: the
    /// registry client retries requests itself, with its own backoff, and AsyncHTTPClient's
    /// retrying inside each of those attempts made an unknown host take minutes to report.
    public static var httpConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return configuration
    }
}
