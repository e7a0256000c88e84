import Dockerfile
import OCI

/// A build that cannot go on, with Docker's message where Docker has one and the Dockerfile
/// position where there is one. Tests match on ``code``, never on the text.
public struct BuildError: EngineError {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidDockerfile, invalidContext, missingSource, outsideContext, unknownStage, noSuchImage
            case commandFailed, unsupported, invalidArgument
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The Dockerfile does not parse, or an instruction is misplaced.
        public static let invalidDockerfile = Code(.invalidDockerfile)
        /// The context cannot be read (a bad `.dockerignore`, a missing folder).
        public static let invalidContext = Code(.invalidContext)
        /// A COPY or ADD source is not in the context (or `.dockerignore` excludes it).
        public static let missingSource = Code(.missingSource)
        /// A COPY or ADD source climbs out of the context.
        public static let outsideContext = Code(.outsideContext)
        /// `--target`, `FROM` or `COPY --from` names a stage that does not exist.
        public static let unknownStage = Code(.unknownStage)
        /// A base image is neither in the store nor pulled before the build.
        public static let noSuchImage = Code(.noSuchImage)
        /// A RUN step's command exited with a non-zero status.
        public static let commandFailed = Code(.commandFailed)
        /// Something layerlab's builder does not do (a URL source offline, `FROM scratch` with RUN).
        public static let unsupported = Code(.unsupported)
        /// A bad `--build-arg`, `-t` or option.
        public static let invalidArgument = Code(.invalidArgument)
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

    /// The status a failed RUN command exited with: the docker CLI exits with it too.
    public var exitStatus: Int32?

    /// The message without the file and line: the legacy builder names the failing step by its
    /// `Step N/M` line instead.
    public var unplacedMessage: String?

    /// An error about an instruction, prefixed with its file and line as BuildKit points at them.
    init(_ code: Code, _ message: String, at location: SourceLocation, cause: (any Error)? = nil) {
        self.init(code, "\(location.file):\(location.startLine): \(message)", cause: cause)
        unplacedMessage = message
    }

    /// The error as the legacy builder words it.
    var classic: BuildError {
        var error = self
        if let unplacedMessage { error.message = unplacedMessage }
        return error
    }
}
