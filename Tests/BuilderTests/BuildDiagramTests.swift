import Builder
import Foundation
import Render
import Store
import Testing
import Trace

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Diagram 3 from real builds: Dockerfile lines beside their images and layers, cache hits marked.
struct BuildDiagramTests {
    @Test func eachLineStandsBesideItsImageAndLayerAndCacheHitsAreMarked() throws {
        let fixture = try BuildFixture()
        try fixture.write("app.txt", "v1\n")
        let dockerfile = "FROM base:1\nENV MODE=demo\nCOPY app.txt /app/\nRUN echo ok > /app/ok\n"
        try fixture.build(dockerfile, tags: ["diagram:v1"])
        let start = fixture.sink.records.count
        try fixture.build(tags: ["diagram:v2"])
        let graph = BuildDiagram(records: Array(fixture.sink.records)).graph()
        let builds = graph.clusters.filter { $0.id.hasPrefix("build") }
        #expect(builds.count == 2)
        func labels(_ build: Cluster, _ suffix: String) -> [String] {
            build.clusters.flatMap(\.nodes).filter { $0.id.hasSuffix(suffix) }.compactMap {
                $0.attributes.text("label")
            }
        }
        #expect(
            labels(builds[0], ":line") == [
                "1: FROM base:1", "2: ENV MODE=demo", "3: COPY app.txt /app/", "4: RUN echo ok > /app/ok",
            ])
        #expect(labels(builds[0], ":layer").map { $0.hasPrefix("layer ") } == [false, true, true])
        #expect(labels(builds[0], ":layer").first == "empty layer")
        #expect(labels(builds[0], ":image").filter { $0.hasSuffix("Using cache") }.isEmpty)
        #expect(labels(builds[1], ":image").filter { $0.hasSuffix("Using cache") }.count == 3)
        #expect(fixture.sink.records.count > start)
        let svg = try Graphviz.render(dot: DOTWriter.write(graph), format: .svg)
        #expect(XMLParser(data: Data(svg)).parse())
        #expect(String(decoding: svg, as: UTF8.self).contains("Successfully built"))
    }

    /// A classic build's intermediate images, drawn with their parent links, once made Graphviz
    /// 2.42 free a pointer it never allocated (a labelled edge within one rank); this renders them.
    @Test func theLayerGraphOfIntermediateImagesRendersWithTheirParentLinks() throws {
        let fixture = try BuildFixture()
        try fixture.build("FROM base:1\nENV A=1\nENV B=2\nRUN echo x > /x\nCMD [\"sh\"]\n", tags: ["chain:v1"])
        let graph = LayerGraph(snapshot: try fixture.store.snapshot(), all: true).graph()
        // Parent links run image to image, dashed (unlabelled: the key says what they are).
        let parentLinks = graph.edges.filter {
            $0.from.hasPrefix("image:") && $0.to.hasPrefix("image:") && $0.attributes.text("style") == "dashed"
        }
        #expect(parentLinks.count == 4)
        let svg = try Graphviz.render(dot: DOTWriter.write(graph), format: .svg)
        #expect(XMLParser(data: Data(svg)).parse())
    }
}
