import Foundation
import Hummingbird
import Logging
import NIOCore
import OCI

/// A small OCI distribution registry that runs in process, so that lessons, `make demo` and tests
/// can push, pull and search with no network (issue 5).
///
/// It speaks distribution-spec v1.1 (pull, push monolithic and chunked, cross-repository mount,
/// tags list, catalog, manifest and blob delete) plus Docker Hub's `/v1/search`, stores what it is
/// given under ``root``, and verifies every upload before it exists (R-E1, R-E2).
///
/// ```swift
/// let registry = try EmbeddedRegistry(root: folder)
/// try await registry.withRunning { port in … }   // on a free loopback port
/// ```
public final class EmbeddedRegistry: Sendable {
    /// How the registry listens, whom it lets in, and its limits.
    public struct Configuration: Sendable {
        /// The address to bind; loopback unless told otherwise (R-E4).
        public var host: String
        /// The port to bind; 0 picks a free one (see ``EmbeddedRegistry/run(onListening:)``).
        public var port: Int
        /// Who may push and pull.
        public var auth: AuthMode
        /// The largest manifest a push may send (R-E2: 413 beyond it).
        public var manifestLimit: Int
        /// The largest blob an upload may reach (R-E4).
        public var uploadLimit: Int64
        /// The most entries a catalog or tags page returns, whatever `n` asks (R-E4).
        public var pageLimit: Int
        /// How long a bearer token from the token endpoint stays valid, in seconds.
        public var tokenLifetime: Int
        /// The time tokens are issued and checked at: the system's, or a test's own clock.
        public var clock: @Sendable () -> Date
        /// How long an upload session may go unwritten before it is purged (a week, as the
        /// distribution registry's default); purging runs at start and then every hour.
        public var uploadMaxAge: Duration

        public init(
            host: String = "127.0.0.1",
            port: Int = 5000,
            auth: AuthMode = .none,
            manifestLimit: Int = 4 << 20,
            uploadLimit: Int64 = 8 << 30,
            pageLimit: Int = 1000,
            tokenLifetime: Int = 300,
            uploadMaxAge: Duration = .seconds(7 * 24 * 3600),
            clock: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.host = host
            self.port = port
            self.auth = auth
            self.manifestLimit = manifestLimit
            self.uploadLimit = uploadLimit
            self.pageLimit = pageLimit
            self.tokenLifetime = tokenLifetime
            self.uploadMaxAge = uploadMaxAge
            self.clock = clock
        }
    }

    /// Who may use the registry.
    public enum AuthMode: Sendable, Equatable {
        /// Anyone may push and pull.
        case none
        /// HTTP Basic authentication against a users file (see ``UsersFile``); anonymous users are refused.
        case basic(usersFile: String)
        /// Docker Hub's flow: `401` with a Bearer challenge, a token endpoint at `/token` that checks
        /// Basic credentials from the users file (anonymous users get pull-only tokens), and
        /// HMAC-signed tokens scoped to repositories and actions.
        case token(usersFile: String)
    }

    /// Where blobs, manifests, tags, uploads and the search catalog live.
    public let root: String
    public let configuration: Configuration
    let storage: RegistryStorage

    /// Prepares the registry's folders under `root`.
    /// - Throws: ``RegistryError`` when the folders cannot be made or the users file cannot be read.
    public init(root: String, configuration: Configuration = Configuration()) throws(RegistryError) {
        self.root = root
        self.configuration = configuration
        self.storage = try RegistryStorage(root: root)
    }

    /// Serves until the task is cancelled.
    public func run() async throws {
        try await run(onListening: { _ in })
    }

    /// Serves until the task is cancelled, calling `onListening` with the bound port once it listens.
    public func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        storage.purgeUploads(olderThan: configuration.uploadMaxAge)
        let responder = RegistryResponder(
            storage: storage, configuration: configuration,
            authority: try Authority(
                mode: configuration.auth, lifetime: configuration.tokenLifetime, clock: configuration.clock))
        var logger = Logger(label: "layerlab.registry")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask { [storage, configuration] in
                while true {
                    try await Task.sleep(for: .seconds(3600))
                    storage.purgeUploads(olderThan: configuration.uploadMaxAge)
                }
            }
            // The server ends (cancelled, or failing to bind): the purging ends with it.
            try await group.next()
            group.cancelAll()
        }
    }

    /// Runs the registry for as long as `body` runs, then stops it. With ``Configuration/port`` 0
    /// (what tests and lessons use) it listens on a free port.
    /// - Parameter body: receives the bound port.
    public func withRunning<T: Sendable>(_ body: @escaping @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                do {
                    try await self.run { port in continuation.yield(port) }
                } catch {
                    continuation.finish()
                    throw error
                }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                throw RegistryError(.transport, "the embedded registry did not start")
            }
            continuation.finish()
            defer { group.cancelAll() }
            return try await body(port)
        }
    }
}
