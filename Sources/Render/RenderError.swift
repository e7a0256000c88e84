/// A failure to lay out or render a diagram.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private enum Value { case graphvizUnavailable, invalidDOT, layoutFailed, renderFailed, unsupportedFormat }
        private let value: Value
        public static let graphvizUnavailable = Code(value: .graphvizUnavailable)
        public static let invalidDOT = Code(value: .invalidDOT)
        public static let layoutFailed = Code(value: .layoutFailed)
        public static let renderFailed = Code(value: .renderFailed)
        public static let unsupportedFormat = Code(value: .unsupportedFormat)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
