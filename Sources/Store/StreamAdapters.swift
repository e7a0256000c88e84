import Archive

/// A source whose first bytes were already read (to sniff the compression) and are given back first,
/// so that standard input, which cannot be reopened, can be sniffed too.
struct PrefixedSource<Base: ByteSource>: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private var base: Base

    init(prefix: [UInt8], base: Base) {
        self.prefix = prefix
        self.base = base
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < prefix.count else { return try base.read(into: buffer) }
        let count = min(buffer.count, prefix.count - offset)
        prefix.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
        }
        offset += count
        return count
    }
}

/// Passes bytes through while copying them to a sink: the layer tar is extracted and, in the same
/// pass, compressed into the blob it will travel as.
struct TeeSource<Base: ByteSource, Sink: ByteSink>: ByteSource {
    var base: Base
    var sink: Sink

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try base.read(into: buffer)
        if count > 0 { try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        return count
    }
}

/// A sink that keeps nothing.
struct DiscardingSink: ByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {}
}

/// A source shared by reference: a pipeline that takes sources by value consumes it, and the
/// owner still reads its state (the digest of what was read) afterwards.
final class SharedSource<Base: ByteSource>: ByteSource {
    var base: Base

    init(_ base: Base) { self.base = base }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try base.read(into: buffer)
    }
}

extension ByteSource {
    /// Reads up to `count` bytes, fewer only at the end of the stream.
    mutating func readPrefix(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try bytes.withUnsafeMutableBytes { buffer in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if n == 0 { break }
            filled += n
        }
        return Array(bytes[0..<filled])
    }

    /// Reads and discards the rest of the stream (the padding after a tar's end, which the diff ID covers).
    mutating func drain() throws {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while try buffer.withUnsafeMutableBytes({ try read(into: $0) }) > 0 {}
    }
}
