import OCI

/// A failure of the image store, with a message a person can act on.
///
/// Messages use Docker's wording where Docker has one (`No such image: …`, moby's rmi conflicts),
/// so a learner recognises them later. Tests match on ``code``, never on the text.
public struct StoreError: EngineError {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case noSuchImage, ambiguousImageID, conflict, invalidReference, invalidInput, corrupt, io, locked
            case noSuchContainer
        }
        private let value: Value
        public static let noSuchImage = Code(value: .noSuchImage)
        /// `No such container: …`.
        public static let noSuchContainer = Code(value: .noSuchContainer)
        public static let ambiguousImageID = Code(value: .ambiguousImageID)
        /// `rmi` or `tag` refused by Docker's rules.
        public static let conflict = Code(value: .conflict)
        public static let invalidReference = Code(value: .invalidReference)
        /// A tar, archive, layout or document that is not what it should be.
        public static let invalidInput = Code(value: .invalidInput)
        /// Something on disk disagrees with what the store recorded.
        public static let corrupt = Code(value: .corrupt)
        public static let io = Code(value: .io)
        public static let locked = Code(value: .locked)
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

    static func io(_ what: String, path: String, errno: Int32) -> StoreError {
        StoreError(.io, "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
