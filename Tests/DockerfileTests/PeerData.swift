import Foundation

/// BuildKit's test vectors, kept read-only in `shared/` beside the repository.
enum PeerData {
    static let buildkit: URL = locate("shared/peer-tests/buildkit/frontend/dockerfile")

    /// Looks for `relativePath` in the folders above this source file. `#filePath` may name a symlink (when the
    /// tests are built from a scratch package that links to them), so symlinks are resolved first; walking up
    /// then finds `shared/` wherever the repository sits.
    private static func locate(_ relativePath: String) -> URL {
        let source = URL(fileURLWithPath: #filePath)
        var folder = source.resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent(relativePath)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        // Not found: the repository's sibling, where the data is meant to be, so that failures name that place.
        return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(relativePath)
    }
}
