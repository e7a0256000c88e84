import Foundation
import Testing

/// Compares text with a golden file in `Tests/RenderTests/Golden`; `LAYERLAB_RECORD_GOLDEN=1` rewrites it.
enum Golden {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LAYERLAB_RECORD_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "no golden file \(name); run with LAYERLAB_RECORD_GOLDEN=1 to record it", sourceLocation: sourceLocation
            )
            return
        }
        if expected != text {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            let wanted = line < want.count ? String(want[line]) : "<end>"
            let actual = line < got.count ? String(got[line]) : "<end>"
            Issue.record(
                "\(name) differs at line \(line + 1):\n  expected: \(wanted)\n  actual:   \(actual)",
                sourceLocation: sourceLocation)
        }
    }
}
