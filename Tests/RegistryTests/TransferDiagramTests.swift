import Foundation
import OCI
import Registry
import Render
import Store
import Testing
import Trace

/// The transfer diagram drawn from the traces of real pushes and pulls.
@Suite struct TransferDiagramTests {
    let fixture = RegistryFixture()

    @Test func sharedLayersAreSetApartFromTheOnesThatTravelled() async throws {
        let fixture = self.fixture
        let recording = RecordingSink()
        let source = try fixture.makeStore("source", trace: TraceRecorder(sinks: [recording]))
        try fixture.makeImage(in: source, name: "demo:1")
        let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [recording]))
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let first = try Reference.parseDocker("127.0.0.1:\(port)/a/demo:1")
            let second = try Reference.parseDocker("127.0.0.1:\(port)/b/demo:1")
            _ = try await Pusher(store: source, client: client).push(first, image: "demo:1")
            _ = try await Pusher(store: source, client: client, mountSources: ["a/demo"]).push(second, image: "demo:1")
            _ = try await Puller(store: target, client: client).pull(first)
            _ = try await Puller(store: target, client: client).pull(second)
        }
        let graph = TransferDiagram(records: recording.records).graph()
        let transfers = graph.clusters.filter { $0.id.hasPrefix("op") }
        #expect(transfers.count == 4)
        func labels(_ cluster: Cluster) -> [String] {
            cluster.nodes.filter { $0.id.contains(":blob:") }.compactMap { $0.attributes.text("label") }
        }
        #expect(transfers.allSatisfy { !labels($0).isEmpty })
        #expect(labels(transfers[0]).allSatisfy { $0.hasSuffix("Pushed") })
        #expect(labels(transfers[1]).allSatisfy { $0.hasSuffix("Mounted from a/demo") })
        #expect(labels(transfers[2]).contains { $0.hasSuffix("Pull complete") })
        #expect(labels(transfers[3]).allSatisfy { $0.hasSuffix("Already exists") })
        let svg = try Graphviz.render(dot: DOTWriter.write(graph), format: .svg)
        #expect(String(decoding: svg, as: UTF8.self).contains("Mounted from a/demo"))
    }
}
