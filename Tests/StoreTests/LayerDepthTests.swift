import Foundation
import LayerlabTestSupport
import OCI
import Testing

@testable import Store

/// R-L2: an image stacks at most 125 layers, as moby's layer store allows (`max depth exceeded`).
@Suite struct LayerDepthTests {
    func layout(layers count: Int, in fixture: StoreFixture) throws -> String {
        let folder = fixture.folder.file("layout-\(count)")
        let layers = try (0..<count).map { try makeTar([.file("f\($0)", "layer \($0)\n")]) }
        try OCILayoutFixture.write(layers: layers, tag: "deep:\(count)", to: folder)
        return folder
    }

    @Test func aHundredAndTwentyFiveLayersLoad() throws {
        let fixture = try StoreFixture()
        let loaded = try fixture.store.load(from: try layout(layers: 125, in: fixture))
        #expect(try fixture.store.image(try #require(loaded.first).id.description).layers.count == 125)
    }

    @Test func aHundredAndTwentySixAreRefusedBeforeAnyIsStored() throws {
        let fixture = try StoreFixture()
        let folder = try layout(layers: 126, in: fixture)
        let before = fixture.snapshot
        #expect {
            try fixture.store.load(from: folder)
        } throws: { error in
            "\(error)".contains("max depth exceeded: the image would have 126 layers, and Docker stacks at most 125")
        }
        #expect(fixture.snapshot == before)
    }
}
