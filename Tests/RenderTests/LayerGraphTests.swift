import Foundation
import OCI
import Testing
import Trace

@testable import Render

@Suite struct LayerGraphTests {
    static func digest(_ seed: String) -> Digest { Digest.sha256(of: Array(seed.utf8)) }

    /// Two tagged images on a shared base layer, plus an intermediate image of a classic build.
    static var snapshot: StoreSnapshot {
        get throws {
            let base = LayerInfo(
                chainID: digest("L1"), diffID: digest("D1"), parent: nil, size: 5_000_000, cacheID: "c1")
            let app = LayerInfo(
                chainID: digest("L2"), diffID: digest("D2"), parent: base.chainID, size: 1_000, cacheID: "c2")
            let tool = LayerInfo(
                chainID: digest("L3"), diffID: digest("D3"), parent: base.chainID, size: 2_000, cacheID: "c3")
            let intermediate = StoreSnapshot.Image(
                id: digest("I0"), parent: nil, layers: [base.chainID], references: [], created: nil, createdBy: nil,
                size: 5_000_000)
            let appImage = StoreSnapshot.Image(
                id: digest("I1"), parent: intermediate.id, layers: [base.chainID, app.chainID],
                references: [try Reference.parseDocker("app:v1")], created: nil, createdBy: nil, size: 5_001_000)
            let toolImage = StoreSnapshot.Image(
                id: digest("I2"), parent: nil, layers: [base.chainID, tool.chainID],
                references: [try Reference.parseDocker("tool:v1"), try Reference.parseDocker("tool:latest")],
                created: nil, createdBy: nil, size: 5_002_000)
            return StoreSnapshot(images: [intermediate, appImage, toolImage], layers: [base, app, tool])
        }
    }

    @Test func aLayerSeveralImagesUseIsDrawnOnceAndSaysSo() throws {
        let graph = LayerGraph(snapshot: try Self.snapshot).graph()
        let layers = graph.allNodes.filter { $0.id.hasPrefix("layer:") }
        #expect(layers.count == 3)
        let base = try #require(graph.node("layer:" + Self.digest("L1").encoded))
        #expect(base.attributes.text("label")?.contains("shared by 2 images") == true)
        let app = try #require(graph.node("layer:" + Self.digest("L2").encoded))
        #expect(app.attributes.text("label")?.contains("shared") == false)
        #expect(base.attributes.text("fillcolor") != app.attributes.text("fillcolor"))
    }

    /// The key names the shared layer's colour only when the picture has one.
    @Test func theKeyHasTheSharedColourOnlyWhenALayerIsShared() throws {
        let shared = "layer shared by several images"
        #expect(LayerGraph(snapshot: try Self.snapshot).heading().key.contains { $0.label == shared })
        let alone = try Self.snapshot.images.filter { $0.references.first?.familiarString == "app:v1" }
        let single = StoreSnapshot(images: alone, layers: try Self.snapshot.layers)
        #expect(alone.count == 1)
        #expect(!LayerGraph(snapshot: single).heading().key.contains { $0.label == shared })
    }

    @Test func aDigestNameIsCutLikeAnIDOnLinesOfItsOwnAndWholeInItsTooltip() throws {
        var snapshot = try Self.snapshot
        let digest = Self.digest("manifest")
        let pinned = try Reference.parseDocker("127.0.0.1:5000/tour/app@" + digest.description)
        snapshot.images[1].references.append(pinned)
        let node = try #require(LayerGraph(snapshot: snapshot).graph().node("tag:\(pinned)"))
        #expect(node.attributes.text("label") == "127.0.0.1:5000/\ntour/app\n@sha256:\(digest.shortID)…")
        #expect(node.attributes.text("tooltip") == pinned.familiarString)
        let tag = try #require(LayerGraph(snapshot: snapshot).graph().node("tag:docker.io/library/app:v1"))
        #expect(tag.attributes.text("label") == "app:v1")
        snapshot.images[2].references = [try Reference.parseDocker("127.0.0.1:5000/tour/tool:1.0")]
        let remote = try #require(LayerGraph(snapshot: snapshot).graph().node("tag:127.0.0.1:5000/tour/tool:1.0"))
        #expect(remote.attributes.text("label") == "127.0.0.1:5000/\ntour/tool:1.0")
        #expect(remote.attributes.text("tooltip") == nil)
    }

    @Test func intermediateImagesAndParentLinksAppearOnlyWithAll() throws {
        let plain = LayerGraph(snapshot: try Self.snapshot).graph()
        let intermediate = "image:" + Self.digest("I0").encoded
        #expect(plain.node(intermediate) == nil)
        #expect(!plain.edges.contains { $0.attributes.text("label") == "parent" })
        let all = LayerGraph(snapshot: try Self.snapshot, all: true).graph()
        #expect(all.node(intermediate) != nil)
        #expect(all.edges.contains { $0.from == "image:" + Self.digest("I1").encoded && $0.to == intermediate })
    }

    @Test func everyTagPointsToItsImageAndEveryImageToItsTopLayer() throws {
        let graph = LayerGraph(snapshot: try Self.snapshot).graph()
        let tool = "image:" + Self.digest("I2").encoded
        #expect(graph.edges.filter { $0.to == tool && $0.from.hasPrefix("tag:") }.count == 2)
        #expect(graph.edges.contains { $0.from == tool && $0.to == "layer:" + Self.digest("L3").encoded })
        #expect(
            graph.edges.contains {
                $0.from == "layer:" + Self.digest("L3").encoded && $0.to == "layer:" + Self.digest("L1").encoded
            })
    }

    @Test func selectingAnImageDrawsOnlyItsLayers() throws {
        let graph = LayerGraph(snapshot: try Self.snapshot, selected: [Self.digest("I1")]).graph()
        #expect(graph.allNodes.filter { $0.id.hasPrefix("image:") }.map(\.id) == ["image:" + Self.digest("I1").encoded])
        #expect(graph.node("layer:" + Self.digest("L3").encoded) == nil)
        #expect(graph.node("layer:" + Self.digest("L1").encoded)?.attributes.text("label")?.contains("shared") == false)
    }

    @Test func theDiagramHasATitleWithItsKeyAndFullDigestsInTooltips() throws {
        let graph = LayerGraph(snapshot: try Self.snapshot).graph()
        guard case .html(let heading)? = graph.attributes["label"] else {
            Issue.record("the title is not an HTML label")
            return
        }
        // One row of samples under the title, each in the colour of what it stands for.
        #expect(heading.contains("Images and their layers"))
        #expect(
            heading.contains("BGCOLOR=\"\(Palette.sharedLayer)\"") && heading.contains("layer shared by several images")
        )
        #expect(!graph.clusters.contains { $0.id == "legend" })
        let base = try #require(graph.node("layer:" + Self.digest("L1").encoded))
        #expect(base.attributes.text("tooltip")?.contains(Self.digest("L1").description) == true)
    }

    /// The playground sets the title and key as text beside a picture it shrinks to fit: drawn
    /// without them, the picture leaves them to `heading()`, which says what the drawn one would.
    @Test func withoutItsHeadingThePictureLeavesTitleAndKeyToThePage() throws {
        let headed = LayerGraph(snapshot: try Self.snapshot, all: true)
        let bare = LayerGraph(snapshot: try Self.snapshot, all: true, headed: false)
        #expect(bare.graph().attributes["label"] == nil)
        #expect(bare.graph().allNodes == headed.graph().allNodes)
        let heading = bare.heading()
        #expect(heading.title == "Images and their layers: 3 image(s), 3 layer(s)")
        #expect(
            heading.key.map(\.label).prefix(4) == [
                "tag (a name)", "image", "layer (by its ID in the store)", "layer shared by several images",
            ])
        #expect(heading.key.first { $0.label == "layer shared by several images" }?.fill == Palette.sharedLayer)
        guard case .html(let drawn)? = headed.graph().attributes["label"] else {
            Issue.record("the headed picture has no title")
            return
        }
        #expect(heading.key.allSatisfy { drawn.contains(DOTWriter.html($0.label)) })
    }

    /// Images without a name are drawn dashed; the key says what they are when the picture has one.
    @Test func theKeyExplainsNamelessImagesWhenThePictureHasThem() throws {
        func heading(_ graph: Graph) -> String {
            if case .html(let heading)? = graph.attributes["label"] { heading } else { "" }
        }
        let words = Language.en.diagramWords.namelessKey
        let plain = heading(LayerGraph(snapshot: try Self.snapshot).graph())
        #expect(!plain.contains(DOTWriter.html(words.intermediate)) && !plain.contains(DOTWriter.html(words.dangling)))
        let all = heading(LayerGraph(snapshot: try Self.snapshot, all: true).graph())
        #expect(all.contains(DOTWriter.html(words.intermediate)) && !all.contains(DOTWriter.html(words.dangling)))
        // The parent arrows are drawn only with `all`, unlabelled: the key says what they are.
        let arrow = DOTWriter.html(Language.en.diagramWords.parentArrowKey)
        #expect(all.contains(arrow) && !plain.contains(arrow))
        #expect(
            all.contains(
                "BGCOLOR=\"\(Palette.intermediateImage)\" BORDER=\"1\" COLOR=\"\(Palette.ink)\" STYLE=\"dashed\""))
        var untagged = try Self.snapshot
        untagged.images[2].references = []
        let dangling = heading(LayerGraph(snapshot: untagged, language: .zh).graph())
        #expect(dangling.contains(DOTWriter.html(Language.zh.diagramWords.namelessKey.dangling)))
        // A name by digest is drawn as a tag is: the key says what it is when there is one.
        let digestKey = DOTWriter.html(Language.en.diagramWords.digestNameKey)
        #expect(!plain.contains(digestKey))
        var pulled = try Self.snapshot
        pulled.images[0].references.append(try Reference.parseDocker("tour/web@" + Self.digest("M").description))
        #expect(heading(LayerGraph(snapshot: pulled).graph()).contains(digestKey))
    }

    @Test func theDOTMatchesTheGoldenFile() throws {
        let dot = DOTWriter.write(LayerGraph(snapshot: try Self.snapshot, all: true).graph())
        try Golden.check(dot, named: "layer-graph.dot")
    }

    @Test func theSameSnapshotRendersToIdenticalSVG() throws {
        let dot = DOTWriter.write(LayerGraph(snapshot: try Self.snapshot).graph())
        // Twice in one process: cgraph's default IDs made cluster order differ between the two.
        #expect(try Graphviz.render(dot: dot, format: .svg) == Graphviz.render(dot: dot, format: .svg))
    }
}
