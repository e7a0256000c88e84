import Archive
import Foundation

/// An entry and its content, for building archives in tests.
public struct TarFixtureEntry: Sendable {
    public var entry: TarEntry
    public var content: [UInt8]

    public init(_ entry: TarEntry, content: [UInt8] = []) {
        self.entry = entry
        self.content = content
    }

    /// A regular file with `text` as content.
    public static func file(_ path: String, _ text: String = "", mode: UInt32 = 0o644) -> TarFixtureEntry {
        let bytes = Array(text.utf8)
        return TarFixtureEntry(
            TarEntry(path: ArchivePath(path), kind: .regular, mode: mode, size: Int64(bytes.count)), content: bytes)
    }

    public static func directory(_ path: String, mode: UInt32 = 0o755) -> TarFixtureEntry {
        TarFixtureEntry(TarEntry(path: ArchivePath(path), kind: .directory, mode: mode))
    }

    public static func symlink(_ path: String, to target: String) -> TarFixtureEntry {
        TarFixtureEntry(TarEntry(path: ArchivePath(path), kind: .symlink, mode: 0o777, linkTarget: ArchivePath(target)))
    }

    public static func hardlink(_ path: String, to target: String) -> TarFixtureEntry {
        TarFixtureEntry(TarEntry(path: ArchivePath(path), kind: .hardlink, linkTarget: ArchivePath(target)))
    }
}

/// Writes `entries` with layerlab's ``TarWriter`` into memory.
public func makeTar(_ entries: [TarFixtureEntry]) throws -> [UInt8] {
    var writer = TarWriter(BufferSink())
    for item in entries {
        try writer.append(item.entry)
        try item.content.withUnsafeBytes { try writer.writeContent($0) }
    }
    try writer.finish()
    return writer.sink.bytes
}

/// One hand-made ustar header block, for feeding readers malformed input.
///
/// Every field is given as the raw bytes to put there; the checksum is computed unless
/// `checksum` is given.
public func rawTarHeader(
    name: [UInt8] = Array("file".utf8),
    mode: String = "0000644",
    size: [UInt8] = Array("00000000000".utf8),
    typeflag: UInt8 = UInt8(ascii: "0"),
    linkname: [UInt8] = [],
    magic: [UInt8] = Array("ustar\u{0}00".utf8),
    checksum: [UInt8]? = nil
) -> [UInt8] {
    var block = [UInt8](repeating: 0, count: 512)
    func put(_ offset: Int, _ bytes: [UInt8]) {
        for (i, b) in bytes.enumerated() { block[offset + i] = b }
    }
    put(0, Array(name.prefix(100)))
    put(100, Array(mode.utf8))
    put(108, Array("0000000".utf8))
    put(116, Array("0000000".utf8))
    put(124, Array(size.prefix(12)))
    put(136, Array("00000000000".utf8))
    block[156] = typeflag
    put(157, Array(linkname.prefix(100)))
    put(257, Array(magic.prefix(8)))
    if let checksum {
        put(148, checksum)
    } else {
        put(148, Array("        ".utf8))
        let sum = block.reduce(0) { $0 + Int($1) }
        let text = String(sum, radix: 8)
        put(148, Array((String(repeating: "0", count: 6 - text.count) + text).utf8) + [0, UInt8(ascii: " ")])
    }
    return block
}

/// Every path under `folder`, relative and sorted, without following symlinks.
public func listTree(_ folder: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
    var paths: [String] = []
    while let next = enumerator.nextObject() as? String { paths.append(next) }
    return paths.sorted()
}
