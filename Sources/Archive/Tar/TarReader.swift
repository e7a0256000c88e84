/// Reads the entries of a tar archive from a ``ByteSource``, one at a time, with bounded memory.
///
/// Reads ustar, POSIX pax (`x` and `g` headers), GNU (`L`/`K` long names, base-256 numbers, the
/// old GNU magic) and v7 archives, following Go's `archive/tar` reader, which Docker, containerd
/// and go-containerregistry use, wherever the standards leave a choice:
/// - two zero blocks end the archive; end of input exactly at a header boundary is also accepted
///   (Go returns `io.EOF` there), but end of input inside a header or body is
///   ``ArchiveError/Code/truncated`` (RELIABILITY R-X10);
/// - a zero block followed by a non-zero block is a bad header;
/// - GNU sparse files, multi-volume and other unknown typeflags are refused rather than
///   extracted as plain files, because their data would be misread;
/// - directories, links, devices and FIFOs with a non-zero size are refused (R-X6, R-X10).
///
/// Global (`g`) PAX records apply to every later entry as POSIX says; Go instead returns them as
/// entries of their own. An `x` record with an empty value removes a global one for its entry.
public struct TarReader<Source: ByteSource> {
    /// Where the archive is read from; after ``next()`` returns `nil`, bytes after the end
    /// marker (tar's record padding) are still in it — see ``drainTrailer()``.
    public private(set) var source: Source
    public let limits: TarLimits

    /// How many bytes of the archive were read so far.
    public private(set) var offset: Int64 = 0
    private var remainingContent: Int64 = 0
    private var remainingPadding: Int64 = 0
    private var current: TarEntry?
    private var currentOffset: Int64 = 0
    private var globalRecords: [String: [UInt8]] = [:]
    private var isAtEnd = false
    private var failure: ArchiveError?
    private let scratch = ScratchBuffer(size: 32 * 1024)

    public init(_ source: Source, limits: TarLimits = .default) {
        self.source = source
        self.limits = limits
    }

    /// Reads the next entry's header, skipping whatever content of the previous entry was not read.
    /// - Returns: The entry, or `nil` at the end of the archive.
    /// - Throws: ``ArchiveError``; after an error every later call throws it again.
    public mutating func next() throws -> TarEntry? {
        if let failure { throw failure }
        do {
            return try readNext()
        } catch let error as ArchiveError {
            failure = error
            throw error
        }
    }

    /// Reads content of the current entry.
    /// - Returns: How many bytes were read; `0` at the end of the entry's content.
    public mutating func readContent(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw failure }
        guard remainingContent > 0, buffer.count > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), remainingContent))
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        guard n > 0 else {
            let error = ArchiveError(
                .truncated,
                "archive ends inside the content of \(describeCurrent()): \(remainingContent) bytes missing at byte \(offset)"
            )
            failure = error
            throw error
        }
        offset += Int64(n)
        remainingContent -= Int64(n)
        return n
    }

    /// Copies the rest of the current entry's content to `sink`.
    public mutating func readContent(into sink: inout some ByteSink) throws {
        let buffer = scratch.pointer
        while true {
            let n = try readContent(into: buffer)
            if n == 0 { return }
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// Reads and discards what follows the end-of-archive marker (tar pads archives to a record
    /// size of 10240 bytes). A layer's DiffID is the hash of every byte of the uncompressed
    /// stream, so a caller hashing through a ``DigestingSource`` must drain it; Docker does the
    /// same with `io.Copy(io.Discard, …)` after applying a layer.
    /// - Returns: How many bytes were discarded.
    @discardableResult
    public mutating func drainTrailer() throws -> Int64 {
        var total: Int64 = 0
        while true {
            let n = try source.read(into: scratch.pointer)
            if n == 0 { return total }
            total += Int64(n)
            offset += Int64(n)
        }
    }

    // MARK: - Headers

    private func describeCurrent() -> String {
        if let current { return "entry \"\(current.path)\" (header at byte \(currentOffset))" }
        return "the entry at byte \(currentOffset)"
    }

    private mutating func readNext() throws -> TarEntry? {
        if isAtEnd { return nil }
        let previous = describeCurrent()
        try skip(remainingContent + remainingPadding, what: "the content of \(previous)")
        remainingContent = 0
        remainingPadding = 0
        current = nil

        var localRecords: [String: [UInt8]] = [:]
        var longName: [UInt8]?
        var longLink: [UInt8]?
        var hasPendingExtension = false
        currentOffset = offset
        while true {
            let headerOffset = offset
            guard let block = try readBlock(allowEndOfInput: !hasPendingExtension) else {
                isAtEnd = true
                return nil
            }
            if block.allSatisfy({ $0 == 0 }) {
                guard !hasPendingExtension else {
                    throw ArchiveError(
                        .badHeader, "extended header at byte \(currentOffset) is followed by the end of the archive")
                }
                guard let second = try readBlock(allowEndOfInput: true) else {
                    isAtEnd = true
                    return nil
                }
                guard second.allSatisfy({ $0 == 0 }) else {
                    throw ArchiveError(.badHeader, "zero block at byte \(headerOffset) is followed by a non-zero block")
                }
                isAtEnd = true
                return nil
            }
            let (unsigned, signed) = TarHeaderBlock.checksums(block)
            guard let stored = TarHeaderBlock.octal(Array(block[TarHeaderBlock.Field.checksum])),
                stored == unsigned || stored == signed
            else {
                throw ArchiveError(
                    .badChecksum,
                    "invalid checksum in tar header at byte \(headerOffset) (not a tar archive, or corrupt)")
            }
            let format = TarHeaderBlock.format(of: block)
            let typeflag = block[TarHeaderBlock.Field.typeflag]
            let rawName = TarHeaderBlock.string(block, TarHeaderBlock.Field.name)
            guard let size = TarHeaderBlock.number(block, TarHeaderBlock.Field.size), size >= 0 else {
                throw ArchiveError(
                    .badHeader,
                    "invalid size field in header of \"\(ArchivePath(bytes: rawName))\" at byte \(headerOffset)")
            }
            switch typeflag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"):
                let data = try readSpecial(
                    size: size, limit: limits.maxPaxHeaderSize, what: "PAX extended header", at: headerOffset)
                for (key, value) in try PaxRecords.parse(data, entryOffset: headerOffset) {
                    try validate(key: key, value: value, at: headerOffset)
                    if typeflag == UInt8(ascii: "x") {
                        localRecords[key] = value
                    } else if value.isEmpty {
                        globalRecords[key] = nil
                    } else {
                        globalRecords[key] = value
                    }
                }
                hasPendingExtension = hasPendingExtension || typeflag == UInt8(ascii: "x")
            case UInt8(ascii: "L"):
                longName = nulTerminated(
                    try readSpecial(size: size, limit: limits.maxLongNameSize, what: "GNU long name", at: headerOffset))
                hasPendingExtension = true
            case UInt8(ascii: "K"):
                longLink = nulTerminated(
                    try readSpecial(
                        size: size, limit: limits.maxLongNameSize, what: "GNU long link name", at: headerOffset))
                hasPendingExtension = true
            default:
                var records = globalRecords
                for (key, value) in localRecords {
                    if value.isEmpty { records[key] = nil } else { records[key] = value }
                }
                let entry = try makeEntry(
                    block: block, format: format, size: size, records: records,
                    longName: longName, longLink: longLink, at: headerOffset)
                current = entry
                remainingContent = entry.size
                remainingPadding =
                    (Int64(TarHeaderBlock.size) - entry.size % Int64(TarHeaderBlock.size)) % Int64(TarHeaderBlock.size)
                return entry
            }
        }
    }

    private func nulTerminated(_ bytes: [UInt8]) -> [UInt8] {
        if let nul = bytes.firstIndex(of: 0) { return Array(bytes[..<nul]) }
        return bytes
    }

    /// Refuses records Go's `validPAXRecord` refuses: NUL in names, and checks numbers early.
    private func validate(key: String, value: [UInt8], at headerOffset: Int64) throws {
        switch key {
        case "path", "linkpath", "uname", "gname":
            guard !value.contains(0) else {
                throw ArchiveError(
                    .badPaxRecord, "PAX record \"\(key)\" contains a NUL byte (header at byte \(headerOffset))")
            }
        default:
            if key.hasPrefix("GNU.sparse.") {
                throw ArchiveError(
                    .unsupportedEntryType,
                    "GNU sparse file (PAX \(key)) at byte \(headerOffset) is not supported; create the archive without --sparse"
                )
            }
        }
    }

    private mutating func makeEntry(
        block: [UInt8], format: TarHeaderBlock.Format, size headerSize: Int64, records: [String: [UInt8]],
        longName: [UInt8]?, longLink: [UInt8]?, at headerOffset: Int64
    ) throws -> TarEntry {
        typealias F = TarHeaderBlock.Field
        var nameBytes = TarHeaderBlock.string(block, F.name)
        if format == .ustar {
            let prefix = TarHeaderBlock.string(block, F.prefix)
            if !prefix.isEmpty { nameBytes = prefix + [UInt8(ascii: "/")] + nameBytes }
        }
        if let longName { nameBytes = longName }
        if let path = records["path"] { nameBytes = path }
        let path = ArchivePath(bytes: nameBytes)
        func bad(_ field: String) -> ArchiveError {
            ArchiveError(.badHeader, "invalid \(field) field in header of \"\(path)\" at byte \(headerOffset)")
        }
        func number(_ range: Range<Int>, _ field: String) throws -> Int64 {
            guard let value = TarHeaderBlock.number(block, range) else { throw bad(field) }
            return value
        }
        func paxNumber(_ key: String) throws -> Int64? {
            guard let value = records[key] else { return nil }
            guard !value.isEmpty, value.count <= 19,
                value.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let number = Int64(String(decoding: value, as: UTF8.self))
            else {
                throw ArchiveError(
                    .badPaxRecord,
                    "PAX record \(key) of \"\(path)\" at byte \(headerOffset) is not a non-negative number")
            }
            return number
        }
        func paxTime(_ key: String) throws -> TarTime? {
            guard let value = records[key] else { return nil }
            guard let time = PaxRecords.time(value) else {
                throw ArchiveError(
                    .badPaxRecord, "PAX record \(key) of \"\(path)\" at byte \(headerOffset) is not a time")
            }
            return time
        }

        let typeflag = block[F.typeflag]
        let kind: TarEntry.Kind
        switch typeflag {
        case UInt8(ascii: "0"), UInt8(ascii: "7"): kind = .regular
        // v7 '\0' means regular, or a directory when the name ends in '/' (Go: TypeRegA).
        case 0: kind = path.hasTrailingSlash ? .directory : .regular
        case UInt8(ascii: "1"): kind = .hardlink
        case UInt8(ascii: "2"): kind = .symlink
        case UInt8(ascii: "3"): kind = .characterDevice
        case UInt8(ascii: "4"): kind = .blockDevice
        case UInt8(ascii: "5"): kind = .directory
        case UInt8(ascii: "6"): kind = .fifo
        default:
            let letter =
                (0x20..<0x7f).contains(typeflag) ? "'\(Character(Unicode.Scalar(typeflag)))'" : "byte \(typeflag)"
            throw ArchiveError(
                .unsupportedEntryType,
                "unsupported tar entry type \(letter) for \"\(path)\" at byte \(headerOffset)"
                    + (typeflag == UInt8(ascii: "S") ? " (GNU sparse file; create the archive without --sparse)" : ""))
        }

        let size = try paxNumber("size") ?? headerSize
        if kind != .regular && size != 0 {
            throw ArchiveError(
                .badHeader,
                "\(kind) entry \"\(path)\" at byte \(headerOffset) has size \(size); only regular files carry content")
        }
        let modeField = try number(F.mode, "mode")
        var entry = TarEntry(path: path, kind: kind)
        entry.mode = UInt32(truncatingIfNeeded: modeField) & 0o7777
        entry.uid = Int(try paxNumber("uid") ?? number(F.uid, "uid"))
        entry.gid = Int(try paxNumber("gid") ?? number(F.gid, "gid"))
        entry.size = size
        entry.modificationTime = try paxTime("mtime") ?? TarTime(seconds: number(F.mtime, "mtime"))
        entry.accessTime = try paxTime("atime")
        entry.changeTime = try paxTime("ctime")
        if format != .v7 {
            entry.userName = String(decoding: TarHeaderBlock.string(block, F.uname), as: UTF8.self)
            entry.groupName = String(decoding: TarHeaderBlock.string(block, F.gname), as: UTF8.self)
            if kind == .characterDevice || kind == .blockDevice {
                entry.deviceMajor = Int(try number(F.devmajor, "devmajor"))
                entry.deviceMinor = Int(try number(F.devminor, "devminor"))
            }
        }
        if format == .gnu {
            if block[F.gnuAtime.lowerBound] != 0 {
                entry.accessTime = TarTime(seconds: try number(F.gnuAtime, "atime"))
            }
            if block[F.gnuCtime.lowerBound] != 0 {
                entry.changeTime = TarTime(seconds: try number(F.gnuCtime, "ctime"))
            }
        }
        if let uname = records["uname"] { entry.userName = String(decoding: uname, as: UTF8.self) }
        if let gname = records["gname"] { entry.groupName = String(decoding: gname, as: UTF8.self) }
        if let major = try paxNumber("SCHILY.devmajor") { entry.deviceMajor = Int(major) }
        if let minor = try paxNumber("SCHILY.devminor") { entry.deviceMinor = Int(minor) }
        if kind == .symlink || kind == .hardlink {
            var target = TarHeaderBlock.string(block, F.linkname)
            if let longLink { target = longLink }
            if let linkpath = records["linkpath"] { target = linkpath }
            entry.linkTarget = ArchivePath(bytes: target)
        }

        let handled: Set<String> = [
            "path", "linkpath", "size", "uid", "gid", "uname", "gname", "mtime", "atime", "ctime",
            "hdrcharset", "SCHILY.devmajor", "SCHILY.devminor",
        ]
        for (key, value) in records where !handled.contains(key) {
            if key.hasPrefix("SCHILY.xattr.") {
                entry.xattrs[String(key.dropFirst("SCHILY.xattr.".count))] = value
            } else if key.hasPrefix("LIBARCHIVE.xattr.") {
                // libarchive URL-encodes the name and base64-encodes the value.
                let encodedName = String(key.dropFirst("LIBARCHIVE.xattr.".count))
                guard let name = Self.percentDecoded(encodedName), let decoded = Base64.decode(value) else {
                    throw ArchiveError(
                        .badPaxRecord, "PAX record \(key) of \"\(path)\" at byte \(headerOffset) is not valid base64")
                }
                entry.xattrs[name] = decoded
            } else {
                entry.paxRecords[key] = String(decoding: value, as: UTF8.self)
            }
        }
        return entry
    }

    private static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let c = iterator.next() {
            if c == UInt8(ascii: "%") {
                guard let h = iterator.next(), let l = iterator.next(),
                    let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Raw reading

    /// Reads one 512-byte block.
    /// - Returns: `nil` when the input ends exactly before the block and `allowEndOfInput`.
    private mutating func readBlock(allowEndOfInput: Bool) throws -> [UInt8]? {
        var block = [UInt8](repeating: 0, count: TarHeaderBlock.size)
        let start = offset
        let got = try block.withUnsafeMutableBytes { try fill($0) }
        if got == 0 && allowEndOfInput { return nil }
        guard got == TarHeaderBlock.size else {
            throw ArchiveError(.truncated, "archive ends inside a tar header at byte \(start) (\(got) of 512 bytes)")
        }
        return block
    }

    /// Reads until `buffer` is full or the input ends.
    private mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var got = 0
        while got < buffer.count {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[got...]))
            if n == 0 { break }
            got += n
        }
        offset += Int64(got)
        return got
    }

    /// Reads the content of an extension header (and its padding) into memory, bounded.
    private mutating func readSpecial(size: Int64, limit: Int, what: String, at headerOffset: Int64) throws -> [UInt8] {
        guard size <= Int64(limit) else {
            throw ArchiveError(
                .limitExceeded,
                "\(what) at byte \(headerOffset) is \(size) bytes, over the limit of \(limit) bytes (TarLimits)")
        }
        var data = [UInt8](repeating: 0, count: Int(size))
        let got = try data.withUnsafeMutableBytes { try fill($0) }
        guard got == Int(size) else {
            throw ArchiveError(.truncated, "archive ends inside the \(what) at byte \(headerOffset)")
        }
        let padding = (Int64(TarHeaderBlock.size) - size % Int64(TarHeaderBlock.size)) % Int64(TarHeaderBlock.size)
        try skip(padding, what: "the padding of the \(what) at byte \(headerOffset)")
        return data
    }

    private mutating func skip(_ count: Int64, what: @autoclosure () -> String) throws {
        var left = count
        while left > 0 {
            let want = Int(min(left, Int64(scratch.pointer.count)))
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch.pointer[0..<want]))
            guard n > 0 else {
                throw ArchiveError(.truncated, "archive ends inside \(what()): \(left) bytes missing at byte \(offset)")
            }
            left -= Int64(n)
            offset += Int64(n)
        }
    }
}

/// A buffer for skipping and copying, allocated once per reader and freed with it.
final class ScratchBuffer {
    let pointer: UnsafeMutableRawBufferPointer
    init(size: Int) { pointer = .allocate(byteCount: size, alignment: 16) }
    deinit { pointer.deallocate() }
}
