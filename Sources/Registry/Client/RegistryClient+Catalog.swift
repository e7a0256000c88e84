import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCI

extension RegistryClient {
    /// `GET /v2/<name>/tags/list`, following `Link` pages (at most ``Configuration/maxPages``, R-C2).
    /// - Parameter pageSize: the `n` asked for each page, or `nil` to let the registry choose.
    public func tags(repository: String, pageSize: Int? = nil) async throws -> [String] {
        struct Page: Decodable { var tags: [String]? }
        var target = "/v2/\(repository)/tags/list" + (pageSize.map { "?n=\($0)" } ?? "")
        var all: [String] = []
        for _ in 0..<configuration.maxPages {
            let response = try await send(.GET, target, scope: Self.pullScope(repository))
            guard response.status == .ok else { throw await failure(response, "tags of \(repository)") }
            let bytes = try await collect(response, limit: configuration.documentLimit, what: "tags list")
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(bytes)) else {
                throw RegistryError(.invalidResponse, "the tags list of \(repository) is not valid JSON")
            }
            all += page.tags ?? []
            guard let next = response.headers.first(name: "Link").flatMap(Self.nextLink) else { return all }
            target = next
        }
        throw RegistryError(
            .invalidResponse, "the tags list of \(repository) has more than \(configuration.maxPages) pages")
    }

    /// `GET /v2/_catalog`, following `Link` pages.
    public func catalog(pageSize: Int? = nil) async throws -> [String] {
        struct Page: Decodable { var repositories: [String]? }
        var target = "/v2/_catalog" + (pageSize.map { "?n=\($0)" } ?? "")
        var all: [String] = []
        for _ in 0..<configuration.maxPages {
            let response = try await send(.GET, target, scope: "registry:catalog:*")
            guard response.status == .ok else { throw await failure(response, "catalog") }
            let bytes = try await collect(response, limit: configuration.documentLimit, what: "catalog")
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(bytes)) else {
                throw RegistryError(.invalidResponse, "the catalog is not valid JSON")
            }
            all += page.repositories ?? []
            guard let next = response.headers.first(name: "Link").flatMap(Self.nextLink) else { return all }
            target = next
        }
        throw RegistryError(.invalidResponse, "the catalog has more than \(configuration.maxPages) pages")
    }

    /// Docker Hub's `GET /v1/search?q=&n=`; a registry without it (404) is searched through its
    /// catalog instead, by name, each result described by the `org.opencontainers.image.description`
    /// label of its `latest` (else first) tag's image.
    public func search(_ term: String, limit: Int = 25) async throws -> [SearchResult] {
        let query = term.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? term
        let response = try await send(.GET, "/v1/search?q=\(query)&n=\(limit)", scope: nil)
        if response.status == .notFound {
            _ = try? await response.body.collect(upTo: 1 << 16)
            let names = try await catalog().filter { $0.lowercased().contains(term.lowercased()) }
            var results: [SearchResult] = []
            for name in names.prefix(limit) {
                let description = await imageDescription(repository: name) ?? ""
                results.append(SearchResult(name: name, description: description, starCount: 0, isOfficial: false))
            }
            return results
        }
        guard response.status == .ok else { throw await failure(response, "search \(term)") }
        let bytes = try await collect(response, limit: configuration.documentLimit, what: "search results")
        guard let answer = try? JSONDecoder().decode(SearchResponse.self, from: Data(bytes)) else {
            throw RegistryError(.invalidResponse, "the search results are not valid JSON")
        }
        return Array(answer.results.prefix(limit))
    }

    /// The description label of a repository's `latest` (else first) tag, for this platform;
    /// `nil` when it has none or it cannot be read (a search still lists the name).
    func imageDescription(repository: String) async -> String? {
        guard let tags = try? await tags(repository: repository),
            let tag = tags.contains("latest") ? "latest" : tags.sorted().first,
            let resolved = try? await resolveImage(repository: repository, reference: tag),
            let bytes = try? await blob(repository: repository, descriptor: resolved.manifest.config),
            let config = try? JSONDecoder().decode(ImageConfig.self, from: Data(bytes))
        else { return nil }
        return config.config?.labels?["org.opencontainers.image.description"]
    }

    /// The target of `Link: </v2/…?n=2&last=b>; rel="next"`.
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"), open < close else {
                continue
            }
            return String(part[part.index(after: open)..<close])
        }
        return nil
    }
}
