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
        let top = stored.images.first { $0.id == image }?.layers.last
        #expect(
            stored.containers == [
                StoreSnapshot.Container(
                    id: container.id.value, name: "web", image: image, layer: top, running: false, size: 0)
            ])
        let replayed = TraceReplay(fixture.sink.records).snapshot
        #expect(replayed.containers == stored.containers, "the trace alone says the same as the store")

        let graph = LayerGraph(snapshot: replayed).graph()
        let drawn = try #require(graph.node(node))
        // Its own layer, empty until its command writes, is what a commit would turn into an image's.
        let label = drawn.attributes.text("label") ?? ""
        #expect(label.contains("\nweb\n") && label.hasSuffix("its layer of changes: 0B"), "\(label)")
        let uses = graph.allEdges.first { $0.from == node && $0.to == LayerGraph.imageID(image) }
        #expect(uses?.attributes.text("style") == "dotted", "not dashed as a parent's arrow is")
        #expect(heading(of: graph).contains("container (keeps its image's layers)"))

        try fixture.store.containers.remove("web")
        let after = LayerGraph(snapshot: TraceReplay(fixture.sink.records).snapshot).graph()
        #expect(after.node(node) == nil)
        #expect(!heading(of: after).contains("container"), "no key entry for what is not drawn")
    }

    /// A container `run -d` left running is drawn as running, from the trace alone, until it ends.
    @Test func aBackgroundContainerIsDrawnRunningUntilItsEndIsTold() throws {
        let image = Digest.sha256(of: Array("image".utf8))
        let id = String(repeating: "c", count: 64)
        func record(_ sequence: Int, _ operation: Int, _ event: TraceEvent) -> TraceRecord {
            TraceRecord(sequence: sequence, operation: operation, event: event)
        }
        let snapshot = StoreSnapshot(
            images: [
                StoreSnapshot.Image(
                    id: image, parent: nil, layers: [], references: [], created: nil, createdBy: nil, size: 0)
            ], layers: [])
        let started = [
            record(1, 1, .storeSnapshot(snapshot)),
            record(2, 2, .operationStarted(kind: .run, arguments: ["-d", "--name", "web", "demo:v1", "sleep", "60"])),
            record(3, 2, .containerCreated(id: id, name: "web", image: image)),
            record(4, 2, .operationFinished(error: nil)),
        ]
        let running = TraceReplay(started).snapshot.containers
        #expect(running.map(\.running) == [true] && running.map(\.exitCode) == [nil])
        let label = { (records: [TraceRecord]) in
            LayerGraph(snapshot: TraceReplay(records).snapshot).graph().node("container:\(id)")?.attributes.text(
                "label")
        }
        #expect(label(started)?.hasPrefix("running container cccccccccccc") == true, "\(label(started) ?? "")")
        let ended =
            started + [
                record(5, 3, .operationStarted(kind: .ended, arguments: ["cccccccccccc"])),
                record(6, 3, .containerExited(id: id, exitCode: 137, layerSize: 6)),
            ]
        #expect(TraceReplay(ended).snapshot.containers.map(\.running) == [false])
        #expect(label(ended)?.hasPrefix("stopped container cccccccccccc") == true, "\(label(ended) ?? "")")
        #expect(label(ended)?.hasSuffix("its layer of changes: 6B") == true, "\(label(ended) ?? "")")
    }

    /// `rmi -f` deletes an image a stopped container uses (a soft conflict, as in moby); the
    /// container keeps the image's layers. Every view says so: the layer graph draws the container
    /// on those layers, the rmi diagram keeps them for a container, and `ps` says why.
    @Test func aContainerWhoseImageRmiForceDeletedStandsOnItsLayers() throws {
        let fixture = try TraceFixture()
        let image = try fixture.importImage("demo:v1")
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["sh"]))
        let top = try #require(try fixture.store.snapshot().images.first { $0.id == image }?.layers.last)
        let removal = fixture.sink.records.count
        _ = try fixture.store.remove("demo:v1", force: true)

        let replayed = TraceReplay(fixture.sink.records).snapshot
        #expect(replayed.images.isEmpty && replayed.layers.map(\.chainID).contains(top))
        #expect(replayed.containers == (try fixture.store.snapshot()).containers)
        for language in [Language.en, .zh] {
            let graph = LayerGraph(snapshot: replayed, language: language).graph()
            let node = try #require(graph.node("container:\(container.id.value)"))
            #expect(
                node.attributes.text("label")?.hasSuffix(language.diagramWords.containersImageDeleted(image)) == true)
            #expect(graph.allEdges.contains { $0.from == node.id && $0.to == LayerGraph.layerID(top) })
            #expect(graph.node(LayerGraph.layerID(top)) != nil)
        }

        let diagram = RemovalDiagram(records: Array(fixture.sink.records[removal...])).graph()
        // The flags come first, as they are typed: `rmi -f demo:v1`, and the diagram asks for the name.
        let heading = Narrator(language: .en).narrate(Array(fixture.sink.records[removal...])).first?.text
        #expect(heading?.hasPrefix("layerlab rmi -f demo:v1:") == true, "\(heading ?? "")")
        #expect(diagram.clusters.contains { $0.attributes.text("label")?.hasPrefix("rmi demo:v1") == true })
        let kept = diagram.allNodes.compactMap { $0.attributes.text("label") }.filter { $0.contains("kept: used by") }
        #expect(!kept.isEmpty && kept.allSatisfy { $0.hasSuffix("kept: used by 1 container(s)") }, "\(kept)")

        let listing = ContainersListing(
            containers: [.init(id: container.id.value, name: "web", image: image, running: false, imageDeleted: true)],
            all: true)
        let told = Narrator(language: .en).narrate(
            [TraceRecord(sequence: 1, operation: 1, event: .containersListed(listing))]
        ).map(\.text).joined()
        #expect(told.contains("Container web's image \(image.shortID) was deleted by rmi -f"), "\(told)")
    }

    /// The title and key, an HTML label.
    func heading(of graph: Graph) -> String {
        guard case .html(let heading)? = graph.attributes["label"] else { return "" }
        return heading
    }
}
