/// Writes a tar archive to a ``ByteSink``: a header per entry, its content, and the end marker.
///
/// The output follows Go's `archive/tar` writer with `Format = FormatPAX`, which is what moby's
/// `pkg/archive` uses for layers (`FileInfoHeader`), so layers look like Docker's:
/// - a ustar header always; a PAX `x` header before it only when a field does not fit ustar:
///   a name over 100 bytes that cannot be split into prefix and name, a link target over 100
///   bytes, a non-ASCII name, link target, user or group name, a size over 8 GiB, ids over
///   2097151, a time before 1970 or after 2242, xattrs (`SCHILY.xattr.*`), and kept PAX records;
/// - times are whole seconds unless `writesSubsecondTimes` (moby truncates `ModTime` to the
///   second and clears access and change times); atime and ctime are written only then;
/// - directory names end in `/` (Go's `FileInfoHeader`, moby's `canonicalTarName`);
/// - the PAX header is named `dir/PaxHeaders.0/base` as Go names it (GNU tar puts its pid there,
///   which would make output depend on the process);
/// - non-UTF-8 names also get `hdrcharset=BINARY` (POSIX pax), which GNU tar writes and reads;
/// - ``finish()`` writes exactly two zero blocks, 1024 bytes, with no record padding (Go's
///   `Writer.Close`).
/// Equal entries and content therefore give equal bytes.
public struct TarWriter<Sink: ByteSink> {
    /// Where the archive goes; take it back after ``finish()`` (for example to finish a gzip sink).
    public var sink: Sink
    /// Whether PAX records keep sub-second and access/change times.
    public let writesSubsecondTimes: Bool
    private var remainingContent: Int64 = 0
    private var remainingPadding: Int = 0
    private var currentPath = ArchivePath("")
    private var isFinished = false

    public init(_ sink: Sink, writesSubsecondTimes: Bool = false) {
        self.sink = sink
        self.writesSubsecondTimes = writesSubsecondTimes
    }

    /// Writes the header of `entry`; its content follows through ``writeContent(_:)``.
    /// - Throws: ``ArchiveError`` with ``ArchiveError/Code/sizeMismatch`` when the previous
    ///   entry's content is incomplete, ``ArchiveError/Code/badHeader`` for a name with NUL, an
    ///   empty name, a negative size, or a size on a kind without content.
    public mutating func append(_ entry: TarEntry) throws {
        try closeEntry()
        guard !entry.path.bytes.isEmpty, !entry.path.containsNUL else {
            throw ArchiveError(.badHeader, "cannot write entry named \"\(entry.path)\": empty or contains NUL")
        }
        guard entry.size >= 0, entry.kind == .regular || entry.size == 0 else {
            throw ArchiveError(.badHeader, "cannot write \(entry.kind) \"\(entry.path)\" with size \(entry.size)")
        }
        if let target = entry.linkTarget, target.containsNUL {
            throw ArchiveError(.badHeader, "cannot write link \"\(entry.path)\": target contains NUL")
        }
        var name = entry.path.bytes
        if entry.kind == .directory && !entry.path.hasTrailingSlash { name.append(UInt8(ascii: "/")) }

        typealias F = TarHeaderBlock.Field
        var block = [UInt8](repeating: 0, count: TarHeaderBlock.size)
        var records: [String: [UInt8]] = [:]

        if let (prefix, suffix) = Self.splitUSTAR(name) {
            TarHeaderBlock.putString(&block, F.prefix, prefix)
            TarHeaderBlock.putString(&block, F.name, suffix)
        } else {
            records["path"] = name
            TarHeaderBlock.putString(&block, F.name, Self.asciiOnly(name))
        }
        if let target = entry.linkTarget, entry.kind == .symlink || entry.kind == .hardlink {
            if target.bytes.count > F.linkname.count || !Self.isASCII(target.bytes) {
                records["linkpath"] = target.bytes
                TarHeaderBlock.putString(&block, F.linkname, Self.asciiOnly(target.bytes))
            } else {
                TarHeaderBlock.putString(&block, F.linkname, target.bytes)
            }
        }
        func putNumber(_ range: Range<Int>, _ value: Int64, paxKey: String) {
            if TarHeaderBlock.fitsOctal(value, width: range.count) {
                TarHeaderBlock.putOctal(&block, range, value)
            } else {
                records[paxKey] = Array(String(value).utf8)
                TarHeaderBlock.putOctal(&block, range, 0)
            }
        }
        TarHeaderBlock.putOctal(&block, F.mode, Int64(entry.mode & 0o7777 | entry.modeTypeBits))
        putNumber(F.uid, Int64(entry.uid), paxKey: "uid")
        putNumber(F.gid, Int64(entry.gid), paxKey: "gid")
        putNumber(F.size, entry.size, paxKey: "size")
        let mtime = writesSubsecondTimes ? entry.modificationTime : entry.modificationTime.truncatedToSeconds
        if mtime.nanoseconds != 0 || !TarHeaderBlock.fitsOctal(mtime.seconds, width: F.mtime.count) {
            records["mtime"] = PaxRecords.format(time: mtime)
            TarHeaderBlock.putOctal(
                &block, F.mtime, TarHeaderBlock.fitsOctal(mtime.seconds, width: 12) ? mtime.seconds : 0)
        } else {
            TarHeaderBlock.putOctal(&block, F.mtime, mtime.seconds)
        }
        if writesSubsecondTimes {
            if let atime = entry.accessTime { records["atime"] = PaxRecords.format(time: atime) }
            if let ctime = entry.changeTime { records["ctime"] = PaxRecords.format(time: ctime) }
        }
        block[F.typeflag] = Self.typeflag(entry.kind)
        TarHeaderBlock.putString(&block, F.magic, TarHeaderBlock.ustarMagic)
        TarHeaderBlock.putString(&block, F.version, TarHeaderBlock.ustarVersion)
        for (value, range, key) in [(entry.userName, F.uname, "uname"), (entry.groupName, F.gname, "gname")] {
            let bytes = Array(value.utf8)
            if bytes.count >= range.count || !Self.isASCII(bytes) {
                records[key] = bytes
                TarHeaderBlock.putString(&block, range, Self.asciiOnly(bytes))
            } else {
                TarHeaderBlock.putString(&block, range, bytes)
            }
        }
        if entry.kind == .characterDevice || entry.kind == .blockDevice {
            TarHeaderBlock.putNumber(&block, F.devmajor, Int64(entry.deviceMajor))
            TarHeaderBlock.putNumber(&block, F.devminor, Int64(entry.deviceMinor))
        } else {
            TarHeaderBlock.putOctal(&block, F.devmajor, 0)
            TarHeaderBlock.putOctal(&block, F.devminor, 0)
        }
        for (key, value) in entry.xattrs { records["SCHILY.xattr." + key] = value }
        for (key, value) in entry.paxRecords where records[key] == nil { records[key] = Array(value.utf8) }
        if let path = records["path"], String(validating: path, as: UTF8.self) == nil {
            records["hdrcharset"] = Array("BINARY".utf8)
        } else if let link = records["linkpath"], String(validating: link, as: UTF8.self) == nil {
            records["hdrcharset"] = Array("BINARY".utf8)
        }
        TarHeaderBlock.putChecksum(&block)

        if !records.isEmpty { try writePAXHeader(records, for: name) }
        try write(block)
        currentPath = entry.path
        remainingContent = entry.size
        remainingPadding = Int((512 - entry.size % 512) % 512)
    }

    /// Writes content of the current entry.
    /// - Throws: ``ArchiveError/Code/sizeMismatch`` when `bytes` go past the entry's size.
    public mutating func writeContent(_ bytes: UnsafeRawBufferPointer) throws {
        guard Int64(bytes.count) <= remainingContent else {
            throw ArchiveError(
                .sizeMismatch,
                "content of \"\(currentPath)\" is longer than its declared size (\(bytes.count) bytes given, \(remainingContent) left)"
            )
        }
        try sink.write(bytes)
        remainingContent -= Int64(bytes.count)
    }

    /// Copies exactly the remaining content of the current entry from `source`.
    /// - Throws: ``ArchiveError/Code/sizeMismatch`` when `source` ends early or has more bytes
    ///   (a file that changed while it was archived).
    public mutating func writeContent(from source: inout some ByteSource) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while remainingContent > 0 {
            let want = Int(min(Int64(buffer.count), remainingContent))
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            guard n > 0 else {
                throw ArchiveError(
                    .sizeMismatch,
                    "content of \"\(currentPath)\" ended \(remainingContent) bytes short of its declared size")
            }
            try writeContent(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        let extra = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<1]))
        guard extra == 0 else {
            throw ArchiveError(.sizeMismatch, "content of \"\(currentPath)\" is longer than its declared size")
        }
    }

    /// Ends the archive with two zero blocks (1024 bytes, as Go's `Writer.Close`).
    public mutating func finish() throws {
        guard !isFinished else { return }
        try closeEntry()
        try write([UInt8](repeating: 0, count: 2 * TarHeaderBlock.size))
        isFinished = true
    }

    // MARK: - Private

    private mutating func closeEntry() throws {
        guard !isFinished else { throw ArchiveError(.badHeader, "the archive is already finished") }
        guard remainingContent == 0 else {
            throw ArchiveError(
                .sizeMismatch, "content of \"\(currentPath)\" is \(remainingContent) bytes short of its declared size")
        }
        if remainingPadding > 0 {
            try write([UInt8](repeating: 0, count: remainingPadding))
            remainingPadding = 0
        }
    }

    private mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try sink.write($0) }
    }

    private mutating func writePAXHeader(_ records: [String: [UInt8]], for name: [UInt8]) throws {
        // Sorted keys (Go sorts them too) make the header deterministic.
        var data: [UInt8] = []
        for key in records.keys.sorted() {
            if let value = records[key] { data += PaxRecords.format(key: key, value: value) }
        }
        let slash = name.dropLast().lastIndex(of: UInt8(ascii: "/"))
        let directory = slash.map { Array(name[...$0]) } ?? []
        let base = slash.map { Array(name[($0 + 1)...]) } ?? name
        let paxName = directory + Array("PaxHeaders.0/".utf8) + base
        var block = [UInt8](repeating: 0, count: TarHeaderBlock.size)
        typealias F = TarHeaderBlock.Field
        TarHeaderBlock.putString(&block, F.name, Self.asciiOnly(paxName))
        TarHeaderBlock.putOctal(&block, F.mode, 0)
        TarHeaderBlock.putOctal(&block, F.uid, 0)
        TarHeaderBlock.putOctal(&block, F.gid, 0)
        TarHeaderBlock.putOctal(&block, F.size, Int64(data.count))
        TarHeaderBlock.putOctal(&block, F.mtime, 0)
        block[F.typeflag] = UInt8(ascii: "x")
        TarHeaderBlock.putString(&block, F.magic, TarHeaderBlock.ustarMagic)
        TarHeaderBlock.putString(&block, F.version, TarHeaderBlock.ustarVersion)
        TarHeaderBlock.putOctal(&block, F.devmajor, 0)
        TarHeaderBlock.putOctal(&block, F.devminor, 0)
        TarHeaderBlock.putChecksum(&block)
        try write(block)
        try write(data)
        let padding = (512 - data.count % 512) % 512
        if padding > 0 { try write([UInt8](repeating: 0, count: padding)) }
    }

    private static func typeflag(_ kind: TarEntry.Kind) -> UInt8 {
        switch kind {
        case .regular: UInt8(ascii: "0")
        case .hardlink: UInt8(ascii: "1")
        case .symlink: UInt8(ascii: "2")
        case .characterDevice: UInt8(ascii: "3")
        case .blockDevice: UInt8(ascii: "4")
        case .directory: UInt8(ascii: "5")
        case .fifo: UInt8(ascii: "6")
        }
    }

    private static func isASCII(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    private static func asciiOnly(_ bytes: [UInt8]) -> [UInt8] { bytes.filter { $0 < 0x80 } }

    /// Splits a name into ustar prefix (≤ 155 bytes) and name (≤ 100 bytes) at a slash, as Go's
    /// `splitUSTARPath`; `nil` when the name does not fit ustar at all or is not ASCII.
    static func splitUSTAR(_ name: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        guard isASCII(name) else { return nil }
        if name.count <= 100 { return ([], name) }
        var length = name.count
        if length > 156 {
            length = 156
        } else if name[length - 1] == UInt8(ascii: "/") {
            length -= 1
        }
        guard let i = name[..<length].lastIndex(of: UInt8(ascii: "/")) else { return nil }
        let nameLength = name.count - i - 1
        guard i > 0, nameLength <= 100, nameLength > 0, i <= 155 else { return nil }
        return (Array(name[..<i]), Array(name[(i + 1)...]))
    }
}
