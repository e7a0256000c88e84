import CZlib

/// Reads the decompressed bytes of a gzip stream (RFC 1952) from `Base`, streaming with bounded
/// memory.
///
/// Behaviour follows Go's `compress/gzip` reader, which Docker and containerd use for layers:
/// concatenated members are one stream (RFC 1952 §2.2, as `gzip -d` does), anything after the
/// last member that is not another member is an error, and a stream that ends before a member's
/// trailer is an error. ``maxOutputBytes`` bounds the expanded size (RELIABILITY R-L1) so that a
/// small "gzip bomb" cannot fill the disk.
public struct GzipDecompressingSource<Base: ByteSource>: ByteSource {
    public var base: Base
    /// The most bytes this source will produce before throwing ``ArchiveError/Code/limitExceeded``.
    public let maxOutputBytes: Int64?
    /// How many decompressed bytes were produced so far.
    public private(set) var outputCount: Int64 = 0
    /// How many compressed bytes zlib consumed so far; error messages give this offset.
    public private(set) var inputCount: Int64 = 0

    private let zstream: ZStream
    private var isBaseAtEnd = false
    private var isMemberOpen = false
    private var hasSeenMember = false
    private var isFinished = false

    /// - Parameters:
    ///   - base: The compressed bytes.
    ///   - maxOutputBytes: The bound on expanded bytes, or `nil` for none.
    ///   - bufferSize: The size of the compressed-input buffer.
    public init(_ base: Base, maxOutputBytes: Int64? = nil, bufferSize: Int = 64 * 1024) throws {
        self.base = base
        self.maxOutputBytes = maxOutputBytes
        self.zstream = try ZStream(inflatingWithBufferSize: max(bufferSize, 512))
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !isFinished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let stream = zstream.stream
        while true {
            if stream.pointee.avail_in == 0 && !isBaseAtEnd { try refill() }
            if stream.pointee.avail_in == 0 && isBaseAtEnd {
                if isMemberOpen || !hasSeenMember {
                    throw ArchiveError(
                        .truncated,
                        hasSeenMember
                            ? "gzip stream ends at compressed byte \(inputCount) before its trailer (truncated download?)"
                            : "gzip stream is empty")
                }
                isFinished = true
                return 0
            }
            if !isMemberOpen {
                // Between members: only another gzip member may follow (Go's gzip.Reader
                // multistream mode returns ErrHeader for anything else).
                if hasSeenMember {
                    guard let next = stream.pointee.next_in, next.pointee == 0x1f else {
                        throw ArchiveError(
                            .compression, "trailing garbage after gzip member at compressed byte \(inputCount)")
                    }
                    inflateReset(stream)
                }
                isMemberOpen = true
                hasSeenMember = true
            }
            let room = UInt32(clamping: buffer.count)
            stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = room
            let inBefore = stream.pointee.avail_in
            let status = inflate(stream, Z_NO_FLUSH)
            inputCount += Int64(inBefore - stream.pointee.avail_in)
            let produced = Int(room - stream.pointee.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                isMemberOpen = false
            default:
                throw ArchiveError(
                    .compression,
                    "corrupt gzip stream at compressed byte \(inputCount): \(zstream.message) (zlib status \(status))")
            }
            if produced > 0 {
                outputCount += Int64(produced)
                if let maxOutputBytes, outputCount > maxOutputBytes {
                    throw ArchiveError(
                        .limitExceeded,
                        "the gzip stream expands to more than \(maxOutputBytes) bytes (its limit, maxOutputBytes)")
                }
                return produced
            }
        }
    }

    private mutating func refill() throws {
        let n = try base.read(into: zstream.buffer)
        if n == 0 {
            isBaseAtEnd = true
            return
        }
        zstream.stream.pointee.next_in = zstream.buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        zstream.stream.pointee.avail_in = UInt32(n)
    }
}
