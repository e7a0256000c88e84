import Archive
import LayerlabTestSupport
import Testing

/// The differential tests are only as good as their stacks: these check that the seeds used
/// there exercise every rule at least once.
@Suite struct StackGeneratorTests {
    @Test(arguments: [KernelOverlayDifferentialTests.seeds, UmociDifferentialTests.seeds])
    func seededStacksCoverEveryUnionRule(seeds: [UInt64]) {
        var features: Set<String> = []
        for seed in seeds {
            var generator = StackGenerator(seed: seed)
            let layers = generator.stack(layers: 3 + Int(seed % 3))
            var kinds: [ArchivePath: Set<Bool>] = [:]
            for layer in layers {
                for item in layer.map(\.entry) {
                    let name = item.path.lastComponent.map { String(decoding: $0, as: UTF8.self) } ?? ""
                    if name == Whiteout.opaqueMarker {
                        features.insert("opaque")
                    } else if name.hasPrefix(Whiteout.prefix) {
                        features.insert("whiteout")
                        let hidden = item.path.parent.appending(Array(name.utf8.dropFirst(4)))
                        if layer.contains(where: { $0.entry.path == hidden }) {
                            features.insert("whiteout beside its name")
                        }
                    } else {
                        kinds[item.path, default: []].insert(item.kind == .directory)
                    }
                    switch item.kind {
                    case .symlink: features.insert("symlink")
                    case .hardlink: features.insert("hardlink")
                    case .fifo: features.insert("fifo")
                    default: break
                    }
                }
            }
            if kinds.values.contains(where: { $0.count == 2 }) { features.insert("type change") }
        }
        #expect(
            features == [
                "opaque", "whiteout", "whiteout beside its name", "symlink", "hardlink", "fifo", "type change",
            ])
    }

    @Test func theSameSeedGivesTheSameStack() throws {
        var first = StackGenerator(seed: 7)
        var second = StackGenerator(seed: 7)
        let a = try first.stack(layers: 4).map(makeTar)
        let b = try second.stack(layers: 4).map(makeTar)
        #expect(a == b)
    }
}
