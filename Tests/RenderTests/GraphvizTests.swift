import Foundation
import Render
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct GraphvizTests {
    @Test func svgFromLibgvcIsValidXML() throws {
        let svg = try Graphviz.render(dot: "digraph g { a -> b }", format: .svg)
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("<svg"))
        #expect(XMLParser(data: Data(svg)).parse())
    }

    @Test func pngFromLibgvcHasThePNGSignature() throws {
        let png = try Graphviz.render(dot: "digraph g { a -> b }", format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func badDOTIsAClearErrorNotACrash() {
        do {
            _ = try Graphviz.render(dot: "digraph g { a -> }", format: .svg)
            Issue.record("bad DOT rendered")
        } catch {
            #expect(error.code == .invalidDOT)
            #expect(error.message.contains("syntax error"))
        }
    }

    @Test func anUnknownLayoutEngineIsAClearError() {
        do {
            _ = try Graphviz.render(dot: "digraph g { a }", format: .svg, engine: "nonesuch")
            Issue.record("an unknown engine laid out")
        } catch {
            #expect(error.code == .layoutFailed)
        }
    }

    @Test func renderingIsDeterministic() throws {
        let dot = "digraph g { rankdir=LR; a -> b; b -> c; a -> c }"
        #expect(try Graphviz.render(dot: dot, format: .svg) == Graphviz.render(dot: dot, format: .svg))
    }
}

@Suite struct DOTWriterTests {
    @Test func quotesEscapeQuotesBackslashesAndNewlines() {
        var graph = Graph(name: "g")
        graph.nodes = [Node("a\"b", ["label": "line1\nline\\2"])]
        let dot = DOTWriter.write(graph)
        #expect(dot.contains(#""a\"b" [label="line1\nline\\2"];"#))
    }

    @Test func multiByteTextPassesThroughQuotingWhole() {
        var graph = Graph(name: "镜像")
        graph.nodes = [Node("层 \"一\"", ["label": "共享\n👩‍💻 é"])]
        #expect(DOTWriter.write(graph) == "digraph \"镜像\" {\n  \"层 \\\"一\\\"\" [label=\"共享\\n👩‍💻 é\"];\n}\n")
    }

    @Test func sameRankGroupsAreWrittenAsAnonymousSubgraphs() throws {
        var graph = Graph(name: "g")
        graph.edges = [Edge("a", "b"), Edge("a", "c")]
        graph.sameRank = [["b", "c"]]
        let dot = DOTWriter.write(graph)
        #expect(dot.hasSuffix("  {rank=same; \"b\"; \"c\";}\n}\n"))
        let svg = String(decoding: try Graphviz.render(dot: dot, format: .svg), as: UTF8.self)
        // b and c share a rank: their ellipses have the same centre y.
        func centreY(_ title: String) -> Substring? {
            guard let node = svg.range(of: "<title>\(title)</title>") else { return nil }
            let rest = svg[node.upperBound...]
            guard let cy = rest.range(of: "cy=\"") else { return nil }
            return rest[cy.upperBound...].prefix { $0 != "\"" }
        }
        #expect(centreY("b") != nil)
        #expect(centreY("b") == centreY("c"))
    }

    @Test func attributesAreWrittenInSortedOrder() {
        var graph = Graph(name: "g")
        graph.nodes = [Node("n", ["shape": "box", "color": "red", "label": "x"])]
        #expect(DOTWriter.write(graph).contains(#""n" [color="red", label="x", shape="box"];"#))
    }

    @Test func writtenDOTIsReadByGraphviz() throws {
        var graph = Graph(name: "quoted \"name\"", attributes: ["label": .html("<b>bold &amp; safe</b>")])
        var cluster = Cluster("c", ["label": "box"])
        cluster.nodes = [Node("inside")]
        graph.clusters = [cluster]
        graph.nodes = [Node("outside")]
        graph.edges = [Edge("inside", "outside", ["label": "→"])]
        let svg = String(decoding: try Graphviz.render(dot: DOTWriter.write(graph), format: .svg), as: UTF8.self)
        #expect(svg.contains("bold &amp; safe"))
    }
}
