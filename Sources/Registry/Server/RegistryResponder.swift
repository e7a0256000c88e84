import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OCI

// Source: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints
/// Answers the embedded registry's requests: routes a path to its endpoint, checks access, and
/// turns every refusal into the spec's error body.
struct RegistryResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let storage: RegistryStorage
    let configuration: EmbeddedRegistry.Configuration
    let authority: Authority

    /// A refusal on its way to becoming an error response.
    struct Failure: Error {
        var status: HTTPResponse.Status
        var code: String
        var message: String
        var headers = HTTPFields()
    }

    /// The endpoint a `/v2/…` path names.
    enum Endpoint: Equatable {
        case ping
        case catalog
        case tags(name: String)
        case manifest(name: String, reference: String)
        case blob(name: String, digest: String)
        case uploads(name: String)
        case upload(name: String, id: String)

        /// Parses a path; repository names may hold slashes, so the endpoint is read from the end.
        init?(path: String) {
            var path = Substring(path)
            while path.hasSuffix("/") && path.count > 1 { path = path.dropLast() }
            if path == "/v2" {
                self = .ping
                return
            }
            if path == "/v2/_catalog" {
                self = .catalog
                return
            }
            guard path.hasPrefix("/v2/") else { return nil }
            let parts = path.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let n = parts.count
            func name(_ count: Int) -> String { parts[..<(n - count)].joined(separator: "/") }
            if n >= 3, parts[n - 2] == "tags", parts[n - 1] == "list" {
                self = .tags(name: name(2))
            } else if n >= 3, parts[n - 2] == "manifests" {
                self = .manifest(name: name(2), reference: parts[n - 1])
            } else if n >= 3, parts[n - 2] == "blobs", parts[n - 1] == "uploads" {
                self = .uploads(name: name(2))
            } else if n >= 4, parts[n - 3] == "blobs", parts[n - 2] == "uploads" {
                self = .upload(name: name(3), id: parts[n - 1])
            } else if n >= 3, parts[n - 2] == "blobs" {
                self = .blob(name: name(2), digest: parts[n - 1])
            } else {
                return nil
            }
        }

        var repository: String? {
            switch self {
            case .ping, .catalog: nil
            case .tags(let name), .manifest(let name, _), .blob(let name, _), .uploads(let name),
                .upload(let name, _):
                name
            }
        }
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        var response: Response
        do {
            response = try await route(request)
        } catch let failure as Failure {
            response = Self.errorResponse(
                failure.status, code: failure.code, message: failure.message, headers: failure.headers)
        }
        response.headers[.dockerDistributionAPIVersion] = "registry/2.0"
        return response
    }

    private func route(_ request: Request) async throws -> Response {
        let path = request.uri.path
        if path == "/token" { return authority.issueToken(for: request) }
        if path == "/v1/search" {
            // The names a search lists are the catalog's: with auth on, the same right is needed (R-E3).
            let scope = Self.scope(.catalog, request.method)
            if let refusal = authority.refusal(of: request, needing: scope) { return refusal }
            return search(request)
        }
        guard let endpoint = Endpoint(path: path) else {
            throw Failure(status: .notFound, code: DistributionError.unsupported, message: "no such endpoint \(path)")
        }
        if let name = endpoint.repository, !RepositoryName.isValid(name) {
            throw Failure(
                status: .badRequest, code: DistributionError.nameInvalid, message: "invalid repository name \"\(name)\""
            )
        }
        if let refusal = authority.refusal(of: request, needing: Self.scope(endpoint, request.method)) {
            return refusal
        }
        switch (endpoint, request.method) {
        case (.ping, .get), (.ping, .head):
            return Self.jsonResponse(.ok, EmptyObject())
        case (.catalog, .get):
            return catalog(request)
        case (.tags(let name), .get):
            return try tags(request, name: name)
        case (.manifest(let name, let reference), .get), (.manifest(let name, let reference), .head):
            return try getManifest(request, name: name, reference: reference)
        case (.manifest(let name, let reference), .put):
            return try await putManifest(request, name: name, reference: reference)
        case (.manifest(let name, let reference), .delete):
            return try deleteManifest(name: name, reference: reference)
        case (.blob(let name, let digest), .get), (.blob(let name, let digest), .head):
            return try getBlob(request, name: name, digest: try Self.digest(digest))
        case (.blob(let name, let digest), .delete):
            let digest = try Self.digest(digest)
            guard storage.hasBlob(digest, in: name) else { throw Self.blobUnknown(digest) }
            storage.unlink(digest, from: name)
            return Response(status: .accepted)
        case (.uploads(let name), .post):
            return try await startUpload(request, name: name)
        case (.upload(let name, let id), _):
            return try await upload(request, name: name, id: id)
        default:
            throw Failure(
                status: .methodNotAllowed, code: DistributionError.unsupported,
                message: "\(request.method) \(path) is not supported")
        }
    }

    /// The access an endpoint needs, for the auth check (Docker's scopes).
    static func scope(_ endpoint: Endpoint, _ method: HTTPRequest.Method) -> Authority.Scope? {
        switch endpoint {
        case .ping: return nil
        case .catalog: return Authority.Scope(type: "registry", name: "catalog", actions: ["*"])
        default:
            guard let name = endpoint.repository else { return nil }
            let actions =
                switch method {
                case .get, .head: ["pull"]
                case .delete: ["delete"]
                default: ["pull", "push"]
                }
            return Authority.Scope(type: "repository", name: name, actions: actions)
        }
    }

    // MARK: Catalog, tags, search

    private func catalog(_ request: Request) -> Response {
        let (page, next) = paginate(storage.repositoryNames(), request)
        var response = Self.jsonResponse(.ok, ["repositories": page])
        if let next { response.headers[.link] = "</v2/_catalog?n=\(next.n)&last=\(next.last)>; rel=\"next\"" }
        return response
    }

    private func tags(_ request: Request, name: String) throws -> Response {
        guard storage.repositoryExists(name) else {
            throw Failure(
                status: .notFound, code: DistributionError.nameUnknown, message: "repository name not known to registry"
            )
        }
        let (page, next) = paginate(storage.tags(name), request)
        var response = Self.jsonResponse(.ok, TagList(name: name, tags: page))
        if let next { response.headers[.link] = "</v2/\(name)/tags/list?n=\(next.n)&last=\(next.last)>; rel=\"next\"" }
        return response
    }

    struct TagList: Codable {
        var name: String
        var tags: [String]
    }

    /// Applies `n` (clamped, R-E4) and `last` to a sorted list; says where the next page starts.
    private func paginate(_ all: [String], _ request: Request) -> ([String], (n: Int, last: String)?) {
        let parameters = request.uri.queryParameters
        var items = all
        if let last = parameters["last"] { items = items.filter { $0 > String(last) } }
        guard let nText = parameters["n"], let n = Int(nText) else {
            let limit = configuration.pageLimit
            if items.count > limit, let last = items.prefix(limit).last {
                return (Array(items.prefix(limit)), (limit, last))
            }
            return (items, nil)
        }
        let count = max(0, min(n, configuration.pageLimit))
        let page = Array(items.prefix(count))
        if items.count > count, let last = page.last { return (page, (count, last)) }
        return (page, nil)
    }

    /// Docker Hub's `GET /v1/search?q=&n=`: repositories whose name or description holds the term,
    /// with descriptions, stars and official flags from `search.json` in the root.
    private func search(_ request: Request) -> Response {
        let term = String(request.uri.queryParameters["q"] ?? "").lowercased()
        let limit = Int(request.uri.queryParameters["n"] ?? "") ?? 25
        var known: [String: SearchResult] = [:]
        if let data = FileManager.default.contents(atPath: storage.searchCatalog),
            let entries = try? JSONDecoder().decode([SearchResult].self, from: data)
        {
            for entry in entries { known[entry.name] = entry }
        }
        for name in storage.repositoryNames() where known[name] == nil {
            known[name] = SearchResult(name: name, description: "", starCount: 0, isOfficial: false, isAutomated: false)
        }
        let matches = known.values.filter {
            term.isEmpty || $0.name.lowercased().contains(term) || $0.description.lowercased().contains(term)
        }.sorted { ($0.starCount, $1.name) > ($1.starCount, $0.name) }
        let page = Array(matches.prefix(max(1, min(limit, 100))))
        return Self.jsonResponse(.ok, SearchResponse(numResults: page.count, query: term, results: page))
    }

    // MARK: Responses

    static func jsonResponse(_ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = HTTPFields())
        -> Response
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func errorResponse(
        _ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = HTTPFields()
    ) -> Response {
        jsonResponse(
            status, DistributionErrorBody(errors: [DistributionError(code: code, message: message)]), headers: headers)
    }

    static func digest(_ text: String) throws -> Digest {
        do {
            return try Digest(parsing: text)
        } catch {
            throw Failure(status: .badRequest, code: DistributionError.digestInvalid, message: error.description)
        }
    }

    static func blobUnknown(_ digest: Digest) -> Failure {
        Failure(status: .notFound, code: DistributionError.blobUnknown, message: "blob unknown to registry: \(digest)")
    }
}

/// One result of Docker Hub's `/v1/search`, and one entry of the embedded registry's `search.json`.
public struct SearchResult: Codable, Sendable, Equatable {
    /// The repository, as `docker search` shows it (`library/alpine` for official images on Docker Hub).
    public var name: String
    public var description: String
    public var starCount: Int
    public var isOfficial: Bool
    public var isAutomated: Bool

    public init(name: String, description: String, starCount: Int, isOfficial: Bool, isAutomated: Bool = false) {
        self.name = name
        self.description = description
        self.starCount = starCount
        self.isOfficial = isOfficial
        self.isAutomated = isAutomated
    }

    enum CodingKeys: String, CodingKey {
        case name, description
        case starCount = "star_count"
        case isOfficial = "is_official"
        case isAutomated = "is_automated"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        starCount = try container.decodeIfPresent(Int.self, forKey: .starCount) ?? 0
        isOfficial = try container.decodeIfPresent(Bool.self, forKey: .isOfficial) ?? false
        isAutomated = try container.decodeIfPresent(Bool.self, forKey: .isAutomated) ?? false
    }
}

/// Docker Hub's `/v1/search` answer.
public struct SearchResponse: Codable, Sendable, Equatable {
    public var numResults: Int
    public var query: String
    public var results: [SearchResult]

    enum CodingKeys: String, CodingKey {
        case numResults = "num_results"
        case query, results
    }
}

extension HTTPField.Name {
    // The names are valid tokens, so the fallbacks never happen; they keep force unwraps out.
    static let dockerDistributionAPIVersion = Self("Docker-Distribution-API-Version") ?? .server
    static let dockerContentDigest = Self("Docker-Content-Digest") ?? .eTag
    static let dockerUploadUUID = Self("Docker-Upload-UUID") ?? .eTag
    static let link = Self("Link") ?? .contentLocation
    static let ociSubject = Self("OCI-Subject") ?? .eTag
}
