/// Resolves a path inside a root as if the root were `/`: every symbolic link on the way is
/// followed, an absolute target starts again at the root, and `..` stops there (moby's
/// `FollowSymlinkInScope`, chroot semantics). A build context and an image archive are read
/// through it, so that no link inside them leads out (RELIABILITY.md R-B2, R-X8).
///
/// The tree is seen only through `lookup`, so the same rules serve a folder on disk, an image's
/// union view, or a context with `.dockerignore` exclusions.
public enum ScopedPath {
    /// What `lookup` found at a candidate path (relative to the root, components joined by `/`).
    public enum Step: Sendable, Equatable {
        case missing
        case symlink(target: String)
        /// A file, folder or anything else that is not a link: resolution goes on below it.
        case entry
    }

    /// Links followed before a path is taken to loop: moby's limit (the kernel's is 40).
    public static let maximumLinks = 255

    /// Links chained more than ``maximumLinks`` deep, or in a loop.
    public struct TooManyLinks: Error, Sendable, CustomStringConvertible {
        public let path: String
        public var description: String {
            "too many symbolic links in \(path): they loop, or chain more than \(ScopedPath.maximumLinks) deep"
        }
    }

    /// The path `path` leads to, relative to the root (empty for the root itself), with no link
    /// left in it; `nil` when a component is missing.
    /// - Throws: ``TooManyLinks``, or what `lookup` throws.
    public static func resolve(_ path: String, lookup: (String) throws -> Step) throws -> String? {
        var pending = path.split(separator: "/").reversed().map(String.init)
        var resolved: [String] = []
        var links = 0
        while let component = pending.popLast() {
            switch component {
            case ".": continue
            case "..":
                _ = resolved.popLast()
                continue
            default: break
            }
            let candidate = (resolved + [component]).joined(separator: "/")
            switch try lookup(candidate) {
            case .missing:
                return nil
            case .entry:
                resolved.append(component)
            case .symlink(let target):
                links += 1
                guard links <= maximumLinks else { throw TooManyLinks(path: path) }
                if target.hasPrefix("/") { resolved = [] }
                pending += target.split(separator: "/").reversed().map(String.init)
            }
        }
        return resolved.joined(separator: "/")
    }
}
