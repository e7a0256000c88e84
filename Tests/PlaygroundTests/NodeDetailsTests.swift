import OCI
import Render
import Testing
import Trace

@testable import Playground

/// What pointing at a node of the store's picture shows.
struct NodeDetailsTests {
    static func digest(_ seed: String) -> Digest { Digest.sha256(of: Array(seed.utf8)) }

    /// Two layers; image `a:1` on the bottom one; container `web`, whose image `rmi -f` deleted, on
    /// the top one.
    static var snapshot: StoreSnapshot {
        get throws {
            let base = LayerInfo(chainID: digest("L1"), diffID: digest("L1"), parent: nil, size: 10, cacheID: "one")
            let top = LayerInfo(
                chainID: digest("C2"), diffID: digest("D2"), parent: digest("L1"), size: 2, cacheID: "two")
            let image = StoreSnapshot.Image(
                id: digest("a"), parent: nil, layers: [base.chainID], references: [try Reference.parseDocker("a:1")],
                created: nil, createdBy: nil, size: 10)
            let web = StoreSnapshot.Container(
                id: String(repeating: "c", count: 64), name: "web", image: digest("gone"), exitCode: 0,
                layer: top.chainID)
            return StoreSnapshot(images: [image], layers: [base, top], containers: [web])
        }
    }

    @Test func aLayerSaysWhatUsesItContainersToo() throws {
        let details = NodeDetails.of(try Self.snapshot, language: .en)
        let base = try #require(details["layer:\(Self.digest("L1").encoded)"])
        #expect(
            base.contains("chain ID = diff ID (a bottom layer's are the same; the picture names the layer by it)"),
            "\(base)")
        #expect(base.contains("files in overlay2/one…/diff"), "\(base)")
        #expect(base.contains("used by 1 image(s): a:1") && base.contains("containers standing on it: web"), "\(base)")
        let top = try #require(details["layer:\(Self.digest("C2").encoded)"])
        #expect(top.contains("chain ID (this layer") && top.contains("diff ID (this layer's own content)"), "\(top)")
        // Which of the two IDs the picture's "layer …" shows.
        #expect(top.contains("the picture names the layer by it) sha256:"), "\(top)")
        #expect(top.contains("used by no image") && top.contains("containers standing on it: web"), "\(top)")
    }

    @Test func aContainerSaysItsImageAndState() throws {
        let details = NodeDetails.of(try Self.snapshot, language: .zh)
        let web = try #require(details["container:" + String(repeating: "c", count: 64)])
        #expect(web.contains("容器 web") && web.contains("已被 rmi -f 删除") && web.contains("已退出（0）"), "\(web)")
    }
}
