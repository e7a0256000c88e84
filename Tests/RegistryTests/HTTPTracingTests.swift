import AsyncHTTPClient
import Foundation
import InMemoryTracing
import LayerlabTestSupport
import OCI
import Registry
import Store
import Testing
import Trace
import Tracing
import Transfer

/// AsyncHTTPClient's own tracing, with the tracer the engine was given: every request of a pull
/// is a span under the pull's span.
@Suite struct HTTPTracingTests {
    let fixture = RegistryFixture()

    @Test func theRequestsOfAPullAreChildSpansOfThePull() async throws {
        let fixture = self.fixture
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        let tracer = InMemoryTracer()
        let http = RegistryClient.makeHTTPClient(tracer: tracer)
        do {
            try await fixture.makeRegistry().withRunning { port in
                let reference = try Reference.parseDocker("127.0.0.1:\(port)/team/demo:1")
                _ = try await Pusher(store: source, client: RegistryClient(registry: "127.0.0.1:\(port)"))
                    .push(reference, image: "demo:1")
                let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [], tracer: tracer))
                let client = RegistryClient(registry: "127.0.0.1:\(port)", httpClient: http)
                _ = try await Puller(store: target, client: client).pull(reference)
            }
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
        let spans = tracer.finishedSpans
        let pull = try #require(spans.first { $0.operationName == "pull" })
        let requests = spans.filter { $0.parentSpanID == pull.spanID && $0.operationName != "pull" }
        #expect(requests.count >= 3, "the manifest, the config and the layer: \(spans.map(\.operationName))")
        #expect(requests.allSatisfy { $0.traceID == pull.traceID })
    }
}
