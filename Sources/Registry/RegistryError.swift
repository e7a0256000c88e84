import OCI

/// A failure talking to a registry or serving one, with a reason a person can act on.
///
/// When a registry answered with the distribution-spec error body, ``errors`` holds what it said,
/// so a user reads the registry's own reason (`MANIFEST_UNKNOWN: manifest unknown`), not "HTTP 404".
/// Tests match on ``code``, never on the message.
public struct RegistryError: EngineError {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case unauthorized, notFound, invalidResponse, digestMismatch, transport, refused, invalidName
            case tooLarge, unsupported, io
        }
        private let value: Value
        /// The registry wants credentials, or refused the ones given.
        public static let unauthorized = Code(value: .unauthorized)
        /// The repository, manifest, tag or blob does not exist.
        public static let notFound = Code(value: .notFound)
        /// The registry answered something that is not what the protocol says.
        public static let invalidResponse = Code(value: .invalidResponse)
        /// Content does not hash to the digest it was asked for, or has the wrong size.
        public static let digestMismatch = Code(value: .digestMismatch)
        /// The connection failed, even after retrying.
        public static let transport = Code(value: .transport)
        /// The registry refused a request (4xx other than 401/404) and said why in ``RegistryError/errors``.
        public static let refused = Code(value: .refused)
        /// A repository name, tag or upload ID does not follow its grammar.
        public static let invalidName = Code(value: .invalidName)
        /// A document is over its size limit (R-C2, R-L2).
        public static let tooLarge = Code(value: .tooLarge)
        /// Something the client does not handle (a schema 1 manifest, no matching platform).
        public static let unsupported = Code(value: .unsupported)
        /// A local file could not be read or written.
        public static let io = Code(value: .io)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    /// The HTTP status the registry answered with, if there was an answer.
    public var status: Int?
    /// The errors the registry reported in its body.
    public var errors: [DistributionError]
    public var cause: (any Error)?

    public init(
        _ code: Code, _ message: String, status: Int? = nil, errors: [DistributionError] = [], cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.errors = errors
        self.cause = cause
    }

    /// The message, what the registry said, then the cause.
    public var description: String {
        let said = errors.isEmpty ? "" : ": " + errors.map { "\($0.code): \($0.message ?? "")" }.joined(separator: "; ")
        return Self.describe(message + said, cause: cause)
    }
}

// Source: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
/// One entry of the distribution-spec error body `{"errors":[{"code":…,"message":…,"detail":…}]}`.
public struct DistributionError: Codable, Sendable, Equatable {
    /// The spec's code, such as `DIGEST_INVALID` or `MANIFEST_UNKNOWN`.
    public var code: String
    /// A message for a person.
    public var message: String?
    /// Free-form detail; kept as text so any JSON a registry sends decodes.
    public var detail: String?

    public init(code: String, message: String?, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey { case code, message, detail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        // `detail` is any JSON value: keep it only when it is a string.
        detail = try? container.decodeIfPresent(String.self, forKey: .detail)
    }

    // The spec's codes.
    public static let blobUnknown = "BLOB_UNKNOWN"
    public static let blobUploadInvalid = "BLOB_UPLOAD_INVALID"
    public static let blobUploadUnknown = "BLOB_UPLOAD_UNKNOWN"
    public static let digestInvalid = "DIGEST_INVALID"
    public static let manifestBlobUnknown = "MANIFEST_BLOB_UNKNOWN"
    public static let manifestInvalid = "MANIFEST_INVALID"
    public static let manifestUnknown = "MANIFEST_UNKNOWN"
    public static let nameInvalid = "NAME_INVALID"
    public static let nameUnknown = "NAME_UNKNOWN"
    public static let sizeInvalid = "SIZE_INVALID"
    public static let unauthorized = "UNAUTHORIZED"
    public static let denied = "DENIED"
    public static let unsupported = "UNSUPPORTED"
    public static let tooManyRequests = "TOOMANYREQUESTS"
}

/// The body of a distribution-spec error response.
public struct DistributionErrorBody: Codable, Sendable, Equatable {
    public var errors: [DistributionError]
    public init(errors: [DistributionError]) { self.errors = errors }
}
