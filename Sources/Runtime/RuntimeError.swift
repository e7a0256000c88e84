import OCI

/// A failure of a runtime, with a message a person can act on.
/// Tests match on ``code``, never on the text.
public struct RuntimeError: EngineError {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case unavailable, unsupportedCommand, invalidConfig, mountFailed, io
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The runtime cannot work here: not Linux, not root, no overlayfs, a tool missing.
        public static let unavailable = Code(.unavailable)
        /// The built-in shell does not know a command.
        public static let unsupportedCommand = Code(.unsupportedCommand)
        /// The image config asks for something impossible (an unknown user, a bad working directory).
        public static let invalidConfig = Code(.invalidConfig)
        /// The kernel refused the overlay mount.
        public static let mountFailed = Code(.mountFailed)
        public static let io = Code(.io)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { Self.describe(message, cause: cause) }
}
