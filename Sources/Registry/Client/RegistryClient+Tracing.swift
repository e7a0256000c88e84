import AsyncHTTPClient
import NIOCore
import Tracing

extension RegistryClient {
    /// An HTTP client whose requests are spans of `tracer`: AsyncHTTPClient's own tracing, turned
    /// on with the tracer the engine's ``Trace/TraceRecorder`` was given, so that each request of a
    /// pull or push is a child of that operation's span. The caller shuts it down
    /// (`try await client.shutdown()`); ``sharedHTTPClient`` traces with the global tracer instead.
    public static func makeHTTPClient(tracer: (any Tracer)?, readTimeout: Duration = defaultReadTimeout)
        -> HTTPClient
    {
        var configuration = httpConfiguration(readTimeout: readTimeout)
        configuration.tracing.tracer = tracer
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client every ``RegistryClient`` uses unless given another; it lives as long as the
    /// process, as AsyncHTTPClient's own `shared` does.
    public static let sharedHTTPClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: httpConfiguration)

    /// How long a registry may send nothing, mid-answer too, before the request fails (R-C2): a
    /// registry that stalls in the middle of a blob is given up on, not waited for forever.
    public static let defaultReadTimeout: Duration = .seconds(60)

    /// The most redirects one request follows (R-C2), never back to a URL it has been to.
    public static let maxRedirects = 10

    public static var httpConfiguration: HTTPClient.Configuration { httpConfiguration(readTimeout: defaultReadTimeout) }

    /// AsyncHTTPClient's defaults, but a connection that cannot be made fails at once: the
    /// registry client retries requests itself, with its own backoff, and AsyncHTTPClient's
    /// retrying inside each of those attempts made an unknown host take minutes to report.
    /// Reads time out after `readTimeout` of silence, and redirects stop after ``maxRedirects``.
    public static func httpConfiguration(readTimeout: Duration) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        let (seconds, attoseconds) = readTimeout.components
        configuration.timeout.read = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        configuration.redirectConfiguration = .follow(max: maxRedirects, allowCycles: false)
        return configuration
    }
}
