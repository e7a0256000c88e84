import OCI

/// A failure to lay out or render a diagram.
public struct RenderError: EngineError {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case graphvizUnavailable, invalidDOT, layoutFailed, renderFailed, unsupportedFormat
        }
        private let value: Value
        public static let graphvizUnavailable = Code(value: .graphvizUnavailable)
        public static let invalidDOT = Code(value: .invalidDOT)
        public static let layoutFailed = Code(value: .layoutFailed)
        public static let renderFailed = Code(value: .renderFailed)
        public static let unsupportedFormat = Code(value: .unsupportedFormat)
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
