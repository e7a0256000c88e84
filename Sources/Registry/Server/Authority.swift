import Foundation
import HTTPTypes
import Hummingbird
import OCI

// Source: https://distribution.github.io/distribution/spec/auth/token/ and
// https://distribution.github.io/distribution/spec/auth/scope/
/// The embedded registry's gatekeeper: Basic credentials, or Docker Hub's token flow with
/// HMAC-signed bearer tokens (R-E3).
struct Authority: Sendable {
    /// What a request needs: `repository:NAME:pull,push` or `registry:catalog:*`.
    struct Scope: Sendable, Equatable, CustomStringConvertible {
        var type: String
        var name: String
        var actions: [String]

        var description: String { "\(type):\(name):\(actions.joined(separator: ","))" }

        /// Parses `type:name:actions`; the name may itself contain colons only in the type `repository(plugin)`,
        /// which layerlab does not use, so the last colon separates the actions.
        init?(parsing text: Substring) {
            guard let first = text.firstIndex(of: ":"), let last = text.lastIndex(of: ":"), first < last else {
                return nil
            }
            type = String(text[..<first])
            name = String(text[text.index(after: first)..<last])
            actions = text[text.index(after: last)...].split(separator: ",").map(String.init)
        }

        init(type: String, name: String, actions: [String]) {
            self.type = type
            self.name = name
            self.actions = actions
        }
    }

    /// The service name written in challenges and tokens.
    static let service = "layerlab-registry"

    let mode: EmbeddedRegistry.AuthMode
    let users: UsersFile
    let secret: [UInt8]
    let lifetime: Int
    let clock: @Sendable () -> Date

    init(mode: EmbeddedRegistry.AuthMode, lifetime: Int, clock: @escaping @Sendable () -> Date = { Date() })
        throws(RegistryError)
    {
        self.mode = mode
        self.lifetime = lifetime
        self.clock = clock
        switch mode {
        case .none: users = UsersFile(entries: [:])
        case .basic(let path), .token(let path): users = try UsersFile(path: path)
        }
        var generator = SystemRandomNumberGenerator()
        secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// `nil` when `request` may do what `scope` says; otherwise the 401 response with its challenge.
    func refusal(of request: Request, needing scope: Scope?) -> Response? {
        switch mode {
        case .none:
            return nil
        case .basic:
            if let (user, password) = Self.basicCredentials(request), users.verify(user: user, password: password) {
                return nil
            }
            return unauthorized(challenge: "Basic realm=\"layerlab\"", scope: scope)
        case .token:
            let presented = Self.bearerToken(request)
            let claims = presented.flatMap(verify)
            let now = Int(clock().timeIntervalSince1970)
            if let claims, claims.allows(scope, at: now) { return nil }
            var challenge = "Bearer realm=\"\(realm(for: request))\",service=\"\(Self.service)\""
            if let scope { challenge += ",scope=\"\(scope)\"" }
            if let reason = Self.tokenError(presented: presented != nil, claims: claims, now: now) {
                challenge += ",error=\"\(reason)\""
            }
            return unauthorized(challenge: challenge, scope: scope)
        }
    }

    /// RFC 6750's `error` for a refused bearer token, as distribution's token access controller
    /// writes it: a token that is forged or expired is `invalid_token` (ask for a new one), a good
    /// token without the access is `insufficient_scope` (a new one would not help unless it asks
    /// for more). No token at all has no error.
    static func tokenError(presented: Bool, claims: TokenClaims?, now: Int) -> String? {
        guard presented else { return nil }
        guard let claims, claims.exp > now else { return "invalid_token" }
        return "insufficient_scope"
    }

    private func unauthorized(challenge: String, scope: Scope?) -> Response {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = challenge
        return RegistryResponder.errorResponse(
            .unauthorized, code: DistributionError.unauthorized,
            message: "authentication required" + (scope.map { " for \($0)" } ?? ""), headers: headers)
    }

    private func realm(for request: Request) -> String {
        let host = request.head.authority ?? "127.0.0.1"
        return "http://\(host)/token"
    }

    // MARK: Token endpoint

    /// `GET /token?service=…&scope=…`: checks Basic credentials if any and signs a token for the
    /// actions the user may have (anonymous users: `pull` only, as on Docker Hub).
    func issueToken(for request: Request) -> Response {
        guard case .token = mode else {
            return RegistryResponder.errorResponse(
                .notFound, code: DistributionError.unsupported, message: "no token service")
        }
        var subject = ""
        if let (user, password) = Self.basicCredentials(request) {
            guard users.verify(user: user, password: password) else {
                return RegistryResponder.errorResponse(
                    .unauthorized, code: DistributionError.unauthorized, message: "incorrect username or password")
            }
            subject = user
        }
        let scopes = request.uri.queryParameters[values: "scope"].flatMap { $0.split(separator: " ") }
            .compactMap(Scope.init(parsing:))
        let granted = scopes.map { scope in
            var scope = scope
            let allowed: Set<String> = subject.isEmpty ? ["pull"] : ["pull", "push", "delete", "*"]
            scope.actions = scope.actions.filter(allowed.contains)
            return scope
        }
        let issued = clock()
        let now = Int(issued.timeIntervalSince1970)
        let claims = TokenClaims(
            sub: subject, exp: now + lifetime,
            access: granted.map { TokenClaims.Access(type: $0.type, name: $0.name, actions: $0.actions) })
        let token = sign(claims)
        let body = TokenResponse(
            token: token, accessToken: token, expiresIn: lifetime, issuedAt: ISO8601DateFormatter().string(from: issued)
        )
        return RegistryResponder.jsonResponse(.ok, body)
    }

    struct TokenClaims: Codable {
        struct Access: Codable {
            var type: String
            var name: String
            var actions: [String]
        }
        var sub: String
        var exp: Int
        var access: [Access]

        /// Whether the token is good at `now` (seconds since 1970) for what `scope` asks.
        func allows(_ scope: Scope?, at now: Int) -> Bool {
            guard exp > now else { return false }
            guard let scope else { return true }
            guard let entry = access.first(where: { $0.type == scope.type && $0.name == scope.name }) else {
                return false
            }
            return scope.actions.allSatisfy { entry.actions.contains($0) || entry.actions.contains("*") }
        }
    }

    struct TokenResponse: Codable {
        var token: String
        var accessToken: String
        var expiresIn: Int
        var issuedAt: String

        enum CodingKeys: String, CodingKey {
            case token
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case issuedAt = "issued_at"
        }
    }

    /// `base64url(claims).base64url(HMAC-SHA256(secret, claims))`.
    func sign(_ claims: TokenClaims) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = Array((try? encoder.encode(claims)) ?? Data())
        return Self.base64URL(payload) + "." + Self.base64URL(HMAC.sha256(key: secret, message: payload))
    }

    func verify(_ token: String) -> TokenClaims? {
        let parts = token.split(separator: ".")
        guard parts.count == 2, let payload = Self.fromBase64URL(parts[0]), let signature = Self.fromBase64URL(parts[1])
        else { return nil }
        guard HMAC.constantTimeEqual(HMAC.sha256(key: secret, message: payload), signature) else { return nil }
        return try? JSONDecoder().decode(TokenClaims.self, from: Data(payload))
    }

    // MARK: Header parsing

    static func basicCredentials(_ request: Request) -> (String, String)? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return nil
        }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}

/// The embedded registry's users: one `user:sha256:HEX` line each, where HEX is the SHA-256 of the
/// password in lowercase hex (`printf %s PASSWORD | sha256sum`). Blank lines and `#` comments are
/// skipped. bcrypt htpasswd files (what distribution reads) are not supported.
public struct UsersFile: Sendable {
    let entries: [String: Digest]

    init(entries: [String: Digest]) { self.entries = entries }

    /// Reads a users file.
    /// - Throws: ``RegistryError`` naming the file and the line that is not `user:sha256:HEX`.
    public init(path: String) throws(RegistryError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RegistryError(.io, "cannot read users file \(path): \(error)", cause: error)
        }
        var entries: [String: Digest] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":"),
                let digest = try? Digest(parsing: String(trimmed[trimmed.index(after: colon)...]))
            else {
                throw RegistryError(.invalidName, "\(path), line \(number + 1): expected user:sha256:HEX")
            }
            entries[String(trimmed[..<colon])] = digest
        }
        self.entries = entries
    }

    /// One line of a users file for `user` with `password`.
    public static func line(user: String, password: String) -> String {
        "\(user):\(Digest.sha256(of: Array(password.utf8)))"
    }

    func verify(user: String, password: String) -> Bool {
        guard let expected = entries[user] else { return false }
        let actual = Digest.sha256(of: Array(password.utf8))
        return HMAC.constantTimeEqual(Array(actual.encoded.utf8), Array(expected.encoded.utf8))
    }
}

/// HMAC-SHA256 (RFC 2104) over ``Digest/sha256(of:)``, so the module needs no other crypto import.
enum HMAC {
    static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? bytes(of: Digest.sha256(of: key)) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = bytes(of: Digest.sha256(of: block.map { $0 ^ 0x36 } + message))
        return bytes(of: Digest.sha256(of: block.map { $0 ^ 0x5C } + inner))
    }

    static func bytes(of digest: Digest) -> [UInt8] {
        var result: [UInt8] = []
        var high: UInt8?
        for c in digest.encoded.utf8 {
            let value = c <= 0x39 ? c - 0x30 : c - 0x61 + 10
            if let h = high {
                result.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return result
    }

    /// Compares without stopping at the first difference, so timing does not reveal a prefix (R-E3).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
