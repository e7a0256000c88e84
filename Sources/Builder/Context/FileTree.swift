import Archive
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file, folder or symlink of a COPY source: the build context, or a stage's or image's files.
struct SourceEntry: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case regular, directory, symlink
    }

    /// Where it is in its tree: relative to the root, `/`-separated, no leading `/`, no symlink
    /// on the way; empty for the root itself.
    var path: String
    /// The name it is copied under: its own, or that of the symlink the Dockerfile named it by.
    var name: String
    var kind: Kind
    var mode: UInt32
    var uid: Int
    var gid: Int
    var size: Int64
    var modificationTime: TarTime
    var linkTarget: String?

    init(
        path: String, kind: Kind, mode: UInt32, uid: Int, gid: Int, size: Int64, modificationTime: TarTime,
        linkTarget: String?
    ) {
        self.path = path
        self.name = (path as NSString).lastPathComponent
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.modificationTime = modificationTime
        self.linkTarget = linkTarget
    }
}

/// Files a COPY or ADD reads from. Nothing outside the tree is ever read: lookups never follow a
/// symlink, and ``resolve(_:)`` follows them inside the tree (R-B2, R-X8).
protocol FileTree {
    /// The entry at `path`, a path with no symlink on the way; a symlink at its end is the link
    /// itself. `nil` when nothing is there.
    func entry(_ path: String) throws -> SourceEntry?
    /// Whether `path` is left out of the tree (`.dockerignore`).
    func isExcluded(_ path: String) -> Bool
    /// A folder's entries, sorted by name, without excluded ones.
    func children(of directory: SourceEntry) throws -> [SourceEntry]
    /// A regular file's content.
    func contents(of file: SourceEntry) throws -> [UInt8]
}

extension FileTree {
    func isExcluded(_ path: String) -> Bool { false }

    /// The entry a COPY source path names, resolved with the tree's root as `/`, as the legacy
    /// builder (`symlink.FollowSymlinkInScope`) and BuildKit (continuity's `fs.RootPath`) resolve
    /// it (``ScopedPath``): every symlink on the way is followed, the last one too; an absolute
    /// target starts again at the root, and `..` stops there. So a link to `/etc` names the tree's
    /// own `etc`, never the host's.
    /// - Returns: the entry, named as `path` names it; `nil` when nothing is there, a component
    ///   is not a folder, or `.dockerignore` leaves it or a link on the way out.
    /// - Throws: ``BuildError/Code/invalidContext`` when the links loop or chain more than
    ///   ``ScopedPath/maximumLinks`` deep.
    func resolve(_ path: String) throws -> SourceEntry? {
        let real: String?
        do {
            real = try ScopedPath.resolve(path) { candidate in
                guard let found = try entry(candidate) else { return .missing }
                guard found.kind == .symlink else { return .entry }
                return isExcluded(candidate) ? .missing : .symlink(target: found.linkTarget ?? "")
            }
        } catch let error as ScopedPath.TooManyLinks {
            throw BuildError(.invalidContext, error.description)
        }
        guard let real, !isExcluded(real), var found = try entry(real) else { return nil }
        if let name = path.split(separator: "/").last(where: { $0 != "." && $0 != ".." }) { found.name = String(name) }
        return found
    }

    /// The paths a COPY source names: the source itself, or for a pattern with `*`, `?` and `[…]`
    /// in any component (Go's `filepath.Match`, which lets `*` match a leading dot) the paths of
    /// the entries it matches, sorted. Folders on the way are resolved with ``resolve(_:)``; the
    /// paths are not, so that each is copied under the name it was matched by.
    /// - Throws: ``BuildError/Code/outsideContext`` for a path climbing out with `..`.
    func matches(_ source: String) throws -> [String] {
        let clean = try Self.clean(source)
        guard Self.hasPattern(clean) else { return [clean] }
        var candidates: [String] = [""]
        for component in clean.split(separator: "/").map(String.init) {
            var next: [String] = []
            for prefix in candidates {
                let path = { (name: String) in prefix.isEmpty ? name : prefix + "/" + name }
                guard Self.hasPattern(component) else {
                    next.append(path(component))
                    continue
                }
                guard let folder = try resolve(prefix), folder.kind == .directory else { continue }
                for child in try children(of: folder) where fnmatch(component, child.name, 0) == 0 {
                    next.append(path(child.name))
                }
            }
            candidates = next
        }
        return candidates.sorted()
    }

    /// `source` relative to the tree's root: leading `/` and `./` dropped, `..` resolved.
    static func clean(_ source: String) throws -> String {
        var components: [Substring] = []
        for component in source.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard components.popLast() != nil else {
                    throw BuildError(.outsideContext, "forbidden path outside the build context: \(source)")
                }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    static func hasPattern(_ text: String) -> Bool { text.contains { "*?[".contains($0) } }
}
