import Foundation
import FuzzTargets
import Testing

/// R-F2: every input in the committed corpus (the seeds, and each input that ever found a bug)
/// runs through its fuzz target on every `make test`, so a bug once found stays fixed. A broken
/// invariant stops the test process, which fails the run.
@Suite struct CorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus").path

    static func inputs(of target: FuzzTarget) -> [String] {
        let folder = corpus + "/" + target.rawValue
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { folder + "/" + $0 }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCorpusInputRunsCleanly(target: FuzzTarget) throws {
        let inputs = Self.inputs(of: target)
        #expect(inputs.count >= 4, "\(target.rawValue) has too few seeds to start from")
        for path in inputs {
            target.run(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
    }

    /// `make fuzz` runs one libFuzzer session per corpus folder: each folder names a target, and
    /// each target has a folder.
    @Test func theCorpusFoldersAreTheTargets() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).sorted()
        #expect(folders == FuzzTarget.allCases.map(\.rawValue).sorted())
    }

    /// The apply-layer target's check is itself checked: a layer that escapes would be caught.
    /// (The extractor refuses `../`, so the seed that tries it leaves the sandbox as it was.)
    @Test func theApplyTargetRunsTheBreakoutSeedsWithoutAnEscape() throws {
        let breakouts = Self.inputs(of: .applyLayer).filter { $0.contains("dotdot") || $0.contains("link-then-write") }
        #expect(breakouts.count == 2)
        for path in breakouts { FuzzTarget.applyLayer.run(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) }
    }
}
