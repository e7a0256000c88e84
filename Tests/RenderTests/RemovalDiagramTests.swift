import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import Trace

@testable import Render

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct RemovalDiagramTests {
    @Test func aRefusalHighlightsTheNamesThatBlockIt() throws {
        let fixture = try TraceFixture()
        let id = try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "mirror/demo:v1")
        let start = fixture.sink.records.count
        #expect(throws: StoreError.self) { _ = try fixture.store.remove(id.shortID) }
        let graph = RemovalDiagram(records: fixture.records(since: start)).graph()
        let blockers = graph.allNodes.filter { $0.id.contains(":name:") }
        #expect(blockers.map { $0.attributes.text("label") ?? "" }.sorted() == ["demo:v1", "mirror/demo:v1"])
        #expect(graph.allEdges.filter { $0.to.hasSuffix(":image:" + id.encoded) }.count == 3)
        let cluster = try #require(graph.clusters.first { $0.id == "op1" })
        #expect(cluster.attributes.text("label")?.hasSuffix("refused") == true)
        // Asked for by its ID, the image is not drawn as a name (a tag's note) would be.
        let asked = try #require(graph.node("op1:asked"))
        #expect(asked.attributes.text("label") == "image ID \(id.shortID)" && asked.attributes.text("shape") == "box")
        #expect(
            RemovalDiagram.isID("sha256:" + id.encoded) && !RemovalDiagram.isID("demo:v1")
                && !RemovalDiagram.isID("cafe"))
    }

    @Test func aDeletionShowsWhatWasUntaggedDeletedAndKept() throws {
        let fixture = try TraceFixture()
        let one = try fixture.importImage("one:v1")
        let two = try fixture.importImage("two:v1", message: "same layer")
        let start = fixture.sink.records.count
        _ = try fixture.store.remove("one:v1")
        let graph = RemovalDiagram(records: fixture.records(since: start)).graph()
        let image = try #require(graph.node("op1:image:" + one.encoded))
        #expect(image.attributes.text("label")?.contains("deleted") == true)
        let kept = try #require(graph.allNodes.first { $0.id.contains(":layer:") })
        #expect(kept.attributes.text("label")?.contains("kept: used by 1 image(s)") == true)
        // The layer hangs from the image that keeps it, not only from the deleted one that used it.
        let keeper = try #require(graph.node("op1:image:" + two.encoded))
        #expect(keeper.attributes.text("label")?.hasSuffix("kept") == true)
        #expect(graph.allEdges.contains { $0.from == keeper.id && $0.to == kept.id })
        #expect(graph.allNodes.contains { $0.attributes.text("label") == "untagged\none:v1" })
    }

    /// An image committed on `parent` with one file of its own, so it adds a layer; the container
    /// goes, so that it holds no layer.
    func commitLayer(on parent: String, file: String, name: String?, in fixture: TraceFixture) throws -> Digest {
        let container = try fixture.store.containers.create(ContainerSpec(image: parent, command: ["sh"]))
        var options = CommitOptions()
        options.repository = name
        try fixture.store.containers.withFilesystem(container.id.value) { filesystem in
            try Data(file.utf8).write(to: URL(fileURLWithPath: filesystem.upperFolder + "/" + file))
        }
        let image = try fixture.store.containers.commit(container.id.value, options: options) { _, path in
            try Data(try makeTar([.file(file, file)])).write(to: URL(fileURLWithPath: path))
        }
        try fixture.store.containers.remove(container.id.value)
        return image
    }

    /// Removing a child takes its unnamed parent with it: the parent hangs from the child by
    /// an "unused parent" edge, not from the request, and a layer the parent still held when the
    /// child went is drawn deleted in the end, not kept.
    @Test func aParentThatGoesWithItsChildIsDrawnAsTheChildsParentAndItsLayersAsDeleted() throws {
        let fixture = try TraceFixture()
        try fixture.importImage("base:v1")
        let parent = try commitLayer(on: "base:v1", file: "one", name: nil, in: fixture)
        let child = try commitLayer(on: parent.description, file: "two", name: "child:v1", in: fixture)
        let parentLayer = try #require(try fixture.store.image(parent.description).layers.last?.chainID)
        let start = fixture.sink.records.count
        _ = try fixture.store.remove("child:v1")
        let records = fixture.records(since: start)
        #expect(records.contains { $0.event == .parentPruned(image: parent, child: child) })

        let graph = RemovalDiagram(records: records).graph()
        let parentNode = "op1:image:" + parent.encoded
        let toParent = graph.allEdges.filter { $0.to == parentNode }
        #expect(toParent.map(\.from) == ["op1:image:" + child.encoded], "only its child leads to it")
        #expect(toParent.first?.attributes.text("label") == "its parent, unused now")
        let layer = try #require(graph.node("op1:layer:" + parentLayer.encoded))
        #expect(layer.attributes.text("label")?.hasSuffix("deleted") == true, "\(layer.attributes)")
        let users = graph.allEdges.filter { $0.to == layer.id }.map(\.from).sorted()
        #expect(users == ["op1:image:" + child.encoded, parentNode].sorted())
    }

    /// Removing the name of an image with a child only untags it: the image is drawn kept, with
    /// the child that keeps it, in the kept colour rather than as a blocker.
    @Test func anImageKeptByItsChildIsDrawnWithTheChild() throws {
        let fixture = try TraceFixture()
        let base = try fixture.importImage("base:v1")
        let child = try commitLayer(on: "base:v1", file: "one", name: "child:v1", in: fixture)
        let start = fixture.sink.records.count
        _ = try fixture.store.remove("base:v1")
        let records = fixture.records(since: start)
        #expect(records.contains { if case .imageKept = $0.event { true } else { false } })
        let graph = RemovalDiagram(records: records).graph()
        let image = try #require(graph.node("op1:image:" + base.encoded))
        #expect(image.attributes.text("label")?.hasSuffix("kept") == true)
        let holder = try #require(graph.node("op1:image:" + child.encoded))
        #expect(holder.attributes.text("fillcolor") == image.attributes.text("fillcolor"), "drawn kept, not blocking")
        #expect(graph.allEdges.contains { $0.from == holder.id && $0.to == image.id })
        let cluster = try #require(graph.clusters.first { $0.id == "op1" })
        #expect(cluster.attributes.text("label")?.hasSuffix("done") == true)
    }

    @Test func separateRunsConcatenatedInOneFileStaySeparate() throws {
        let fixture = try TraceFixture()
        try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "demo:v2")
        // Two processes: each recorder numbers its operations from 1.
        var concatenated: [TraceRecord] = []
        for name in ["demo:v1", "demo:v2"] {
            let sink = RecordingSink()
            let store = try ImageStore(root: fixture.store.layout.root, trace: TraceRecorder(sinks: [sink]))
            _ = try store.remove(name)
            concatenated += sink.records
        }
        let graph = RemovalDiagram(records: concatenated).graph()
        #expect(graph.clusters.filter { $0.id.hasPrefix("op") }.count == 2)
    }

    @Test func theRenderedSVGIsValidXML() throws {
        let fixture = try TraceFixture()
        try fixture.importImage("demo:v1")
        let start = fixture.sink.records.count
        _ = try fixture.store.remove("demo:v1")
        let dot = DOTWriter.write(RemovalDiagram(records: fixture.records(since: start)).graph())
        let svg = try Graphviz.render(dot: dot, format: .svg)
        #expect(XMLParser(data: Data(svg)).parse())
    }
}

@Suite struct TraceReplayTests {
    @Test func aTraceRebuildsTheStoreItDescribes() throws {
        let fixture = try TraceFixture()
        let one = try fixture.importImage("one:v1")
        let two = try fixture.importImage("two:v1", message: "again")
        try fixture.store.tag("one:v1", as: "renamed:v1")
        _ = try fixture.store.remove("one:v1")
        let replayed = TraceReplay(fixture.sink.records).snapshot
        let actual = try fixture.store.snapshot()
        #expect(Set(replayed.images.map(\.id)) == [one, two])
        #expect(Set(replayed.images.map(\.id)) == Set(actual.images.map(\.id)))
        #expect(replayed.layers.map(\.chainID) == actual.layers.map(\.chainID))
        let names = replayed.images.first { $0.id == one }?.references.map(\.familiarString)
        #expect(names == ["renamed:v1"])
    }
}
