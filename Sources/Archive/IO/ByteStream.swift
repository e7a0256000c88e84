import OCI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Something bytes can be read from, a piece at a time, so that no layer is ever held whole in
/// memory (STYLE §7, RELIABILITY R-L1).
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes into `buffer`.
    /// - Returns: How many bytes were read; `0` only at the end of the stream.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Something bytes can be written to, a piece at a time.
public protocol ByteSink {
    /// Writes all of `bytes`, or throws.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

// MARK: - Files

/// Reads a file descriptor. The descriptor is closed when the source goes away if it is owned.
public final class FileSource: ByteSource {
    /// The descriptor read from.
    public let fileDescriptor: Int32
    private let isOwned: Bool
    private let path: String

    /// Opens `path` for reading.
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/io`` naming the path and errno.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.system("open", path: path) }
        self.fileDescriptor = fd
        self.isOwned = true
        self.path = path
    }

    /// Reads an already open descriptor; `owned` says whether to close it in `deinit`.
    public init(fileDescriptor: Int32, owned: Bool, path: String = "<fd>") {
        self.fileDescriptor = fileDescriptor
        self.isOwned = owned
        self.path = path
    }

    deinit {
        if isOwned { _ = close(fileDescriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fileDescriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ArchiveError.system("read", path: path)
        }
    }
}

/// Writes a file, created (or truncated) by ``init(path:permissions:)``.
public final class FileSink: ByteSink {
    private var fileDescriptor: Int32
    private let path: String

    /// Creates or truncates `path` with `permissions` (before the umask).
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/io`` naming the path and errno.
    public init(path: String, permissions: UInt32 = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw ArchiveError.system("open", path: path) }
        self.fileDescriptor = fd
        self.path = path
    }

    deinit {
        if fileDescriptor >= 0 { _ = Glibc.close(fileDescriptor) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fileDescriptor >= 0 else { throw ArchiveError.system("write", path: path, errno: EBADF) }
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fileDescriptor, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.system("write", path: path)
            }
            left -= n
            next += n
        }
    }

    /// Flushes the file to stable storage: the "fsync" step of staging a write (R-S2).
    /// The corresponding C function is `fsync`.
    public func sync() throws {
        guard fsync(fileDescriptor) == 0 else { throw ArchiveError.system("fsync", path: path) }
    }

    /// Closes the file now, reporting the error `close` can return (on NFS, a failed write).
    public func close() throws {
        guard fileDescriptor >= 0 else { return }
        let fd = fileDescriptor
        fileDescriptor = -1
        guard Glibc.close(fd) == 0 else { throw ArchiveError.system("close", path: path) }
    }
}

// MARK: - Memory

/// Reads from an array; for tests and small documents.
public struct BufferSource: ByteSource, Sendable {
    public let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { all in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[position..<(position + n)]))
        }
        position += n
        return n
    }
}

/// Collects what is written in ``bytes``; for tests and small documents.
public struct BufferSink: ByteSink, Sendable {
    public var bytes: [UInt8]

    public init() { bytes = [] }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }
}

// MARK: - Hashing on the way through

/// Hashes and counts every byte read through it, so that a layer's digest (or DiffID) is known
/// the moment the stream ends, without a second pass (R-S1, R-D4).
public struct DigestingSource<Base: ByteSource>: ByteSource {
    public var base: Base
    private var digester: Digester

    public init(_ base: Base, algorithm: Digest.Algorithm = .sha256) {
        self.base = base
        self.digester = Digester(algorithm)
    }

    /// The digest of the bytes read so far.
    public var digest: Digest { digester.finalize() }
    /// How many bytes were read so far.
    public var count: Int64 { digester.count }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try base.read(into: buffer)
        if n > 0 { digester.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
        return n
    }
}

/// Hashes and counts every byte written through it.
public struct DigestingSink<Base: ByteSink>: ByteSink {
    public var base: Base
    private var digester: Digester

    public init(_ base: Base, algorithm: Digest.Algorithm = .sha256) {
        self.base = base
        self.digester = Digester(algorithm)
    }

    /// The digest of the bytes written so far.
    public var digest: Digest { digester.finalize() }
    /// How many bytes were written so far.
    public var count: Int64 { digester.count }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try base.write(bytes)
        digester.update(bytes)
    }
}

// MARK: - Helpers

extension ByteSource {
    /// Copies everything that is left to `sink` through one buffer of `bufferSize` bytes.
    /// - Returns: How many bytes were copied.
    @discardableResult
    public mutating func copy(to sink: inout some ByteSink, bufferSize: Int = 64 * 1024) throws -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 1), alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let n = try read(into: buffer)
            if n == 0 { return total }
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += Int64(n)
        }
    }

    /// Reads everything that is left, refusing to hold more than `limit` bytes (R-L2: documents
    /// are bounded before they are parsed).
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/limitExceeded`` naming the limit.
    public mutating func readAll(limit: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = try read(into: chunk)
            if n == 0 { return result }
            guard result.count + n <= limit else {
                throw ArchiveError(.limitExceeded, "stream is larger than the limit of \(limit) bytes")
            }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
    }
}
