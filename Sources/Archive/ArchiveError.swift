import OCI

/// Why reading, writing, compressing or extracting an archive failed.
///
/// One error type for the module, in the style of containerization's `ContainerizationError` and
/// NIO's `FileSystemError`: tests and callers match on ``code``; ``message`` is for people and
/// names the entry and the byte offset where the archive went wrong (RELIABILITY R-X10), so a
/// learner can open the tar in a hex editor at that place.
public struct ArchiveError: EngineError {
    /// What kind of failure this is. A struct over a private enum (as AsyncHTTPClient's
    /// `HTTPClientError`), so adding a code later breaks no caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case badChecksum, truncated, badHeader, badPaxRecord, unsupportedEntryType, nameNotLocal
            case limitExceeded, compression, io, sizeMismatch, badLink, badWhiteout
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A header block whose checksum does not match its bytes.
        public static let badChecksum = Code(.badChecksum)
        /// The archive or compressed stream ends in the middle of a header, a body or a member.
        public static let truncated = Code(.truncated)
        /// A header field that cannot be parsed (non-octal, negative, overflowing, a directory with a size).
        public static let badHeader = Code(.badHeader)
        /// A PAX extended header that does not follow POSIX `pax` "length key=value\n" records.
        public static let badPaxRecord = Code(.badPaxRecord)
        /// A typeflag layerlab does not read (GNU sparse, multi-volume, unknown letters).
        public static let unsupportedEntryType = Code(.unsupportedEntryType)
        /// A name that contains NUL, escapes the root with `..`, or passes through a symlink.
        public static let nameNotLocal = Code(.nameNotLocal)
        /// A configured bound (PAX header size, long name, expanded bytes) was exceeded.
        public static let limitExceeded = Code(.limitExceeded)
        /// The compressed stream is corrupt, has trailing garbage or uses an unsupported compression.
        public static let compression = Code(.compression)
        /// A system call failed; ``ArchiveError/cause`` holds the ``SystemCallError``.
        public static let io = Code(.io)
        /// Content written for an entry is shorter or longer than the entry's declared size.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// A hard link to a directory, to itself, to a missing or non-local target.
        public static let badLink = Code(.badLink)
        /// A whiteout name the image spec and overlayfs do not allow (`.wh.`, `.wh..`, `.wh...`).
        public static let badWhiteout = Code(.badWhiteout)

        public var description: String { value.rawValue }
    }

    /// What kind of failure this is; match on it, never on ``message``.
    public var code: Code
    /// What happened and where: the entry name and the byte offset when known.
    public var message: String
    /// The underlying error (a ``SystemCallError``, a zlib status), if any.
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { Self.describe(message, cause: cause) }
}
