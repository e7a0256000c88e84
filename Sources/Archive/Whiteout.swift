/// Whiteouts: how a layer says "this path of a lower layer is deleted".
///
/// Source: https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts
/// A file `.wh.<name>` hides `<name>` in lower layers; `.wh..wh..opq` in a directory hides all
/// lower-layer children of that directory (an opaque directory). Names the kernel's overlay
/// driver and the spec cannot mean (`.wh.`, `.wh..`, `.wh...`, which would hide "", "." or "..")
/// and names that escape the root are refused (RELIABILITY R-X4).
public enum Whiteout {
    /// The prefix of every whiteout file name.
    public static let prefix = ".wh."
    /// The file name that marks its directory opaque.
    public static let opaqueMarker = ".wh..wh..opq"

    /// What an entry's name means for the lower layers.
    public enum Meaning: Sendable, Hashable {
        /// An ordinary entry.
        case none
        /// A whiteout hiding the given path (cleaned, relative to the root).
        case deletes(ArchivePath)
        /// An opaque marker: the lower layers' children of `directory` are hidden.
        case opaque(directory: ArchivePath)
    }

    /// Tells what `path` means.
    /// - Throws: ``ArchiveError`` with ``ArchiveError/Code/badWhiteout`` for `.wh.`, `.wh..`,
    ///   `.wh...`, or ``ArchiveError/Code/nameNotLocal`` for names outside the root.
    public static func meaning(of path: ArchivePath) throws -> Meaning {
        let clean = try path.normalized()
        guard let base = clean.lastComponent else { return .none }
        let prefixBytes = Array(prefix.utf8)
        guard base.starts(with: prefixBytes) else { return .none }
        if base == Array(opaqueMarker.utf8) { return .opaque(directory: clean.parent) }
        let hidden = Array(base.dropFirst(prefixBytes.count))
        guard !hidden.isEmpty, hidden != [UInt8(ascii: ".")], hidden != [UInt8(ascii: "."), UInt8(ascii: ".")] else {
            throw ArchiveError(
                .badWhiteout,
                "invalid whiteout \"\(path)\": it would hide \"\(String(decoding: hidden, as: UTF8.self))\"")
        }
        return .deletes(clean.parent.appending(hidden))
    }

    /// The whiteout name that hides `hiding`: `dir/.wh.name` for `dir/name`.
    public static func whiteoutPath(hiding: ArchivePath) -> ArchivePath {
        let clean = hiding.cleaned
        return clean.parent.appending(Array(prefix.utf8) + (clean.lastComponent ?? []))
    }
}
