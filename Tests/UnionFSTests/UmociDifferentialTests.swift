import Archive
import Foundation
import LayerlabTestSupport
import Testing
import UnionFS

/// DESIGN: what layerlab merges must match what umoci unpacks from the same layer tars (umoci
/// applies image-spec whiteouts itself, in `oci/layer/tar_extract.go`).
@Suite struct UmociDifferentialTests {
    let folders = LayerFolders("umoci")

    static let seeds: [UInt64] = Array(101...108)

    @Test(.enabled(if: TestEnvironment.has("umoci"), "needs umoci (apt-get install umoci)"), arguments: seeds)
    func unionViewEqualsUmociUnpack(seed: UInt64) async throws {
        var generator = StackGenerator(seed: seed)
        let layers = generator.stack(layers: 3 + Int(seed % 3))
        let layout = folders.temp.file("layout")
        try OCILayoutFixture.write(layers: try layers.map(makeTar), tag: "stack", to: layout)
        let bundle = folders.temp.file("bundle")
        try await runTool("umoci", ["unpack", "--rootless", "--image", "\(layout):stack", bundle])
        // --rootless does not chown (every file belongs to the unpacking user), so owners are
        // not compared. Modes are: umoci restores them after unpacking.
        let unpacked = try listTreeWithFind(bundle + "/rootfs").mapValues {
            var record = $0
            record.uid = nil
            record.gid = nil
            return record
        }
        let builtIn = try records(of: UnionView(layers: try folders.make(layers)), owners: false)
        let mismatches = differences(unpacked, builtIn)
        #expect(mismatches.isEmpty, "umoci vs UnionView, seed \(seed):\n\(mismatches.joined(separator: "\n"))")
        #expect(!builtIn.isEmpty)
    }
}
