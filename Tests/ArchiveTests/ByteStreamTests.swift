import Archive
import LayerlabTestSupport
import OCI
import Testing

@Suite struct ByteStreamTests {
    let temp = TemporaryDirectory("bytestream")

    @Test func digestingSourceHashesAndCountsEverythingRead() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var source = DigestingSource(BufferSource(bytes))
        var sink = BufferSink()
        let copied = try source.copy(to: &sink, bufferSize: 999)
        #expect(copied == 100_000)
        #expect(sink.bytes == bytes)
        #expect(source.count == 100_000)
        #expect(source.digest == Digest.sha256(of: bytes))
    }

    @Test func digestingSinkHashesWhatIsWritten() throws {
        var sink = DigestingSink(BufferSink())
        try Array("hello".utf8).withUnsafeBytes { try sink.write($0) }
        #expect(sink.digest == Digest.sha256(of: Array("hello".utf8)))
        #expect(sink.count == 5)
        #expect(sink.base.bytes == Array("hello".utf8))
    }

    @Test func readAllRefusesMoreThanTheLimit() throws {
        var small = BufferSource([1, 2, 3])
        #expect(try small.readAll(limit: 3) == [1, 2, 3])
        var large = BufferSource([UInt8](repeating: 0, count: 10))
        let error = #expect(throws: ArchiveError.self) { try large.readAll(limit: 9) }
        #expect(error?.code == .limitExceeded)
    }

    @Test func fileSinkAndSourceRoundTripBytes() throws {
        let path = temp.file("data")
        let sink = try FileSink(path: path, permissions: 0o600)
        let bytes = [UInt8](repeating: 0xab, count: 70_000)
        try bytes.withUnsafeBytes { try sink.write($0) }
        try sink.sync()
        try sink.close()
        var source = try FileSource(path: path)
        #expect(try source.readAll(limit: 1 << 20) == bytes)
    }

    @Test func fileSourceErrorNamesThePathAndErrno() throws {
        let error = #expect(throws: ArchiveError.self) { try FileSource(path: temp.file("missing")) }
        #expect(error?.code == .io)
        #expect((error?.cause as? SystemCallError)?.errno == 2)
        #expect(error?.description.contains("missing") == true)
    }
}
