import OCI

/// A failure to write or read a trace.
public struct TraceError: EngineError {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case cannotWrite, cannotRead, malformed, unsupportedVersion, outOfOrder }
        private let value: Value
        public static let cannotWrite = Code(value: .cannotWrite)
        public static let cannotRead = Code(value: .cannotRead)
        public static let malformed = Code(value: .malformed)
        public static let unsupportedVersion = Code(value: .unsupportedVersion)
        /// A record's sequence number is not the next one: records were reordered or lost.
        public static let outOfOrder = Code(value: .outOfOrder)
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
