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

    /// Relative to the tree's root, `/`-separated, no leading `/`; empty for the root itself.
    var path: String
    var kind: Kind
    var mode: UInt32
    var uid: Int
    var gid: Int
    var size: Int64
    var modificationTime: TarTime
    var linkTarget: String?

    var name: String { (path as NSString).lastPathComponent }
}

/// Files a COPY or ADD reads from. Lookups never follow a symlink out of the tree (R-X8).
protocol FileTree {
    /// The entry at `path`, not following a symlink at its end; `nil` when it is not there or
    /// is excluded.
    func entry(_ path: String) throws -> SourceEntry?
    /// A folder's entries, sorted by name, without excluded ones.
    func children(of directory: SourceEntry) throws -> [SourceEntry]
    /// A regular file's content.
    func contents(of file: SourceEntry) throws -> [UInt8]
}

extension FileTree {
    /// The entries a COPY source names: a path, or a pattern with `*`, `?` and `[…]` in any
    /// component (Go's `filepath.Match`, which lets `*` match a leading dot), sorted.
    /// - Throws: ``BuildError/Code/outsideContext`` for a path climbing out with `..`.
    func matches(_ source: String) throws -> [SourceEntry] {
        let clean = try Self.clean(source)
        guard Self.hasPattern(clean) else { return try entry(clean).map { [$0] } ?? [] }
        var candidates: [String] = [""]
        for component in clean.split(separator: "/").map(String.init) {
            var next: [String] = []
            for prefix in candidates {
                guard Self.hasPattern(component) else {
                    next.append(prefix.isEmpty ? component : prefix + "/" + component)
                    continue
                }
                guard let folder = try entry(prefix), folder.kind == .directory else { continue }
                for child in try children(of: folder) where fnmatch(component, child.name, 0) == 0 {
                    next.append(child.path)
                }
            }
            candidates = next
        }
        return try candidates.sorted().compactMap { try entry($0) }
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
