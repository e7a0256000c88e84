import Archive
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCI
import Trace

/// A manifest or index as a registry sent it: the exact bytes, so its digest can be checked and kept.
public struct FetchedManifest: Sendable, Equatable {
    /// The document's bytes.
    public var bytes: [UInt8]
    /// Its media type (from the document, else from `Content-Type`).
    public var mediaType: MediaType
    /// The digest of ``bytes``: computed, never taken from `Docker-Content-Digest` (R-C1).
    public var digest: Digest

    /// A descriptor of this document.
    public var descriptor: Descriptor { Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count)) }
}

/// An image manifest for one platform, found from a tag or digest (through an index if there is one).
public struct ResolvedImage: Sendable, Equatable {
    /// The image manifest.
    public var manifest: Manifest
    /// Its bytes as sent.
    public var document: FetchedManifest
    /// The index it was picked from, if the reference named one.
    public var index: FetchedManifest?
}

extension RegistryClient {
    /// The media types a pull accepts, OCI first.
    static let acceptedManifestTypes: [MediaType] = [.ociManifest, .ociIndex, .dockerManifest, .dockerManifestList]

    /// `GET /v2/<name>/manifests/<reference>`, verified: by the digest asked for, or recorded by its
    /// computed digest when asked by tag (R-C1); at most ``Configuration/documentLimit`` bytes (R-C2).
    /// - Parameter reference: a tag or a digest.
    public func manifest(repository: String, reference: String) async throws -> FetchedManifest {
        let response = try await send(
            .GET, "/v2/\(repository)/manifests/\(reference)",
            headers: [("Accept", Self.acceptedManifestTypes.map(\.rawValue).joined(separator: ", "))],
            scope: Self.pullScope(repository))
        guard response.status == .ok else {
            // Docker's words for a name the registry does not have.
            let separator = reference.contains(":") ? "@" : ":"
            throw await failure(
                response, "manifest \(repository):\(reference)",
                notFound: "manifest for \(registry)/\(repository)\(separator)\(reference) not found")
        }
        let bytes = try await collect(response, limit: configuration.documentLimit, what: "manifest")
        let requested = reference.contains(":") ? try? Digest(parsing: reference) : nil
        var digester = Digester(requested?.algorithm ?? .sha256)
        digester.update(bytes)
        let digest = digester.finalize()
        if let requested, requested != digest {
            throw RegistryError(
                .digestMismatch, "manifest \(repository)@\(requested) hashes to \(digest): refusing it")
        }
        let contentType = response.headers.first(name: "Content-Type").map {
            MediaType(String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces))
        }
        let mediaType = try Self.mediaType(of: bytes, contentType: contentType)
        return FetchedManifest(bytes: bytes, mediaType: mediaType, digest: digest)
    }

    /// The document's media type, refusing schema 1 and documents whose fields and types disagree (R-D2).
    static func mediaType(of bytes: [UInt8], contentType: MediaType?) throws -> MediaType {
        struct Shape: Decodable {
            var schemaVersion: Int?
            var mediaType: MediaType?
            var config: Descriptor?
            var layers: [Descriptor]?
            var manifests: [Descriptor]?
        }
        do {
            try DuplicateKeys.check(bytes)
        } catch {
            throw RegistryError(.invalidResponse, "the registry sent a manifest that is refused: \(error)")
        }
        guard let shape = try? JSONDecoder().decode(Shape.self, from: Data(bytes)) else {
            throw RegistryError(.invalidResponse, "the registry sent a manifest that is not valid JSON")
        }
        guard shape.schemaVersion == 2 else {
            throw RegistryError(.unsupported, "schema 1 manifests are deprecated and not supported")
        }
        let isIndex = shape.manifests != nil
        guard isIndex != (shape.config != nil || shape.layers != nil) else {
            throw RegistryError(.invalidResponse, "the manifest is ambiguous: it has both manifests and layers")
        }
        if let declared = shape.mediaType, let contentType, contentType.isIndex || contentType.isManifest,
            declared != contentType
        {
            throw RegistryError(
                .invalidResponse, "the manifest says it is \(declared) but was sent as \(contentType)")
        }
        let type = shape.mediaType ?? contentType ?? (isIndex ? .ociIndex : .ociManifest)
        guard type.isIndex == isIndex, type.isManifest == !isIndex else {
            throw RegistryError(.invalidResponse, "media type \(type) does not match the document")
        }
        return type
    }

    /// `HEAD /v2/<name>/manifests/<reference>`: the descriptor, or `nil` when there is no such manifest.
    public func manifestDescriptor(repository: String, reference: String) async throws -> Descriptor? {
        let response = try await send(
            .HEAD, "/v2/\(repository)/manifests/\(reference)",
            headers: [("Accept", Self.acceptedManifestTypes.map(\.rawValue).joined(separator: ", "))],
            scope: Self.pullScope(repository))
        if response.status == .notFound { return nil }
        guard response.status == .ok,
            let digest = response.headers.first(name: "Docker-Content-Digest").flatMap({ try? Digest(parsing: $0) }),
            let size = response.headers.first(name: "Content-Length").flatMap({ Int64($0) })
        else { throw await failure(response, "manifest \(repository):\(reference)") }
        let type = response.headers.first(name: "Content-Type").map(MediaType.init(rawValue:)) ?? .ociManifest
        return Descriptor(mediaType: type, digest: digest, size: size)
    }

    /// The image manifest a tag or digest means on `platform`: an index is resolved to its entry for
    /// the platform (os, architecture and, when given, variant), as `docker pull --platform` does.
    public func resolveImage(repository: String, reference: String, platform: Platform = .host) async throws
        -> ResolvedImage
    {
        let first = try await manifest(repository: repository, reference: reference)
        guard first.mediaType.isIndex else {
            return ResolvedImage(manifest: try Self.decodeManifest(first), document: first, index: nil)
        }
        let index: Index
        do {
            index = try JSONDecoder().decode(Index.self, from: Data(first.bytes))
        } catch {
            throw RegistryError(.invalidResponse, "the index of \(repository):\(reference) is not valid: \(error)")
        }
        let candidates = index.manifests.filter { $0.mediaType.isManifest || $0.mediaType.isIndex }
        guard
            let entry = candidates.first(where: { descriptor in
                guard let p = descriptor.platform else { return false }
                return p.os == platform.os && p.architecture == platform.architecture
                    && (platform.variant == nil || p.variant == platform.variant)
            })
        else {
            let available = candidates.compactMap(\.platform).map(\.description).joined(separator: ", ")
            throw RegistryError(
                .unsupported,
                "no matching manifest for \(platform) in the manifest list entries (has: \(available))")
        }
        guard entry.mediaType.isManifest else {
            throw RegistryError(
                .unsupported,
                "nested indexes are not supported: \(repository):\(reference) leads to index \(entry.digest)")
        }
        let chosen = try await manifest(repository: repository, reference: entry.digest.description)
        guard chosen.mediaType == entry.mediaType, chosen.bytes.count == entry.size else {
            throw RegistryError(
                .invalidResponse,
                "the index says \(entry.digest) is a \(entry.mediaType) of \(entry.size) bytes, "
                    + "but the registry sent a \(chosen.mediaType) of \(chosen.bytes.count) bytes")
        }
        return ResolvedImage(manifest: try Self.decodeManifest(chosen), document: chosen, index: first)
    }

    static func decodeManifest(_ fetched: FetchedManifest) throws -> Manifest {
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(fetched.bytes))
        } catch {
            throw RegistryError(.invalidResponse, "manifest \(fetched.digest) is not valid: \(error)", cause: error)
        }
    }

    /// A small blob (a config), read whole and verified against its descriptor (R-C1).
    public func blob(repository: String, descriptor: Descriptor) async throws -> [UInt8] {
        guard descriptor.size <= Int64(configuration.documentLimit) else {
            throw RegistryError(.tooLarge, "blob \(descriptor.digest) is \(descriptor.size) bytes, over the limit")
        }
        let response = try await send(
            .GET, "/v2/\(repository)/blobs/\(descriptor.digest)", scope: Self.pullScope(repository))
        guard response.status == .ok else { throw await failure(response, "blob \(descriptor.digest)") }
        let bytes = try await collect(response, limit: Int(descriptor.size), what: "blob \(descriptor.digest)")
        var digester = Digester(descriptor.digest.algorithm)
        digester.update(bytes)
        guard digester.finalize() == descriptor.digest, Int64(bytes.count) == descriptor.size else {
            throw RegistryError(
                .digestMismatch,
                "blob \(descriptor.digest) from \(registry) has \(bytes.count) bytes hashing to \(digester.finalize())")
        }
        return bytes
    }

    /// `HEAD /v2/<name>/blobs/<digest>`: whether the repository has the blob.
    public func blobExists(repository: String, digest: Digest) async throws -> Bool {
        let response = try await send(.HEAD, "/v2/\(repository)/blobs/\(digest)", scope: Self.pullScope(repository))
        switch response.status {
        case .ok: return true
        case .notFound: return false
        default: throw await failure(response, "blob \(digest)")
        }
    }

    /// Streams a blob into `path`, hashing and counting as it arrives, and refuses it unless it is
    /// exactly `descriptor` (R-C1). A dropped connection resumes with `Range` where it stopped (a
    /// registry that ignores the range sends the whole blob again, and the file starts over).
    /// - Parameter progress: called with the bytes received so far.
    public func downloadBlob(
        repository: String,
        descriptor: Descriptor,
        to path: String,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws {
        var sink = try Self.openFile(path)
        var digester = Digester(descriptor.digest.algorithm)
        var received: Int64 = 0
        var attempt = 0
        while true {
            attempt += 1
            var headers: [(String, String)] = []
            if received > 0 { headers.append(("Range", "bytes=\(received)-")) }
            do {
                let response = try await send(
                    .GET, "/v2/\(repository)/blobs/\(descriptor.digest)", headers: headers,
                    scope: Self.pullScope(repository))
                if response.status == .ok, received > 0 {
                    sink = try Self.openFile(path)
                    digester = Digester(descriptor.digest.algorithm)
                    received = 0
                } else if response.status == .partialContent {
                    let start = response.headers.first(name: "Content-Range").flatMap(Self.rangeStart)
                    guard start == received else {
                        throw RegistryError(
                            .invalidResponse, "the registry resumed blob \(descriptor.digest) at the wrong place")
                    }
                } else if response.status != .ok {
                    throw await failure(response, "blob \(descriptor.digest)")
                }
                for try await buffer in response.body {
                    received += Int64(buffer.readableBytes)
                    guard received <= descriptor.size else {
                        throw RegistryError(
                            .digestMismatch, "blob \(descriptor.digest) is longer than its \(descriptor.size) bytes")
                    }
                    try buffer.withUnsafeReadableBytes { bytes in
                        digester.update(bytes)
                        try sink.write(bytes)
                    }
                    progress?(received)
                }
                break
            } catch let error as RegistryError where error.code != .transport {
                throw error
            } catch {
                guard attempt < configuration.maxAttempts else {
                    throw RegistryError(
                        .transport,
                        "downloading blob \(descriptor.digest) failed after \(attempt) attempts: "
                            + describeTransportFailure(error),
                        cause: error)
                }
                trace?.emit(.pullLayer(digest: descriptor.digest, step: .retrying(resumingAt: received)))
                try await backoff(attempt)
            }
        }
        do {
            try sink.sync()
            try sink.close()
        } catch {
            throw RegistryError(.io, "cannot write \(path): \(error)", cause: error)
        }
        let digest = digester.finalize()
        guard digest == descriptor.digest, received == descriptor.size else {
            throw RegistryError(
                .digestMismatch,
                "blob \(descriptor.digest) from \(registry) has \(received) bytes hashing to \(digest); "
                    + "expected \(descriptor.size) bytes")
        }
    }

    static func openFile(_ path: String) throws -> FileSink {
        do {
            return try FileSink(path: path, permissions: 0o600)
        } catch {
            throw RegistryError(.io, "cannot create \(path): \(error)", cause: error)
        }
    }

    /// The first byte of `Content-Range: bytes A-B/N`.
    static func rangeStart(_ header: String) -> Int64? {
        let text = header.hasPrefix("bytes ") ? header.dropFirst(6) : Substring(header)
        return text.split(separator: "-").first.flatMap { Int64($0) }
    }

    /// Reads a whole (small) body, refusing more than `limit` bytes.
    func collect(_ response: HTTPClientResponse, limit: Int, what: String) async throws -> [UInt8] {
        do {
            let buffer = try await response.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw RegistryError(
                .tooLarge, "\(what) is larger than the limit of \(limit) bytes, or was cut: \(error)", cause: error)
        }
    }
}
