import Foundation
import OCI
import Testing
import Trace

@testable import Render

@Suite struct CondensedLayerGraphTests {
    static func digest(_ seed: String) -> Digest { Digest.sha256(of: Array(seed.utf8)) }

    /// A store shaped as a tree: base (3 layers in a row) → a branch point; `web` and `api` stand
    /// on base+middle (middle shared by both), `db` on base alone with two layers of its own,
    /// `tiny` shares nothing, and `web-copy` is `web` under another ID with no layer of its own.
    static var snapshot: StoreSnapshot {
        get throws {
            var layers: [LayerInfo] = []
            func layer(_ name: String, on parent: LayerInfo?, size: Int64 = 1_000) -> LayerInfo {
                let info = LayerInfo(
                    chainID: digest(name), diffID: digest("d" + name), parent: parent?.chainID, size: size,
                    cacheID: name)
                layers.append(info)
                return info
            }
            let b1 = layer("b1", on: nil, size: 5_000_000)
            let b2 = layer("b2", on: b1)
            let b3 = layer("b3", on: b2)
            let middle = layer("middle", on: b3)
            let web = layer("web", on: middle)
            let api1 = layer("api1", on: middle)
            let api2 = layer("api2", on: api1)
            let db1 = layer("db1", on: b3)
            let db2 = layer("db2", on: db1)
            let tiny = layer("tiny", on: nil)
            func image(_ name: String, _ chain: [LayerInfo], tag: String?) throws -> StoreSnapshot.Image {
                StoreSnapshot.Image(
                    id: digest("image " + name), parent: nil, layers: chain.map(\.chainID),
                    references: try tag.map { [try Reference.parseDocker($0)] } ?? [], created: nil, createdBy: nil,
                    size: 0)
            }
            return StoreSnapshot(
                images: [
                    try image("web", [b1, b2, b3, middle, web], tag: "web:v1"),
                    try image("web-copy", [b1, b2, b3, middle, web], tag: "web:copy"),
                    try image("api", [b1, b2, b3, middle, api1, api2], tag: "api:v1"),
                    try image("db", [b1, b2, b3, db1, db2], tag: "db:v1"),
                    try image("tiny", [tiny], tag: nil),
                ], layers: layers)
        }
    }

    static func run(_ name: String) -> String { CondensedLayerGraph.runID(digest(name)) }

    @Test func aRunOfLayersNoImageBranchesFromIsOneBox() throws {
        let graph = CondensedLayerGraph(snapshot: try Self.snapshot).graph()
        let runs = graph.allNodes.filter { $0.id.hasPrefix("run:") }
        // b1–b3 (all five images but tiny), middle (web, web-copy, api) and web (web, web-copy).
        #expect(Set(runs.map(\.id)) == [Self.run("b1"), Self.run("middle"), Self.run("web")])
        let base = try #require(graph.node(Self.run("b1")))
        #expect(base.attributes.text("label")?.hasPrefix("3 layers from") == true)
        #expect(base.attributes.text("label")?.contains("shared by 4 images") == true)
        #expect(base.attributes.text("label")?.contains("5MB") == true)
        #expect(graph.edges.contains { $0.from == Self.run("middle") && $0.to == Self.run("b1") })
        #expect(graph.edges.contains { $0.from == Self.run("web") && $0.to == Self.run("middle") })
    }

    @Test func imagesOnTheSameRunAreOneTableWithWhatEachAdds() throws {
        let graph = CondensedLayerGraph(snapshot: try Self.snapshot).graph()
        let tables = graph.allNodes.filter { $0.id.hasPrefix("images:") }
        #expect(tables.count == 4)  // on web, on middle (api), on b1–b3 (db), and tiny alone
        let onBase = try #require(graph.node("images:" + Self.digest("b1").encoded))
        guard case .html(let html)? = onBase.attributes["label"] else {
            Issue.record("a table is an HTML label")
            return
        }
        #expect(html.contains("db:v1"))
        #expect(html.contains("+2 own layer(s)"))
        #expect(!html.contains("api:v1"))
        guard case .html(let webTable)? = graph.node("images:" + Self.digest("web").encoded)?.attributes["label"]
        else {
            Issue.record("no table on the web run")
            return
        }
        #expect(webTable.contains("2 image(s) on these layers"))
        #expect(webTable.contains("no layer of its own"))
        guard case .html(let alone)? = graph.node("images:unshared")?.attributes["label"] else {
            Issue.record("no table of images sharing nothing")
            return
        }
        #expect(alone.contains("&lt;none&gt;"))
        #expect(alone.contains("1 image(s) sharing no layer"))
        #expect(!graph.edges.contains { $0.from == "images:unshared" })
    }

    @Test func aLongTableSaysHowManyMoreItHides() throws {
        let graph = CondensedLayerGraph(snapshot: try Self.snapshot, rowsPerTable: 1).graph()
        guard case .html(let webTable)? = graph.node("images:" + Self.digest("web").encoded)?.attributes["label"]
        else {
            Issue.record("no table on the web run")
            return
        }
        #expect(webTable.contains("… and 1 more"))
    }

    @Test func aThousandImagesBecomeAFewHundredNodesThatGraphvizDraws() throws {
        // The shape of `make bench`'s store: 50 bases of three layers, images adding their own.
        var layers: [LayerInfo] = []
        var images: [StoreSnapshot.Image] = []
        for base in 0..<50 {
            var chain: [Digest] = []
            for level in 0..<3 {
                let id = Self.digest("base \(base) \(level)")
                layers.append(LayerInfo(chainID: id, diffID: id, parent: chain.last, size: 10, cacheID: "\(id)"))
                chain.append(id)
            }
            for index in 0..<20 {
                let own = Self.digest("own \(base) \(index)")
                layers.append(LayerInfo(chainID: own, diffID: own, parent: chain.last, size: 10, cacheID: "\(own)"))
                images.append(
                    StoreSnapshot.Image(
                        id: Self.digest("image \(base) \(index)"), parent: nil, layers: chain + [own],
                        references: [try Reference.parseDocker("app\(base):v\(index)")], created: nil, createdBy: nil,
                        size: 0))
            }
        }
        let graph = CondensedLayerGraph(snapshot: StoreSnapshot(images: images, layers: layers)).graph()
        #expect(graph.allNodes.count == 100)
        let svg = String(decoding: try Graphviz.render(dot: DOTWriter.write(graph), format: .svg), as: UTF8.self)
        #expect(svg.contains("app7:v10"))  // the first twelve by name: v0, v1, v10 … v19
        #expect(svg.contains("… and 8 more"))
    }

    @Test func chineseWordsInTheChineseDrawing() throws {
        let graph = CondensedLayerGraph(snapshot: try Self.snapshot, language: .zh).graph()
        #expect(graph.node(Self.run("b1"))?.attributes.text("label")?.contains("个镜像共享") == true)
    }
}
