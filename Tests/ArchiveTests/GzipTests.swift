import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Testing

@Suite struct GzipTests {
    static let sample: [UInt8] = (0..<300_000).map { UInt8(truncatingIfNeeded: ($0 * 31) ^ ($0 >> 7)) }

    func compress(_ bytes: [UInt8], level: Int = 6) throws -> [UInt8] {
        var sink = try GzipCompressingSink(BufferSink(), level: level)
        try bytes.withUnsafeBytes { try sink.write($0) }
        try sink.finish()
        return sink.base.bytes
    }

    func decompress(_ bytes: [UInt8], limit: Int64? = nil, bufferSize: Int = 4096) throws -> [UInt8] {
        var source = try GzipDecompressingSource(BufferSource(bytes), maxOutputBytes: limit, bufferSize: bufferSize)
        return try source.readAll(limit: 1 << 26)
    }

    @Test func roundTripRestoresTheBytes() throws {
        let compressed = try compress(Self.sample)
        #expect(compressed.count < Self.sample.count)
        #expect(try decompress(compressed) == Self.sample)
    }

    @Test func compressedOutputIsDeterministicWithZeroMtimeAndNoName() throws {
        let a = try compress(Self.sample)
        let b = try compress(Self.sample)
        #expect(a == b)
        #expect(Array(a.prefix(4)) == [0x1f, 0x8b, 8, 0])  // FLG 0: no name, no comment
        #expect(Array(a[4..<8]) == [0, 0, 0, 0])  // MTIME 0
    }

    @Test(.enabled(if: TestEnvironment.has("gzip"), "needs GNU gzip"))
    func readsWhatGNUGzipWrites() async throws {
        let result = try await runTool("gzip", ["-c", "-n"], input: Data(Self.sample))
        #expect(try decompress(Array(result.stdout)) == Self.sample)
    }

    @Test(.enabled(if: TestEnvironment.has("gzip"), "needs GNU gzip"))
    func gnuGzipReadsWhatWeWrite() async throws {
        let result = try await runTool("gzip", ["-dc"], input: Data(try compress(Self.sample, level: 9)))
        #expect(Array(result.stdout) == Self.sample)
    }

    @Test func concatenatedMembersReadAsOneStream() throws {
        let first = try compress(Array("hello ".utf8))
        let second = try compress(Array("world".utf8))
        #expect(try decompress(first + second, bufferSize: 512) == Array("hello world".utf8))
    }

    @Test func truncatedStreamIsAnError() throws {
        let compressed = try compress(Self.sample)
        let error = #expect(throws: ArchiveError.self) { try decompress(Array(compressed.dropLast(5))) }
        #expect(error?.code == .truncated)
    }

    @Test func emptyInputIsAnError() throws {
        let error = #expect(throws: ArchiveError.self) { try decompress([]) }
        #expect(error?.code == .truncated)
    }

    @Test func corruptCRCIsAnError() throws {
        var compressed = try compress(Self.sample)
        compressed[compressed.count - 8] ^= 0xff  // first byte of the CRC-32 trailer
        let error = #expect(throws: ArchiveError.self) { try decompress(compressed) }
        #expect(error?.code == .compression)
    }

    @Test func trailingGarbageIsAnError() throws {
        let compressed = try compress(Self.sample) + Array("garbage".utf8)
        let error = #expect(throws: ArchiveError.self) { try decompress(compressed) }
        #expect(error?.code == .compression)
    }

    @Test func notGzipIsAnError() throws {
        let error = #expect(throws: ArchiveError.self) { try decompress(Array("plain text, not gzip".utf8)) }
        #expect(error?.code == .compression)
    }

    @Test func maxOutputBytesErrorNamesTheLimit() throws {
        let compressed = try compress([UInt8](repeating: 0, count: 1 << 20))
        let error = #expect(throws: ArchiveError.self) { try decompress(compressed, limit: 100_000) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("100000") == true)
        #expect(error?.message.contains("maxOutputBytes") == true)
        #expect(try decompress(compressed, limit: 1 << 20).count == 1 << 20)
    }

    @Test(
        arguments: [
            ([0x1f, 0x8b, 0x08], Compression.gzip),
            (Array("ustar".utf8), Compression.none),
            ([], Compression.none),
        ] as [([UInt8], Compression)])
    func detectRecognisesGzipMagic(prefix: [UInt8], expected: Compression) throws {
        #expect(try Compression.detect(prefix: prefix) == expected)
    }

    @Test(
        arguments: [
            [0x28, 0xb5, 0x2f, 0xfd, 0, 0],
            Array("BZh91AY".utf8),
            [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
        ] as [[UInt8]])
    func detectRefusesOtherCompressionsClearly(prefix: [UInt8]) throws {
        let error = #expect(throws: ArchiveError.self) { try Compression.detect(prefix: prefix) }
        #expect(error?.code == .compression)
        #expect(error?.message.contains("unsupported compression") == true)
    }
}
