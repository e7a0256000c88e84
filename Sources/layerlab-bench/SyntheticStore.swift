import OCI
import Trace

/// A store shaped like real ones: 50 base chains of 3 layers; each image adds layers on a base
/// (so bases are shared) until the store holds `layerCount` layers. Seeded, so every run, and
/// every process, sees the same store and the same DOT text.
func syntheticSnapshot(images imageCount: Int, layers layerCount: Int) -> StoreSnapshot {
    var generator = SeededGenerator(seed: 42)
    var layers: [LayerInfo] = []
    func newLayer(on parent: Digest?) -> Digest {
        let diffID = Digest.sha256(of: Array("diff \(layers.count)".utf8))
        let chainID = parent.map { Digest.sha256(of: Array("\($0) \(diffID)".utf8)) } ?? diffID
        layers.append(
            LayerInfo(
                chainID: chainID, diffID: diffID, parent: parent,
                size: Int64.random(in: 1_000...50_000_000, using: &generator),
                cacheID: String(layers.count)))
        return chainID
    }
    var bases: [[Digest]] = []
    for _ in 0..<50 {
        var chain: [Digest] = []
        for _ in 0..<3 { chain.append(newLayer(on: chain.last)) }
        bases.append(chain)
    }
    let remaining = max(imageCount, layerCount - layers.count)
    var images: [StoreSnapshot.Image] = []
    for index in 0..<imageCount {
        var chain = bases[Int.random(in: 0..<bases.count, using: &generator)]
        let extra = remaining / imageCount + (index < remaining % imageCount ? 1 : 0)
        for _ in 0..<extra { chain.append(newLayer(on: chain.last)) }
        let reference = try? Reference.parseDocker("team\(index % 40)/app\(index):v\(index % 7)")
        images.append(
            StoreSnapshot.Image(
                id: Digest.sha256(of: Array("image \(index)".utf8)), parent: nil, layers: chain,
                references: reference.map { [$0] } ?? [], created: nil, createdBy: nil, size: 0))
    }
    return StoreSnapshot(images: images, layers: layers)
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}
