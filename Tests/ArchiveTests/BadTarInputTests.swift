import Archive
import LayerlabTestSupport
import Testing

/// Malformed archives (RELIABILITY R-X10): each must be an error with the right code, never a
/// silently wrong entry.
@Suite struct BadTarInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var code: ArchiveError.Code
        var testDescription: String { name }
    }

    static let end = [UInt8](repeating: 0, count: 1024)

    static func pax(_ records: String) -> [UInt8] {
        let data = Array(records.utf8)
        let size = String(data.count, radix: 8)
        let header = rawTarHeader(
            name: Array("PaxHeaders/file".utf8),
            size: Array((String(repeating: "0", count: 11 - size.count) + size).utf8),
            typeflag: UInt8(ascii: "x"))
        return header + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    static let cases: [Case] = [
        Case(name: "bad checksum", bytes: rawTarHeader(checksum: Array("0001234\0".utf8)) + end, code: .badChecksum),
        Case(name: "non-octal size", bytes: rawTarHeader(size: Array("0000000009z".utf8)) + end, code: .badHeader),
        Case(
            name: "negative base-256 size",
            bytes: rawTarHeader(size: [0xff] + [UInt8](repeating: 0xff, count: 11)) + end, code: .badHeader),
        Case(
            name: "base-256 size overflowing Int64",
            bytes: rawTarHeader(size: [0x80, 0x7f] + [UInt8](repeating: 0xff, count: 10)) + end, code: .badHeader),
        Case(
            name: "huge size with missing body",
            bytes: rawTarHeader(size: Array("77777777777".utf8)) + [UInt8](repeating: 0x61, count: 600),
            code: .truncated),
        Case(
            name: "truncated body",
            bytes: rawTarHeader(size: Array("00000001000".utf8)) + [UInt8](repeating: 0x61, count: 100),
            code: .truncated),
        Case(name: "truncated header", bytes: Array(rawTarHeader().prefix(300)), code: .truncated),
        Case(
            name: "unknown typeflag", bytes: rawTarHeader(typeflag: UInt8(ascii: "Z")) + end,
            code: .unsupportedEntryType),
        Case(
            name: "GNU sparse typeflag", bytes: rawTarHeader(typeflag: UInt8(ascii: "S")) + end,
            code: .unsupportedEntryType),
        Case(
            name: "directory with size",
            bytes: rawTarHeader(name: Array("d/".utf8), size: Array("00000000010".utf8), typeflag: UInt8(ascii: "5"))
                + [UInt8](repeating: 0, count: 512) + end,
            code: .badHeader),
        // R-X6: a hard link names its data; one that carries data of its own is refused, not guessed at.
        Case(
            name: "hard link with data",
            bytes: rawTarHeader(size: Array("00000000005".utf8), typeflag: UInt8(ascii: "1"), linkname: Array("a".utf8))
                + Array("WORLD".utf8) + [UInt8](repeating: 0, count: 507) + end,
            code: .badHeader),
        Case(name: "NUL in PAX path", bytes: pax("13 path=a\0b\n") + rawTarHeader() + end, code: .badPaxRecord),
        Case(name: "bad PAX record length", bytes: pax("99 path=abc\n") + rawTarHeader() + end, code: .badPaxRecord),
        Case(name: "PAX record without equals", bytes: pax("9 pathab\n") + rawTarHeader() + end, code: .badPaxRecord),
        Case(name: "non-numeric PAX size", bytes: pax("11 size=xy\n") + rawTarHeader() + end, code: .badPaxRecord),
        Case(
            name: "zero block then garbage", bytes: [UInt8](repeating: 0, count: 512) + rawTarHeader() + end,
            code: .badHeader),
        Case(name: "PAX header then end", bytes: pax("11 path=ab\n") + end, code: .badHeader),
        // A sparse file's PAX records may claim a size far past its data: refused, not expanded.
        Case(
            name: "PAX GNU sparse records",
            bytes: pax("22 GNU.sparse.major=1\n" + "39 GNU.sparse.realsize=999999999999999\n") + rawTarHeader() + end,
            code: .unsupportedEntryType),
    ]

    @Test(arguments: cases)
    func malformedArchiveGivesTheRightCode(_ testCase: Case) throws {
        var reader = TarReader(BufferSource(testCase.bytes))
        let error = #expect(throws: ArchiveError.self) {
            while let _ = try reader.next() {
                var sink = BufferSink()
                try reader.readContent(into: &sink)
            }
        }
        #expect(error?.code == testCase.code, "\(error?.description ?? "")")
    }

    @Test func errorMessageNamesTheByteOffset() throws {
        let archive = rawTarHeader() + rawTarHeader(checksum: Array("0000001\0".utf8)) + Self.end
        var reader = TarReader(BufferSource(archive))
        _ = try reader.next()
        let error = #expect(throws: ArchiveError.self) { try reader.next() }
        #expect(error?.message.contains("byte 512") == true)
    }

    @Test func paxHeaderOverTheLimitIsRefused() throws {
        let archive = Self.pax("15 comment=abc\n") + rawTarHeader() + Self.end
        var reader = TarReader(BufferSource(archive), limits: TarLimits(maxPaxHeaderSize: 10))
        let error = #expect(throws: ArchiveError.self) { try reader.next() }
        #expect(error?.code == .limitExceeded)
    }

    @Test func endOfInputAtHeaderBoundaryIsAcceptedLikeGo() throws {
        var reader = TarReader(BufferSource(rawTarHeader()))
        #expect(try reader.next()?.path == ArchivePath("file"))
        #expect(try reader.next() == nil)
    }

    @Test func nulInHeaderNameEndsTheName() throws {
        var reader = TarReader(BufferSource(rawTarHeader(name: Array("ab\0cd".utf8)) + Self.end))
        #expect(try reader.next()?.path == ArchivePath("ab"))
    }
}
