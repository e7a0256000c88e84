import Archive

// Source: moby's pkg/symlink.FollowSymlinkInScope, which its builder uses for COPY and ADD
// destinations (and BuildKit's copy resolves the same way).
extension UnionView {
    /// Linux's limit on links followed in one lookup (`MAXSYMLINKS`).
    public static let maximumSymlinks = 40

    /// `path` with every symlink in it followed inside this view, the last component's too, as
    /// if the view's root were `/`: an absolute target starts again at the root and `..` stops
    /// there, so the answer is always inside (R-B5, R-X8). Components that do not exist are kept
    /// as they are, so a link to a missing folder gives the path that folder would have.
    /// - Throws: ``UnionError`` (`badPath`) past ``maximumSymlinks`` links: a loop.
    public func pathInScope(_ path: ArchivePath) throws -> ArchivePath {
        var pending = path.components
        var resolved: [[UInt8]] = []
        var hops = 0
        var missing = false
        while !pending.isEmpty {
            let component = pending.removeFirst()
            switch component {
            case [UInt8(ascii: ".")]:
                continue
            case [UInt8(ascii: "."), UInt8(ascii: ".")]:
                _ = resolved.popLast()
                continue
            default:
                break
            }
            let candidate = resolved + [component]
            guard !missing, let entry = try lookup(ArchivePath(bytes: candidate.joined(separator: [UInt8(ascii: "/")])))
            else {
                missing = true
                resolved = candidate
                continue
            }
            guard entry.kind == .symlink, let target = entry.linkTarget else {
                resolved = candidate
                continue
            }
            hops += 1
            guard hops <= Self.maximumSymlinks else {
                throw UnionError(.badPath, "\(path): more than \(Self.maximumSymlinks) symbolic links (a loop?)")
            }
            if target.bytes.first == UInt8(ascii: "/") { resolved = [] }
            pending = target.components + pending
        }
        return ArchivePath(bytes: resolved.joined(separator: [UInt8(ascii: "/")]))
    }
}
