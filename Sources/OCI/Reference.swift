// Source: https://github.com/distribution/reference (reference.go, normalize.go, regexp.go)
/// An image reference, normalized the way Docker normalizes it:
/// `ubuntu` is `docker.io/library/ubuntu`, and without a tag or digest it means `:latest`.
///
/// The grammar, from distribution/reference:
/// ```
/// reference        := name [ ":" tag ] [ "@" digest ]
/// name             := [domain '/'] path-component ['/' path-component]*
/// domain           := host [':' port-number]
/// host             := domain-name | '[' IPv6address ']'
/// domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
/// path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*,  separator := /[_.]|__|[-]+/
/// tag              := /[\w][\w.-]{0,127}/
/// ```
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    /// The registry host, with port if any (`docker.io`, `localhost:5000`).
    public let domain: String
    /// The repository path inside the registry (`library/ubuntu`).
    public let path: String
    /// The tag, if the reference has one.
    public let tag: String?
    /// The digest, if the reference has one.
    public let digest: Digest?

    /// Docker Hub's canonical domain.
    public static let defaultDomain = "docker.io"
    /// Docker Hub's legacy domain, normalized to ``defaultDomain``.
    static let legacyDefaultDomain = "index.docker.io"
    /// The namespace of Docker Hub's official images.
    static let officialRepositoryPrefix = "library/"
    /// The tag a reference without tag or digest means.
    public static let defaultTag = "latest"
    /// The longest a repository path may be (the domain does not count, as in distribution/reference).
    public static let nameTotalLengthMax = 255

    /// Why a string is not a valid reference; the messages are distribution/reference's.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case invalidFormat
        case nameEmpty
        case nameContainsUppercase(String)
        case nameTooLong
        case tagInvalidFormat
        case digestInvalid(String)
        case hexadecimalName(String)

        public var description: String {
            switch self {
            case .invalidFormat: "invalid reference format"
            case .nameEmpty: "repository name must have at least one component"
            case .nameContainsUppercase(let remote):
                "invalid reference format: repository name (\(remote)) must be lowercase"
            case .nameTooLong: "repository name must not be more than \(Reference.nameTotalLengthMax) characters"
            case .tagInvalidFormat: "invalid tag format"
            case .digestInvalid(let why): why
            case .hexadecimalName(let s):
                "invalid repository name (\(s)), cannot specify 64-byte hexadecimal strings"
            }
        }
    }

    /// Creates a reference from its parts, which must already be normalized and valid.
    public init(domain: String, path: String, tag: String? = nil, digest: Digest? = nil) throws(ParseError) {
        guard Self.isDomain(domain), Self.isPath(path) else { throw .invalidFormat }
        if let tag, !Self.isTag(tag) { throw .tagInvalidFormat }
        guard path.utf8.count <= Self.nameTotalLengthMax else { throw .nameTooLong }
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// Parses a reference the way the Docker CLI does (`ParseNormalizedNamed`): a familiar name gets
    /// Docker Hub's domain and, for a single path component, the `library/` namespace. No tag is added.
    /// - Throws: ``ParseError`` with Docker's wording.
    public init(parsing string: String) throws(ParseError) {
        if string.utf8.count == 64 && Digest.isLowerHex(string, length: 64) { throw .hexadecimalName(string) }
        let (domain, remainder) = Self.splitDockerDomain(string)
        let remote =
            remainder.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first
            .map(String.init) ?? remainder
        if remote.lowercased() != remote { throw .nameContainsUppercase(remote) }
        self = try Self.parseCanonical(domain + "/" + remainder)
    }

    /// Parses a reference and adds `:latest` when it has neither tag nor digest, as `docker pull` and
    /// `docker tag` do (`ParseDockerRef`). A reference with both keeps only the digest, as Docker does.
    public static func parseDocker(_ string: String) throws(ParseError) -> Reference {
        let parsed = try Reference(parsing: string)
        if parsed.digest != nil { return parsed.withoutTag }
        return parsed.tag == nil ? parsed.with(tag: defaultTag) : parsed
    }

    /// Parses a fully qualified reference (`reference.Parse`), where the first component is the domain
    /// only if it looks like one.
    static func parseCanonical(_ string: String) throws(ParseError) -> Reference {
        if string.isEmpty { throw .nameEmpty }
        var rest = Substring(string)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            let digestText = String(rest[rest.index(after: at)...])
            guard Self.isDigestShape(digestText) else {
                throw Self.classifyFailure(string)
            }
            digest = try Self.parseReferenceDigest(digestText)
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        if let tag, !isTag(tag) { throw Self.classifyFailure(string) }
        let name = String(rest)
        let components = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // Every caller passes `domain/remainder`; like the grammar's greedy optional domain, the first
        // component is the domain whenever it is one.
        guard components.count > 1, isDomain(components[0]), components.dropFirst().allSatisfy(isPathComponent)
        else { throw Self.classifyFailure(string) }
        let domain = components[0]
        let path = components.dropFirst().joined(separator: "/")
        guard path.utf8.count <= nameTotalLengthMax else { throw .nameTooLong }
        return Reference(unchecked: domain, path: path, tag: tag, digest: digest)
    }

    /// go-digest's `Parse` as references use it: only sha256 is registered there, and its
    /// errors are the ones Docker prints.
    private static func parseReferenceDigest(_ text: String) throws(ParseError) -> Digest {
        let algorithm = text.prefix { $0 != ":" }
        guard algorithm == "sha256" else { throw .digestInvalid("unsupported digest algorithm") }
        let encoded = text.dropFirst(algorithm.count + 1)
        guard encoded.utf8.count == 64 else { throw .digestInvalid("invalid checksum digest length") }
        do {
            return try Digest(parsing: text)
        } catch {
            throw .digestInvalid("invalid checksum digest format")
        }
    }

    /// distribution/reference reports an uppercase name specially when the lowercased input would parse.
    private static func classifyFailure(_ string: String) -> ParseError {
        let lower = string.lowercased()
        if lower != string, (try? parseCanonical(lower)) != nil { return .nameContainsUppercase(string) }
        return .invalidFormat
    }

    /// `splitDockerDomain`: the first component is a domain only if it contains `.` or `:`, is
    /// `localhost`, or has uppercase letters (which a path component cannot have).
    static func splitDockerDomain(_ name: String) -> (domain: String, remainder: String) {
        var domain: String
        var remainder: String
        if let slash = name.firstIndex(of: "/") {
            let first = String(name[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = first
                remainder = String(name[name.index(after: slash)...])
            } else {
                domain = defaultDomain
                remainder = name
            }
        } else {
            domain = defaultDomain
            remainder = name
        }
        if domain == legacyDefaultDomain { domain = defaultDomain }
        if domain == defaultDomain && !remainder.contains("/") {
            remainder = officialRepositoryPrefix + remainder
        }
        return (domain, remainder)
    }

    private init(unchecked domain: String, path: String, tag: String?, digest: Digest?) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    // MARK: Forms

    /// `domain/path`: the repository's full name.
    public var name: String { "\(domain)/\(path)" }

    /// The name as Docker shows it: without `docker.io/` and `library/`.
    public var familiarName: String {
        guard domain == Self.defaultDomain else { return name }
        if path.hasPrefix(Self.officialRepositoryPrefix) {
            let rest = path.dropFirst(Self.officialRepositoryPrefix.count)
            if !rest.contains("/") { return String(rest) }
        }
        return path
    }

    /// The full normalized form: `docker.io/library/ubuntu:latest`.
    public var description: String { Self.format(name, tag: tag, digest: digest) }

    /// The form Docker prints: `ubuntu:latest`.
    public var familiarString: String { Self.format(familiarName, tag: tag, digest: digest) }

    /// This reference with another tag (and no digest).
    public func with(tag: String) -> Reference {
        Reference(unchecked: domain, path: path, tag: tag, digest: nil)
    }

    /// This reference with a digest (and no tag).
    public func with(digest: Digest) -> Reference {
        Reference(unchecked: domain, path: path, tag: nil, digest: digest)
    }

    /// The repository alone.
    public var repository: Reference { Reference(unchecked: domain, path: path, tag: nil, digest: nil) }

    private var withoutTag: Reference { Reference(unchecked: domain, path: path, tag: nil, digest: digest) }

    private static func format(_ name: String, tag: String?, digest: Digest?) -> String {
        var s = name
        if let tag { s += ":" + tag }
        if let digest { s += "@" + digest.description }
        return s
    }

    // MARK: Grammar

    private static func isAlnumLower(_ c: UInt8) -> Bool { (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) }
    private static func isAlnum(_ c: UInt8) -> Bool { isAlnumLower(c) || (0x41...0x5A).contains(c) }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
    static func isPathComponent(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        func alnumRun() -> Bool {
            let start = i
            while i < b.count, isAlnumLower(b[i]) { i += 1 }
            return i > start
        }
        guard alnumRun() else { return false }
        while i < b.count {
            switch b[i] {
            case 0x2E: i += 1  // .
            case 0x5F: i += (i + 1 < b.count && b[i + 1] == 0x5F) ? 2 : 1  // _ or __
            case 0x2D: while i < b.count, b[i] == 0x2D { i += 1 }  // -+
            default: return false
            }
            guard alnumRun() else { return false }
        }
        return true
    }

    static func isPath(_ s: String) -> Bool {
        s.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { isPathComponent(String($0)) }
    }

    /// `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
    private static func isDomainComponent(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, let last = b.last, isAlnum(first), isAlnum(last) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == 0x2D }
    }

    /// `host(:port)?` where host is a dotted domain name or a bracketed IPv6 address.
    static func isDomain(_ s: String) -> Bool {
        var host = Substring(s)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard !inside.isEmpty, inside.utf8.allSatisfy({ isHex($0) || $0 == 0x3A }) else { return false }
            host = host[host.index(after: close)...]
            return host.isEmpty || isPort(host)
        }
        if let colon = host.firstIndex(of: ":") {
            guard isPort(host[colon...]) else { return false }
            host = host[..<colon]
        }
        return !host.isEmpty
            && host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isDomainComponent)
    }

    private static func isPort(_ s: Substring) -> Bool {
        s.first == ":" && s.count > 1 && s.dropFirst().utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x61...0x66).contains(c) || (0x41...0x46).contains(c)
    }

    /// `[\w][\w.-]{0,127}`
    static func isTag(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func word(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x5F }
        guard let first = b.first, word(first), b.count <= 128 else { return false }
        return b.allSatisfy { word($0) || $0 == 0x2E || $0 == 0x2D }
    }

    /// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
    private static func isDigestShape(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let algorithm = s[..<colon]
        let hex = s[s.index(after: colon)...]
        guard hex.utf8.count >= 32, hex.utf8.allSatisfy(isHex) else { return false }
        let parts = algorithm.split(
            omittingEmptySubsequences: false, whereSeparator: { "-_+.".contains($0) })
        return parts.allSatisfy { part in
            guard let f = part.utf8.first, (0x41...0x5A).contains(f) || (0x61...0x7A).contains(f) else { return false }
            return part.utf8.allSatisfy(isAlnum)
        }
    }
}

extension Reference: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Reference.parseCanonical(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
