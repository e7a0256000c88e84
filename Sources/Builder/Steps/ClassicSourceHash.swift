import Crypto
import Foundation

/// The hash the classic builder writes into a COPY or ADD step's history line
/// (`COPY file:<hash> in /app `), computed as moby does, so the line reads as Docker's.
///
/// The daemon sums each context entry while it unpacks the CLI's tar (`pkg/tarsum`, version 1):
/// SHA-256 of the header fields below, names and values run together, then the content. The CLI
/// writes every entry as owned by 0:0, and the sum leaves out the user and group names and the
/// modification time. A folder's hash sums its entries' sums (itself included), sorted; several
/// sources sum their own hashes in the order written.
enum ClassicSourceHash {
    /// One entry's tarsum, in lowercase hex.
    static func entrySum(_ entry: SourceEntry, contents: [UInt8]) -> String {
        let name = entry.kind == .directory ? entry.path + "/" : entry.path
        let fields: [(String, String)] = [
            ("name", name), ("mode", String(goMode(entry))), ("uid", "0"), ("gid", "0"),
            ("size", String(entry.kind == .regular ? entry.size : 0)), ("typeflag", typeflag(entry.kind)),
            ("linkname", entry.linkTarget ?? ""), ("uname", ""), ("gname", ""), ("devmajor", "0"), ("devminor", "0"),
        ]
        var hasher = SHA256()
        for (key, value) in fields { hasher.update(data: Array((key + value).utf8)) }
        hasher.update(data: contents)
        return hex(hasher.finalize())
    }

    /// `file:<sum>` for a file, `dir:<sum of its entries' sums>` for a folder (`walked` lists it
    /// and everything under it).
    static func sourceHash(_ walked: [(entry: SourceEntry, sum: String)]) -> String {
        guard let top = walked.first, top.entry.kind == .directory else { return "file:" + (walked.first?.sum ?? "") }
        return joined("dir", walked.map(\.sum).sorted())
    }

    /// Several sources (or a wildcard matching several): `multi:` over their hashes.
    static func combined(_ hashes: [String]) -> String {
        hashes.count == 1 ? hashes[0] : joined("multi", hashes)
    }

    private static func joined(_ prefix: String, _ parts: [String]) -> String {
        prefix + ":" + hex(SHA256.hash(data: Array(parts.joined(separator: ",").utf8)))
    }

    /// Go's `tar.Header.Mode` for the entry: the type bits (`c_ISREG` …) and the permission,
    /// set-ID and sticky bits.
    static func goMode(_ entry: SourceEntry) -> UInt32 {
        let type: UInt32 =
            switch entry.kind {
            case .regular: 0o100000
            case .directory: 0o40000
            case .symlink: 0o120000
            }
        return type | (entry.kind == .symlink ? 0o777 : entry.mode & 0o7777)
    }

    static func typeflag(_ kind: SourceEntry.Kind) -> String {
        switch kind {
        case .regular: "0"
        case .directory: "5"
        case .symlink: "2"
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
