#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call: which call, on which path, and the `errno` it set.
///
/// Kept as the ``ArchiveError/cause`` of an ``ArchiveError/Code/io`` error so that a caller can
/// still look at the errno (for example to tell `ENOSPC` from `EACCES`).
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function that failed, such as `openat`.
    public var call: String
    /// The path it was called on, relative to the extraction root where that applies.
    public var path: String
    /// The value of `errno` right after the call.
    public var errno: Int32

    public init(call: String, path: String, errno: Int32) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    public var description: String {
        "\(call) \"\(path)\": \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

extension ArchiveError {
    /// An ``Code/io`` error for the `call` that just failed on `path`, reading the current `errno`.
    static func system(_ call: String, path: String, errno code: Int32 = errno) -> ArchiveError {
        let cause = SystemCallError(call: call, path: path, errno: code)
        return ArchiveError(.io, "\(call) failed on \"\(path)\"", cause: cause)
    }
}
