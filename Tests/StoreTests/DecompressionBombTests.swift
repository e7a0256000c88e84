import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Testing

@testable import Store

/// R-L1: a layer that expands past the store's limit is refused as it expands, with the limit and
/// the flag that raises it in the error, and nothing of it stays.
@Suite struct DecompressionBombTests {
    let folder = TemporaryDirectory("bombs")

    /// 64 MiB of zeros in one file, gzip'd to about 64 KiB: a small bomb.
    func bomb() async throws -> String {
        let path = folder.file("bomb.tar")
        try Data(
            try makeTar([
                TarFixtureEntry(
                    TarEntry(path: ArchivePath("zeros"), kind: .regular, mode: 0o644, size: 64 << 20),
                    content: [UInt8](repeating: 0, count: 64 << 20))
            ])
        ).write(to: URL(fileURLWithPath: path))
        try await runTool("gzip", ["-9", path])
        return path + ".gz"
    }

    @Test func aLayerExpandingPastTheLimitIsRefusedNamingTheLimitAndTheFlag() async throws {
        let bomb = try await bomb()
        let compressed = try #require(try FileManager.default.attributesOfItem(atPath: bomb)[.size] as? Int)
        #expect(compressed < 1 << 20)
        let store = try ImageStore(
            root: folder.file("store"), limits: StoreLimits(expandedLayerBytes: 8 << 20))
        let before = FolderSnapshot(folder.file("store"))
        #expect {
            try store.importImage(from: .file(bomb), repository: "bomb:v1")
        } throws: { error in
            let message = "\(error)"
            return message.contains("8388608 bytes") && message.contains("--max-layer-size")
        }
        #expect(FolderSnapshot(folder.file("store")) == before)
    }

    @Test func theSameLayerUnderARaisedLimitIsImported() async throws {
        let store = try ImageStore(root: folder.file("store"), limits: StoreLimits(expandedLayerBytes: 65 << 20))
        let id = try store.importImage(from: .file(try await bomb()), repository: "big:v1")
        #expect(try store.image("big:v1").layers.first?.size == 64 << 20)
        #expect(try store.image("big:v1").id == id)
    }

    /// Pull and load register layers the same way; load shows it.
    @Test func loadIsBoundedToo() async throws {
        let bomb = try await bomb()
        let tar = try Data(contentsOf: URL(fileURLWithPath: bomb))
        let layout = folder.file("layout")
        try OCILayoutFixture.write(layers: [Array(tar)], tag: "bomb:v1", to: layout)
        let store = try ImageStore(root: folder.file("store"), limits: StoreLimits(expandedLayerBytes: 1 << 20))
        #expect {
            try store.load(from: layout)
        } throws: { error in
            "\(error)".contains("--max-layer-size")
        }
    }
}
