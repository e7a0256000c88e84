/// How many bytes the docker CLI sends for a build context: a tar stream written by Go's
/// `archive/tar` from moby's `TarWithOptions`, which `Sending build context to Docker daemon`
/// counts. Each entry is a 512-byte header (and a PAX header before it when a name does not fit
/// USTAR), a regular file's content padded to 512 bytes, and two zero blocks end the stream.
enum ContextTarSize {
    static let block: Int64 = 512

    /// The stream's size for `entries` (the root itself is not sent).
    static func bytes(of entries: [SourceEntry]) -> Int64 {
        entries.filter { !$0.path.isEmpty }.reduce(2 * block) { $0 + bytes(of: $1) }
    }

    static func bytes(of entry: SourceEntry) -> Int64 {
        // A folder's name ends with `/` in the archive.
        let name = entry.kind == .directory ? entry.path + "/" : entry.path
        var records: [(key: String, value: String)] = []
        if !fitsUSTAR(name) { records.append(("path", name)) }
        if let target = entry.linkTarget, !fitsField(target, length: 100) { records.append(("linkpath", target)) }
        let content = entry.kind == .regular ? padded(entry.size) : 0
        return block + content + (records.isEmpty ? 0 : block + padded(paxLength(records)))
    }

    /// Whether Go writes `name` in a USTAR header: in the 100-byte name field, or split at a `/`
    /// into a prefix of at most 155 bytes and a name of at most 100 (Go's `splitUSTARPath`).
    static func fitsUSTAR(_ name: String) -> Bool {
        if fitsField(name, length: 100) { return true }
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }), bytes.count > 100 else { return false }
        var length = min(bytes.count, 156)
        if length == bytes.count, bytes[length - 1] == UInt8(ascii: "/") { length -= 1 }
        guard let slash = bytes[..<length].lastIndex(of: UInt8(ascii: "/")) else { return false }
        let suffix = bytes.count - slash - 1
        return slash > 0 && suffix > 0 && suffix <= 100 && slash <= 155
    }

    /// ASCII that fits a field of `length` bytes.
    static func fitsField(_ text: String, length: Int) -> Bool {
        text.utf8.count <= length && text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// A PAX extended header's data: records `"<length> <key>=<value>\n"`, where the length counts
    /// itself.
    static func paxLength(_ records: [(key: String, value: String)]) -> Int64 {
        records.reduce(0) { total, record in
            let body = record.key.utf8.count + record.value.utf8.count + 3  // " ", "=", "\n"
            var length = body + 1
            while body + String(length).count > length { length += 1 }
            return total + Int64(length)
        }
    }

    static func padded(_ size: Int64) -> Int64 { (size + block - 1) / block * block }
}
