import Archive
import Foundation
import Glibc
import LayerlabTestSupport

/// One line of `tar -tv --numeric-owner --full-time --quoting-style=literal`, in UTC, parsed
/// into comparable fields; and the same line produced from our ``TarEntry``.
struct ListingLine: Equatable, CustomStringConvertible {
    var type: Character
    var mode: String
    var ids: String
    var size: String
    var time: String
    var name: [UInt8]
    var target: [UInt8]?

    var description: String {
        "\(type)\(mode) \(ids) \(size) \(time) \(String(decoding: name, as: UTF8.self))"
            + (target.map { " -> " + String(decoding: $0, as: UTF8.self) } ?? "")
    }

    /// Parses GNU tar's verbose listing. Fields are split on runs of spaces up to the time;
    /// the rest is the name, then ` -> target` for symlinks or ` link to target` for hard links.
    static func parse(_ output: [UInt8]) -> [ListingLine] {
        output.split(separator: UInt8(ascii: "\n")).compactMap { line -> ListingLine? in
            var rest = line[...]
            var fields: [String] = []
            while fields.count < 5 {
                while rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
                let end = rest.firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
                fields.append(String(decoding: rest[..<end], as: UTF8.self))
                rest = rest[end...]
            }
            rest = rest.dropFirst()
            guard let typeAndMode = fields.first, let type = typeAndMode.first else { return nil }
            var name = Array(rest)
            var target: [UInt8]?
            for separator in [" -> ", " link to "] {
                let sep = Array(separator.utf8)
                if let range = name.firstRange(of: sep) {
                    target = Array(name[range.upperBound...])
                    name = Array(name[..<range.lowerBound])
                    break
                }
            }
            return ListingLine(
                type: type, mode: String(typeAndMode.dropFirst()), ids: fields[1], size: fields[2],
                time: fields[3] + " " + fields[4], name: name, target: target)
        }
    }

    /// The line GNU tar would print for `entry`.
    init(_ entry: TarEntry) {
        switch entry.kind {
        case .regular: type = "-"
        case .directory: type = "d"
        case .symlink: type = "l"
        case .hardlink: type = "h"
        case .characterDevice: type = "c"
        case .blockDevice: type = "b"
        case .fifo: type = "p"
        }
        mode = Self.modeString(entry.mode)
        ids = "\(entry.uid)/\(entry.gid)"
        size =
            entry.kind == .characterDevice || entry.kind == .blockDevice
            ? "\(entry.deviceMajor),\(entry.deviceMinor)" : "\(entry.size)"
        var t = time_t(entry.modificationTime.seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        time = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        if entry.modificationTime.nanoseconds != 0 {
            time += "." + String(String(entry.modificationTime.nanoseconds + 1_000_000_000).dropFirst())
        }
        name = entry.path.bytes
        target = entry.linkTarget?.bytes
    }

    init(type: Character, mode: String, ids: String, size: String, time: String, name: [UInt8], target: [UInt8]?) {
        self.type = type
        self.mode = mode
        self.ids = ids
        self.size = size
        self.time = time
        self.name = name
        self.target = target
    }

    static func modeString(_ mode: UInt32) -> String {
        var chars = Array("rwxrwxrwx")
        for i in 0..<9 where mode & (1 << (8 - i)) == 0 { chars[i] = "-" }
        if mode & 0o4000 != 0 { chars[2] = chars[2] == "x" ? "s" : "S" }
        if mode & 0o2000 != 0 { chars[5] = chars[5] == "x" ? "s" : "S" }
        if mode & 0o1000 != 0 { chars[8] = chars[8] == "x" ? "t" : "T" }
        return String(chars)
    }
}

/// Runs GNU tar with TZ=UTC so `--full-time` prints UTC.
@discardableResult
func gnuTar(_ arguments: [String], input: Data? = nil, in directory: String? = nil) async throws -> ProcessResult {
    try await runTool("env", ["TZ=UTC", "LC_ALL=C", "tar"] + arguments, input: input, currentDirectory: directory)
}

/// Lists an archive with GNU tar.
func gnuTarListing(_ archive: String) async throws -> [ListingLine] {
    ListingLine.parse(
        Array(
            try await gnuTar(["-tv", "--numeric-owner", "--full-time", "--quoting-style=literal", "-f", archive]).stdout
        ))
}

/// Reads every entry of an archive file with our reader.
func ourEntries(_ archive: String) throws -> [TarEntry] {
    var reader = TarReader(try FileSource(path: archive))
    var entries: [TarEntry] = []
    while let entry = try reader.next() { entries.append(entry) }
    return entries
}

/// A C path from bytes.
func cPath(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }
