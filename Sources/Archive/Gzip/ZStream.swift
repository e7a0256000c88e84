import CZlib

/// Owns one zlib `z_stream` and the buffers around it, and ends it in `deinit`, so that no code
/// path can leak zlib's state (STYLE §4: one Swift type owns each C resource).
///
/// The `z_stream` lives at a fixed heap address: zlib keeps a pointer back to it
/// (`inflateStateCheck` compares `strm->state->strm` with `strm`), so it must never move, which a
/// Swift struct property could.
final class ZStream {
    enum Direction {
        case inflate
        case deflate
    }

    let stream: UnsafeMutablePointer<z_stream>
    /// Where input waits for zlib (inflate) or output waits for the sink (deflate).
    let buffer: UnsafeMutableRawBufferPointer
    private let header: UnsafeMutablePointer<gz_header>
    private let direction: Direction

    /// Starts a gzip-only inflater: windowBits 16+15 makes zlib expect and check the gzip header
    /// and trailer (RFC 1952), and refuse a raw zlib stream, which no layer media type allows.
    /// The corresponding C function is `inflateInit2`.
    init(inflatingWithBufferSize bufferSize: Int) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        header = .allocate(capacity: 1)
        header.initialize(to: gz_header())
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
        direction = .inflate
        let status = inflateInit2_(stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            // deinit does not run when init fails, so release here.
            stream.deallocate()
            header.deallocate()
            buffer.deallocate()
            throw ArchiveError(.compression, "cannot start gzip decompression (zlib status \(status))")
        }
    }

    /// Starts a gzip deflater at `level` with a fixed header (mtime 0, no name, OS 255 "unknown"
    /// as Go's `compress/gzip` writes it), so equal input gives equal bytes on every machine.
    /// The corresponding C functions are `deflateInit2` and `deflateSetHeader`.
    init(deflatingAtLevel level: Int32, bufferSize: Int) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        header = .allocate(capacity: 1)
        header.initialize(to: gz_header())
        header.pointee.os = 255
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
        direction = .deflate
        var status = deflateInit2_(
            stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        if status == Z_OK {
            status = deflateSetHeader(stream, header)
            if status != Z_OK { deflateEnd(stream) }
        }
        guard status == Z_OK else {
            stream.deallocate()
            header.deallocate()
            buffer.deallocate()
            throw ArchiveError(.compression, "cannot start gzip compression at level \(level) (zlib status \(status))")
        }
    }

    deinit {
        switch direction {
        case .inflate: inflateEnd(stream)
        case .deflate: deflateEnd(stream)
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
        header.deinitialize(count: 1)
        header.deallocate()
        buffer.deallocate()
    }

    /// zlib's own explanation of the last error, if it gave one.
    var message: String {
        guard let msg = stream.pointee.msg else { return "no detail" }
        return String(cString: msg)
    }
}
