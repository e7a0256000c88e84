import AsyncHTTPClient
import Tracing

extension RegistryClient {
    /// An HTTP client whose requests are spans of `tracer`: AsyncHTTPClient's own tracing, turned
    /// on with the tracer the engine's ``Trace/TraceRecorder`` was given, so that each request of a
    /// pull or push is a child of that operation's span. The caller shuts it down
    /// (`try await client.shutdown()`); ``HTTPClient/shared`` traces with the global tracer instead.
    public static func makeHTTPClient(tracer: (any Tracer)?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = tracer
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
