import Foundation
import LayerlabTestSupport
import Testing

@testable import UnionFS

@Suite struct ImageAnalysisTests {
    let folder = TemporaryDirectory("analysis-tests")

    /// Writes a diff folder: `files` maps paths to sizes; a size of -1 writes an empty whiteout file.
    func layer(_ name: String, _ files: [String: Int]) throws -> String {
        let root = folder.file(name)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, size) in files {
            try folder.write(name + "/" + path, size < 0 ? "" : String(repeating: "x", count: size))
        }
        return root
    }

    @Test func rewrittenAndDeletedFilesAreWastedAsDiveCountsThem() throws {
        let base = try layer("l0", ["a": 100, "b": 50, "keep": 7])
        let top = try layer("l1", ["a": 200, "c": 10, ".wh.b": -1])
        let analysis = try ImageAnalysis(layers: [base, top])
        // cumulative: a 300 (min 100), b 50 + 50 hidden (min 50), c 10, keep 7
        #expect(abs(analysis.efficiency - Double(100 + 50 + 10 + 7) / Double(300 + 100 + 10 + 7)) < 1e-9)
        #expect(analysis.wastedBytes == 400)
        #expect(analysis.inefficiencies.map(\.path) == ["a", "b"])
        #expect(abs(analysis.userWastedPercent - 400.0 / 210.0) < 1e-9)
        let report = analysis.layers[1]
        #expect(report.added.map(\.path) == ["c"])
        #expect(report.changed.map(\.path) == ["a"])
        #expect(report.removed == [ImageAnalysis.FileChange(path: "b", size: 50)])
    }

    @Test func anImageThatNeverRewritesAFileIsFullyEfficient() throws {
        let base = try layer("l0", ["bin/sh": 1000])
        let top = try layer("l1", ["app/main": 500])
        let analysis = try ImageAnalysis(layers: [base, top])
        #expect(analysis.efficiency == 1)
        #expect(analysis.wastedBytes == 0)
        #expect(analysis.inefficiencies.isEmpty)
    }

    @Test func anOpaqueFolderCountsEverythingItHidesAsRemoved() throws {
        let base = try layer("l0", ["var/cache/x": 30, "var/cache/y": 20])
        let top = try layer("l1", ["var/cache/.wh..wh..opq": -1, "var/cache/z": 5])
        let analysis = try ImageAnalysis(layers: [base, top])
        #expect(analysis.layers[1].removed == [ImageAnalysis.FileChange(path: "var/cache/*", size: 50)])
        #expect(analysis.layers[1].added.map(\.path) == ["var/cache/z"])
    }
}
