import Foundation
import OCI
import Render
import Testing
import Trace

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct UnionStackDiagramTests {
    static let stack = UnionStackReport(
        image: Digest.sha256(of: Array("image".utf8)), name: "stack:v1",
        layers: [
            .init(
                chainID: Digest.sha256(of: [1]), size: 2_000, added: ["bin/sh", "etc/motd"], changed: [], removed: []),
            .init(
                chainID: Digest.sha256(of: [2]), size: 10, added: ["etc/c"], changed: ["etc/motd"], removed: ["tmp/x"]),
        ],
        merged: [.init(path: "bin/sh", layer: 0), .init(path: "etc/c", layer: 1), .init(path: "etc/motd", layer: 1)])

    @Test func layersAreDrawnTopFirstUnderTheMergedView() throws {
        let graph = UnionStackDiagram(stack: Self.stack).graph()
        #expect(graph.edges.map { "\($0.from)->\($0.to)" } == ["merged->layer1", "layer1->layer0"])
        guard case .html(let top)? = graph.node("layer1")?.attributes["label"] else {
            Issue.record("layer 2 has no table")
            return
        }
        #expect(top.contains("+ /etc/c") && top.contains("~ /etc/motd") && top.contains("− /tmp/x"))
        guard case .html(let merged)? = graph.node("merged")?.attributes["label"] else {
            Issue.record("the merged view has no table")
            return
        }
        #expect(merged.contains("/etc/motd</TD><TD ALIGN=\"RIGHT\"><FONT COLOR=\"#999999\">from layer 2"))
    }

    @Test func longListsSayHowManyMoreThereAre() throws {
        var stack = Self.stack
        stack.layers[0].added = (0..<30).map { "file\($0)" }
        let graph = UnionStackDiagram(stack: stack, rowsPerBox: 5).graph()
        guard case .html(let bottom)? = graph.node("layer0")?.attributes["label"] else {
            Issue.record("layer 1 has no table")
            return
        }
        #expect(bottom.contains("… and 25 more"))
    }

    @Test func theUnionDiagramRendersToValidSVG() throws {
        let svg = try Graphviz.render(dot: DOTWriter.write(UnionStackDiagram(stack: Self.stack).graph()), format: .svg)
        #expect(XMLParser(data: Data(svg)).parse())
    }

    @Test(arguments: Language.allCases)
    func theStackIsNarratedLayerByLayer(language: Language) {
        let record = TraceRecord(sequence: 1, operation: 1, event: .unionStack(Self.stack))
        let lines = Narrator(language: language).narrate(record)
        #expect(lines.count == 3)
        #expect(lines[1].text.contains(Self.stack.layers[1].chainID.shortID))
    }
}
