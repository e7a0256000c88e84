import Archive
import OCI

/// Why a lookup in a merged view or a change to a container's layer failed.
///
/// One error type for the module, in the style of ``ArchiveError``: callers and tests match on
/// ``code``; ``message`` names the path and, for changes, what the kernel would have said
/// (`ENOTDIR`, `EISDIR`, …) so that a learner recognises it from a shell.
public struct UnionError: EngineError {
    /// What kind of failure this is. A struct over a private enum, so adding a code later breaks
    /// no caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case badPath, notFound, notADirectory, isADirectory, notARegularFile, alreadyExists
            case directoryNotEmpty, io
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A path that climbs out of the root, contains NUL, names the root where an entry is
        /// needed, or uses the reserved whiteout prefix `.wh.`.
        public static let badPath = Code(.badPath)
        /// Nothing is at the path in the merged view (`ENOENT`).
        public static let notFound = Code(.notFound)
        /// A component of the path is not a directory in the merged view (`ENOTDIR`); symlinks
        /// are never followed, so a symlink there gives this code too.
        public static let notADirectory = Code(.notADirectory)
        /// A file operation on a directory (`EISDIR`).
        public static let isADirectory = Code(.isADirectory)
        /// Content operations on a symlink, device or FIFO, which layerlab never follows or opens.
        public static let notARegularFile = Code(.notARegularFile)
        /// Creating a name that the merged view already shows (`EEXIST`).
        public static let alreadyExists = Code(.alreadyExists)
        /// Removing a directory that still has entries in the merged view (`ENOTEMPTY`).
        public static let directoryNotEmpty = Code(.directoryNotEmpty)
        /// A system call failed; ``UnionError/cause`` holds the ``SystemCallError``.
        public static let io = Code(.io)

        public var description: String { value.rawValue }
    }

    /// What kind of failure this is; match on it, never on ``message``.
    public var code: Code
    /// What happened and to which path.
    public var message: String
    /// The underlying error (a ``SystemCallError``, an ``ArchiveError``), if any.
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { Self.describe(message, cause: cause) }
}
