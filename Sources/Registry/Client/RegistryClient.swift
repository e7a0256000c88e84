import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCI
import Trace

// Source: https://github.com/opencontainers/distribution-spec/blob/main/spec.md
/// A client of one registry, speaking the OCI distribution protocol (and Docker's registry API v2)
/// over AsyncHTTPClient.
///
/// Concerns live in extensions: authentication (`+Auth`), pulling (`+Fetch`), pushing (`+Push`),
/// listing (`+Catalog`) and the registry's error bodies (`+Error`). A client is a cheap value:
/// copies share the HTTP client and the tokens learned so far.
public struct RegistryClient: Sendable {
    /// A user name and password (or token) for Basic authentication and token requests.
    public struct Credentials: Sendable, Equatable {
        public var user: String
        public var password: String

        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }

        var basicHeader: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
    }

    /// Limits, retries and which registries may be spoken to over plain HTTP.
    public struct Configuration: Sendable {
        /// Registries (as named in references, `host:port`) reached over plain HTTP; loopback hosts always are.
        public var insecureRegistries: Set<String>
        /// How many times a request is tried when the connection fails or the registry answers 5xx.
        public var maxAttempts: Int
        /// The wait before the first retry; it doubles for each further one.
        public var initialBackoff: Duration
        /// How long one request may take.
        public var timeout: TimeAmount
        /// The largest manifest or config read (R-C2).
        public var documentLimit: Int
        /// The largest token answer read (R-C2).
        public var tokenLimit: Int
        /// The most pages a tags or catalog listing follows (R-C2: pagination loops stop).
        public var maxPages: Int

        public init(
            insecureRegistries: Set<String> = [],
            maxAttempts: Int = 4,
            initialBackoff: Duration = .milliseconds(200),
            timeout: TimeAmount = .seconds(300),
            documentLimit: Int = 4 << 20,
            tokenLimit: Int = 1 << 20,
            maxPages: Int = 1000
        ) {
            self.insecureRegistries = insecureRegistries
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.timeout = timeout
            self.documentLimit = documentLimit
            self.tokenLimit = tokenLimit
            self.maxPages = maxPages
        }
    }

    /// The registry as references name it (`docker.io`, `127.0.0.1:5000`).
    public let registry: String
    /// The host actually contacted (`registry-1.docker.io` for `docker.io`).
    public let host: String
    /// `https`, or `http` for loopback and insecure registries.
    public let scheme: String
    public let configuration: Configuration
    let credentials: Credentials?
    let http: HTTPClient
    let auth: AuthCache
    let trace: TraceOperation?

    /// - Parameters:
    ///   - registry: the registry's name as in a reference (`docker.io`, `localhost:5000`).
    ///   - credentials: for registries that ask for them (from `login` or `~/.docker/config.json`).
    ///   - httpClient: the shared client unless a test or the CLI brings its own.
    ///   - trace: where HTTP exchanges and auth steps are reported.
    public init(
        registry: String,
        credentials: Credentials? = nil,
        configuration: Configuration = Configuration(),
        httpClient: HTTPClient = RegistryClient.sharedHTTPClient,
        trace: TraceOperation? = nil
    ) {
        self.registry = registry
        self.host = Self.host(for: registry)
        self.scheme =
            Self.isLoopback(registry) || configuration.insecureRegistries.contains(registry) ? "http" : "https"
        self.configuration = configuration
        self.credentials = credentials
        self.http = httpClient
        self.auth = AuthCache()
        self.trace = trace
    }

    private init(copying other: RegistryClient, trace: TraceOperation?) {
        registry = other.registry
        host = other.host
        scheme = other.scheme
        configuration = other.configuration
        credentials = other.credentials
        http = other.http
        auth = other.auth
        self.trace = trace
    }

    /// The same client, reporting to `operation`.
    public func traced(by operation: TraceOperation) -> RegistryClient {
        RegistryClient(copying: self, trace: operation)
    }

    /// Docker Hub's API lives at `registry-1.docker.io`, not at `docker.io` (moby `registry/config.go`).
    static func host(for registry: String) -> String {
        registry == Reference.defaultDomain || registry == "index.docker.io" ? "registry-1.docker.io" : registry
    }

    /// Whether a registry name points to this machine, where plain HTTP is allowed (as in Docker).
    public static func isLoopback(_ registry: String) -> Bool {
        var hostPart = Substring(registry)
        if hostPart.hasPrefix("[") {
            hostPart = hostPart.dropFirst().prefix { $0 != "]" }
        } else if let colon = hostPart.lastIndex(of: ":") {
            hostPart = hostPart[..<colon]
        }
        return hostPart == "localhost" || hostPart == "::1" || hostPart.hasPrefix("127.")
    }

    var baseURL: String { "\(scheme)://\(host)" }

    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }
    static func pushScope(_ repository: String) -> String { "repository:\(repository):pull,push" }

    // MARK: Sending

    /// Makes a fresh request body for each attempt, so a request can be retried.
    typealias BodyMaker = @Sendable () throws -> (body: HTTPClientRequest.Body, length: Int64)

    /// Sends one request: authenticates on a 401 (once), retries with backoff on connection errors
    /// and 5xx answers, and reports each exchange. Any answer other than those is returned as is.
    /// - Parameter target: a path (`/v2/…`) on the registry, or a `Location` the registry gave.
    func send(
        _ method: HTTPMethod,
        _ target: String,
        headers: [(String, String)] = [],
        scope: String?,
        body: BodyMaker? = nil
    ) async throws -> HTTPClientResponse {
        let url = try resolve(target)
        var attempt = 0
        var authenticated = false
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let authorization = authorization(for: scope), isSameHost(url) {
                request.headers.replaceOrAdd(name: "Authorization", value: authorization)
            }
            if let body {
                let made = try body()
                request.body = made.body
                request.headers.replaceOrAdd(name: "Content-Length", value: String(made.length))
            }
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, timeout: configuration.timeout)
            } catch {
                // A name that does not resolve will not resolve a moment later: say so at once, in
                // Docker's words (`lookup registry-1.docker.io: no such host`).
                if let host = Self.unresolvedHost(error) {
                    throw RegistryError(
                        .transport,
                        "\(method) \(url) failed: lookup \(host): no such host (the name does not resolve: this "
                            + "machine is offline, or the registry's name is misspelt)")
                }
                guard attempt < configuration.maxAttempts else {
                    throw RegistryError(
                        .transport,
                        "\(method) \(url) failed after \(attempt) attempt(s): \(describeTransportFailure(error))",
                        cause: error)
                }
                try await backoff(attempt)
                continue
            }
            let length = response.headers.first(name: "Content-Length").flatMap { Int64($0) } ?? 0
            let path = Self.path(of: url)
            trace?.emit(
                .httpExchange(
                    HTTPExchange(
                        method: method.rawValue, path: path, status: Int(response.status.code), bytes: length,
                        endpoint: RegistryEndpoint(method: method.rawValue, path: path))))
            if response.status == .unauthorized, !authenticated {
                authenticated = true
                _ = try? await response.body.collect(upTo: 1 << 20)
                try await authenticate(challengeHeader: response.headers.first(name: "WWW-Authenticate"), scope: scope)
                attempt -= 1
                continue
            }
            if response.status.code >= 500, attempt < configuration.maxAttempts {
                _ = try? await response.body.collect(upTo: 1 << 20)
                try await backoff(attempt)
                continue
            }
            return response
        }
    }

    func backoff(_ attempt: Int) async throws {
        let factor = 1 << min(attempt - 1, 10)
        try await Task.sleep(for: configuration.initialBackoff * factor)
    }

    /// A registry path or `Location` header to a full URL on this registry.
    func resolve(_ target: String) throws -> String {
        if target.hasPrefix("http://") || target.hasPrefix("https://") { return target }
        guard target.hasPrefix("/") else { throw RegistryError(.invalidResponse, "bad location \(target)") }
        return baseURL + target
    }

    /// Credentials never follow a `Location` to another host (R-C3).
    func isSameHost(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host else { return false }
        let hostPort = components.port.map { "\(host):\($0)" } ?? host
        return hostPort == self.host || host == self.host
    }

    static func path(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.path
    }

    /// `/v2/` answers: is this a registry, and do we get in.
    /// - Throws: ``RegistryError`` when the registry cannot be reached or refuses the credentials.
    public func ping() async throws {
        let response = try await send(.GET, "/v2/", scope: nil)
        guard response.status == .ok else { throw await failure(response, "ping \(registry)") }
        _ = try? await response.body.collect(upTo: 1 << 16)
    }
}
