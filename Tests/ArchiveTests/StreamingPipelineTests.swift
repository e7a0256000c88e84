import Archive
import LayerlabTestSupport
import OCI
import Testing

/// A large entry streamed writer → gzip → gunzip → reader through fixed 64 KiB buffers: memory
/// stays bounded by the buffers, not by the entry (RELIABILITY R-L1). Correctness is checked by
/// digest; time is not measured.
@Suite struct StreamingPipelineTests {
    /// Produces `count` deterministic pseudo-random bytes without holding them.
    struct PatternSource: ByteSource {
        var remaining: Int
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = min(buffer.count, remaining)
            for i in 0..<n {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[i] = UInt8(truncatingIfNeeded: state >> 59) | UInt8(i & 0x0f)
            }
            remaining -= n
            return n
        }
    }

    /// Holds compressed bytes between the compressor and the decompressor.
    struct Pipe: ByteSink, ByteSource {
        var chunks: [[UInt8]] = []
        var held = 0
        var peak = 0
        mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
            chunks.append(Array(bytes))
            held += bytes.count
            peak = max(peak, held)
        }
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard !chunks.isEmpty else { return 0 }
            let n = min(buffer.count, chunks[0].count)
            chunks[0].withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            chunks[0].removeFirst(n)
            if chunks[0].isEmpty { chunks.removeFirst() }
            held -= n
            return n
        }
    }

    /// The producing half: each time the pipe runs dry it writes the next 64 KiB of the entry
    /// through the tar writer and the gzip sink, so only one chunk is ever in flight.
    struct Producer: ByteSource {
        var writer: TarWriter<GzipCompressingSink<Pipe>>
        var pattern: DigestingSource<PatternSource>
        var isDone = false
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            while writer.sink.base.chunks.isEmpty && !isDone {
                let n = try pattern.read(into: chunk)
                if n == 0 {
                    try writer.finish()
                    try writer.sink.finish()
                    isDone = true
                } else {
                    try writer.writeContent(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
                }
            }
            return try writer.sink.base.read(into: buffer)
        }
    }

    @Test func sixtyFourMebibyteEntryStreamsThroughGzipIntact() throws {
        let size = 64 << 20
        var writer = TarWriter(try GzipCompressingSink(Pipe(), level: 1))
        try writer.append(TarEntry(path: "big", kind: .regular, size: Int64(size)))
        let producer = Producer(writer: writer, pattern: DigestingSource(PatternSource(remaining: size)))
        defer { producer.chunk.deallocate() }

        var reader = TarReader(try GzipDecompressingSource(producer, maxOutputBytes: Int64(size) + 1 << 20))
        let entry = try #require(try reader.next())
        #expect(entry.size == Int64(size))
        var sink = DigestingSink(DiscardingSink())
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try reader.readContent(into: buffer)
            if n == 0 { break }
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        #expect(try reader.next() == nil)
        #expect(sink.count == Int64(size))
        let finished = reader.source.base
        #expect(finished.isDone)
        #expect(sink.digest == finished.pattern.digest)
        // Never more than about one chunk's worth of compressed bytes was held.
        #expect(finished.writer.sink.base.peak < 1 << 20)
    }

    struct DiscardingSink: ByteSink {
        mutating func write(_ bytes: UnsafeRawBufferPointer) throws {}
    }
}
