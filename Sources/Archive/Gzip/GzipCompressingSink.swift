import CZlib

/// Compresses what is written to it as one gzip member (RFC 1952) and writes that to `Base`.
///
/// The header carries mtime 0, no file name and OS 255, so equal input at an equal level gives
/// equal bytes and therefore an equal layer digest, which is what reproducible builds need.
/// Call ``finish()`` once at the end: it flushes zlib and writes the CRC-32 and size trailer.
public struct GzipCompressingSink<Base: ByteSink>: ByteSink {
    public var base: Base
    /// The zlib compression level, 0 (store) to 9 (smallest); 6 is zlib's and Go's default.
    public let level: Int
    private let zstream: ZStream
    private var isFinished = false

    public init(_ base: Base, level: Int = 6, bufferSize: Int = 64 * 1024) throws {
        guard (0...9).contains(level) else {
            throw ArchiveError(.compression, "gzip level \(level) is out of range 0...9")
        }
        self.base = base
        self.level = level
        self.zstream = try ZStream(deflatingAtLevel: Int32(level), bufferSize: max(bufferSize, 512))
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !isFinished else { throw ArchiveError(.compression, "write after the gzip stream was finished") }
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let chunk = min(left, Int(UInt32.max))
            zstream.stream.pointee.next_in = UnsafeMutablePointer(mutating: next.assumingMemoryBound(to: Bytef.self))
            zstream.stream.pointee.avail_in = UInt32(chunk)
            while zstream.stream.pointee.avail_in > 0 {
                _ = try deflateStep(flush: Z_NO_FLUSH)
            }
            left -= chunk
            next += chunk
        }
    }

    /// Flushes the compressor and writes the gzip trailer. Writing afterwards is an error.
    public mutating func finish() throws {
        guard !isFinished else { return }
        zstream.stream.pointee.next_in = nil
        zstream.stream.pointee.avail_in = 0
        while try deflateStep(flush: Z_FINISH) != Z_STREAM_END {}
        isFinished = true
    }

    /// One call of `deflate` into the output buffer, handing what it produced to `base`.
    private mutating func deflateStep(flush: Int32) throws -> Int32 {
        let out = zstream.buffer
        zstream.stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
        zstream.stream.pointee.avail_out = UInt32(out.count)
        let status = deflate(zstream.stream, flush)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw ArchiveError(.compression, "gzip compression failed: \(zstream.message) (zlib status \(status))")
        }
        let produced = out.count - Int(zstream.stream.pointee.avail_out)
        if produced > 0 { try base.write(UnsafeRawBufferPointer(rebasing: out[0..<produced])) }
        return status
    }
}
