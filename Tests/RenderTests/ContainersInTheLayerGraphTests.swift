import Foundation
import OCI
import Store
import Testing
import Trace

@testable import Render

/// A container keeps its image (and blocks `rmi`), so the layer graph draws it: from the store's
/// own snapshot and from a trace replayed without the store, until the container is removed.
@Suite struct ContainersInTheLayerGraphTests {
    @Test func aContainerIsDrawnUsingItsImageUntilItIsRemoved() throws {
        let fixture = try TraceFixture()
        let image = try fixture.importImage("demo:v1")
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["sh"]))
        let node = "container:\(container.id.value)"

        let stored = try fixture.store.snapshot()
        #expect(stored.containers == [StoreSnapshot.Container(id: container.id.value, name: "web", image: image)])
        let replayed = TraceReplay(fixture.sink.records).snapshot
        #expect(replayed.containers == stored.containers, "the trace alone says the same as the store")

        let graph = LayerGraph(snapshot: replayed).graph()
        let drawn = try #require(graph.node(node))
        #expect(drawn.attributes.text("label")?.hasSuffix("\nweb") == true)
        #expect(graph.allEdges.contains { $0.from == node && $0.to == LayerGraph.imageID(image) })
        #expect(heading(of: graph).contains("container (keeps its image)"))

        try fixture.store.containers.remove("web")
        let after = LayerGraph(snapshot: TraceReplay(fixture.sink.records).snapshot).graph()
        #expect(after.node(node) == nil)
        #expect(!heading(of: after).contains("container"), "no key entry for what is not drawn")
    }

    /// The title and key, an HTML label.
    func heading(of graph: Graph) -> String {
        guard case .html(let heading)? = graph.attributes["label"] else { return "" }
        return heading
    }
}
