import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCI
import Synchronization
import Trace

/// Tokens and decisions a client keeps between requests; shared by copies of one ``RegistryClient``.
final class AuthCache: Sendable {
    private struct State {
        var tokens: [String: String] = [:]
        var useBasic = false
    }
    private let state = Mutex(State())

    func token(for scope: String) -> String? { state.withLock { $0.tokens[scope] } }
    func store(token: String, for scope: String) { state.withLock { $0.tokens[scope] = token } }
    var useBasic: Bool {
        get { state.withLock { $0.useBasic } }
        set { state.withLock { $0.useBasic = newValue } }
    }
}

extension RegistryClient {
    /// The `Authorization` header for a request needing `scope`, from what earlier challenges taught.
    func authorization(for scope: String?) -> String? {
        if let token = auth.token(for: scope ?? "") { return "Bearer \(token)" }
        if auth.useBasic, let credentials { return credentials.basicHeader }
        return nil
    }

    /// Answers a 401: fetches a token from the challenge's realm (the Docker Hub dance), or decides
    /// to send Basic credentials. Credentials go only to the registry host or the realm it named (R-C3).
    func authenticate(challengeHeader: String?, scope: String?) async throws {
        let challenges = AuthChallenge.parse(challengeHeader ?? "")
        if let bearer = challenges.first(where: \.isBearer), let realm = bearer.realm {
            // What the challenge names, and anything else this request needs: a mount also needs
            // pull on the repository the blob comes from, which the registry's challenge leaves out.
            var parts: [Substring] = []
            for part in [bearer.scope, scope].compactMap({ $0 }).flatMap({ $0.split(separator: " ") })
            where !parts.contains(part) {
                parts.append(part)
            }
            let wanted = parts.isEmpty ? nil : parts.joined(separator: " ")
            trace?.emit(
                .authStep(
                    AuthStep(kind: .challenged, scheme: "Bearer", realm: realm, service: bearer.service, scope: wanted))
            )
            let token = try await fetchToken(realm: realm, service: bearer.service, scope: wanted)
            auth.store(token: token, for: scope ?? "")
            return
        }
        if challenges.contains(where: \.isBasic) {
            trace?.emit(.authStep(AuthStep(kind: .challenged, scheme: "Basic", realm: challenges.first?.realm)))
            guard let credentials else {
                throw RegistryError(
                    .unauthorized,
                    "unauthorized: authentication required: \(registry) wants a user name and password "
                        + "(run `layerlab login \(registry)` first)", status: 401)
            }
            auth.useBasic = true
            trace?.emit(.authStep(AuthStep(kind: .basicCredentialsSent, scheme: "Basic", user: credentials.user)))
            return
        }
        throw RegistryError(
            .unauthorized, "\(registry) refused the request without saying how to authenticate", status: 401)
    }

    struct TokenAnswer: Decodable {
        var token: String?
        var accessToken: String?
        enum CodingKeys: String, CodingKey {
            case token
            case accessToken = "access_token"
        }
    }

    /// `GET realm?service=…&scope=…`, with Basic credentials when the user has some.
    func fetchToken(realm: String, service: String?, scope: String?) async throws -> String {
        guard var components = URLComponents(string: realm), let scheme = components.scheme?.lowercased(),
            scheme == "https" || (scheme == "http" && self.scheme == "http")
        else {
            throw RegistryError(.unauthorized, "\(registry) named a token service that is not an https URL: \(realm)")
        }
        var query = components.queryItems ?? []
        if let service { query.append(URLQueryItem(name: "service", value: service)) }
        if let scope {
            for part in scope.split(separator: " ") { query.append(URLQueryItem(name: "scope", value: String(part))) }
        }
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.string else { throw RegistryError(.unauthorized, "bad token realm \(realm)") }
        var request = HTTPClientRequest(url: url)
        if let credentials { request.headers.add(name: "Authorization", value: credentials.basicHeader) }
        trace?.emit(
            .authStep(
                AuthStep(
                    kind: .tokenRequested, scheme: "Bearer", realm: realm, service: service, scope: scope,
                    user: credentials?.user)))
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: configuration.timeout)
            body = try await response.body.collect(upTo: configuration.tokenLimit)
        } catch is NIOTooManyBytesError {
            throw RegistryError(
                .tooLarge,
                "the token service \(realm) sent more than \(configuration.tokenLimit) bytes, more than any token needs"
            )
        } catch {
            throw RegistryError(.transport, "cannot reach the token service \(realm): \(error)", cause: error)
        }
        trace?.emit(
            .httpExchange(
                HTTPExchange(
                    method: "GET", path: components.path, status: Int(response.status.code),
                    bytes: Int64(body.readableBytes), endpoint: .token, scope: scope)))
        guard response.status == .ok else {
            let errors =
                (try? JSONDecoder().decode(DistributionErrorBody.self, from: Data(body.readableBytesView)))?.errors
                ?? []
            trace?.emit(
                .authStep(
                    AuthStep(kind: .refused, scheme: "Bearer", realm: realm, scope: scope, user: credentials?.user)))
            throw RegistryError(
                .unauthorized, "the token service \(realm) refused: HTTP \(response.status.code)",
                status: Int(response.status.code), errors: errors)
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(body.readableBytesView)),
            let token = answer.token ?? answer.accessToken, !token.isEmpty
        else { throw RegistryError(.invalidResponse, "the token service \(realm) sent no token") }
        trace?.emit(
            .authStep(AuthStep(kind: .tokenReceived, scheme: "Bearer", realm: realm, service: service, scope: scope)))
        return token
    }
}
