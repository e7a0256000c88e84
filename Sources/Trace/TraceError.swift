/// A failure to write or read a trace.
public struct TraceError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private enum Value { case cannotWrite, cannotRead, malformed, unsupportedVersion, outOfOrder }
        private let value: Value
        public static let cannotWrite = Code(value: .cannotWrite)
        public static let cannotRead = Code(value: .cannotRead)
        public static let malformed = Code(value: .malformed)
        public static let unsupportedVersion = Code(value: .unsupportedVersion)
        /// A record's sequence number is not the next one: records were reordered or lost.
        public static let outOfOrder = Code(value: .outOfOrder)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
