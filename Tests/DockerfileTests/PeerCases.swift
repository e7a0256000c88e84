import Foundation

/// Reads BuildKit's test vectors from `PeerData.buildkit`.
enum PeerCases {
    /// The case folders under `relativePath`, sorted so that test output is stable.
    static func folders(_ relativePath: String) -> [String] {
        let url = PeerData.buildkit.appendingPathComponent(relativePath)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// A peer file's text, exactly as stored.
    static func text(_ relativePath: String) -> String {
        let url = PeerData.buildkit.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The lines of a peer file, without their newlines. Split on scalars: as a Character, `\r\n` is not `\n`.
    static func lines(_ relativePath: String) -> [String] {
        text(relativePath).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
    }
}
