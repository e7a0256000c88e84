import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension RegistryClient {
    /// How a blob is uploaded.
    public enum UploadMethod: Sendable, Equatable {
        /// One `POST ?digest=` with the whole blob.
        case monolithic
        /// `POST` to open a session, then `PUT ?digest=` with the whole blob.
        case session
        /// `POST`, `PATCH` chunks of at most this many bytes with `Content-Range`, then `PUT ?digest=`.
        case chunked(Int)
    }

    /// Uploads the file at `path` as the blob `descriptor` names; the registry verifies the digest.
    /// - Throws: ``RegistryError`` with the registry's reason (`DIGEST_INVALID`, …) when refused.
    public func uploadBlob(
        repository: String, descriptor: Descriptor, from path: String, method: UploadMethod = .session
    ) async throws {
        let scope = Self.pushScope(repository)
        let digest = descriptor.digest
        let uploads = "/v2/\(repository)/blobs/uploads/"
        if method == .monolithic {
            let response = try await send(
                .POST, uploads + "?digest=\(digest)", headers: [("Content-Type", "application/octet-stream")],
                scope: scope, body: Self.fileBody(path, offset: 0, length: descriptor.size))
            guard response.status == .created else { throw await failure(response, "upload of blob \(digest)") }
            return
        }
        let started = try await send(.POST, uploads, scope: scope)
        guard started.status == .accepted, var location = started.headers.first(name: "Location") else {
            throw await failure(started, "starting the upload of blob \(digest)")
        }
        var offset: Int64 = 0
        if case .chunked(let chunkSize) = method {
            while offset < descriptor.size {
                let length = min(Int64(max(chunkSize, 1)), descriptor.size - offset)
                let response = try await send(
                    .PATCH, location,
                    headers: [
                        ("Content-Type", "application/octet-stream"),
                        ("Content-Range", "\(offset)-\(offset + length - 1)"),
                    ],
                    scope: scope, body: Self.fileBody(path, offset: offset, length: length))
                guard response.status == .accepted, let next = response.headers.first(name: "Location") else {
                    let error = await failure(response, "uploading a chunk of blob \(digest)")
                    // `send` sends a PATCH again when its answer is lost, and the session already
                    // holds that chunk: the registry answers 416. It says how far it got, and the
                    // upload goes on from there.
                    if response.status == .rangeNotSatisfiable,
                        let (resumed, received) = try? await uploadProgress(location, scope: scope), received > offset
                    {
                        location = resumed
                        offset = received
                        continue
                    }
                    throw error
                }
                location = next
                offset += length
            }
        }
        let remaining = descriptor.size - offset
        let response = try await send(
            .PUT, Self.adding(query: "digest=\(digest)", to: location),
            headers: [("Content-Type", "application/octet-stream")], scope: scope,
            body: Self.fileBody(path, offset: offset, length: remaining))
        guard response.status == .created else {
            let error = await failure(response, "finishing the upload of blob \(digest)")
            // `send` sends the PUT again when its answer is lost (a read time-out, a 5xx), and the
            // second finds the session the first one closed. A blob is known by its digest: if the
            // repository has it now, the first PUT stored it and the upload is done.
            if error.code == .notFound, (try? await blobExists(repository: repository, digest: digest)) == true {
                return
            }
            throw error
        }
    }

    /// `GET` on an upload session: where it is now, and how many bytes it holds (its `Range`
    /// header, `0-<last byte>`).
    private func uploadProgress(_ location: String, scope: String) async throws -> (location: String, received: Int64)?
    {
        let response = try await send(.GET, location, scope: scope)
        guard response.status == .noContent, let range = response.headers.first(name: "Range"),
            let last = range.split(separator: "-").last.flatMap({ Int64($0) })
        else { return nil }
        return (response.headers.first(name: "Location") ?? location, last + 1)
    }

    /// `POST ?mount=&from=`: asks the registry to link a blob another repository has.
    /// - Returns: whether it was mounted; when not, the upload session the registry opened is cancelled.
    public func mountBlob(repository: String, digest: Digest, from source: String) async throws -> Bool {
        let response = try await send(
            .POST, "/v2/\(repository)/blobs/uploads/?mount=\(digest)&from=\(source)",
            scope: Self.pushScope(repository) + " " + Self.pullScope(source))
        switch response.status {
        case .created:
            return true
        case .accepted:
            if let location = response.headers.first(name: "Location") {
                _ = try? await send(.DELETE, location, scope: Self.pushScope(repository))
            }
            return false
        default:
            throw await failure(response, "mounting blob \(digest) from \(source)")
        }
    }

    /// `PUT /v2/<name>/manifests/<reference>`.
    /// - Returns: the manifest's digest, computed here (and checked against the registry's answer).
    @discardableResult
    public func putManifest(repository: String, reference: String, bytes: [UInt8], mediaType: MediaType) async throws
        -> Digest
    {
        let digest = Digest.sha256(of: bytes)
        let response = try await send(
            .PUT, "/v2/\(repository)/manifests/\(reference)", headers: [("Content-Type", mediaType.rawValue)],
            scope: Self.pushScope(repository),
            body: { (.bytes(bytes), Int64(bytes.count)) })
        guard response.status == .created else { throw await failure(response, "pushing manifest \(reference)") }
        if let answered = response.headers.first(name: "Docker-Content-Digest"), answered != digest.description {
            throw RegistryError(.digestMismatch, "the registry stored the manifest as \(answered), not \(digest)")
        }
        return digest
    }

    /// `DELETE /v2/<name>/manifests/<digest or tag>`.
    public func deleteManifest(repository: String, reference: String) async throws {
        let response = try await send(
            .DELETE, "/v2/\(repository)/manifests/\(reference)", scope: "repository:\(repository):delete")
        guard response.status == .accepted || response.status == .ok else {
            throw await failure(response, "deleting manifest \(reference)")
        }
    }

    /// `DELETE /v2/<name>/blobs/<digest>`.
    public func deleteBlob(repository: String, digest: Digest) async throws {
        let response = try await send(
            .DELETE, "/v2/\(repository)/blobs/\(digest)", scope: "repository:\(repository):delete")
        guard response.status == .accepted || response.status == .ok else {
            throw await failure(response, "deleting blob \(digest)")
        }
    }

    /// Adds a query item to a `Location`, which may already carry one (distribution's `_state`).
    static func adding(query: String, to location: String) -> String {
        location + (location.contains("?") ? "&" : "?") + query
    }

    /// A body that streams `length` bytes of a file from `offset`, made fresh for every attempt.
    static func fileBody(_ path: String, offset: Int64, length: Int64) -> BodyMaker {
        { (.stream(FileChunks(path: path, offset: offset, length: length), length: .known(length)), length) }
    }
}

/// A range of a file as an async sequence of buffers, read 64 KiB at a time (never whole, STYLE §7).
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String
    let offset: Int64
    let length: Int64

    final class Iterator: AsyncIteratorProtocol {
        private let path: String
        private var fd: Int32 = -1
        private var position: Int64
        private var remaining: Int64

        init(path: String, offset: Int64, length: Int64) {
            self.path = path
            self.position = offset
            self.remaining = length
        }

        deinit { if fd >= 0 { close(fd) } }

        func next() async throws -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            if fd < 0 {
                fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw RegistryError(.io, "cannot open \(path)") }
            }
            let wanted = Int(Swift.min(remaining, 64 * 1024))
            var bytes = [UInt8](repeating: 0, count: wanted)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, wanted, off_t(position)) }
            guard n > 0 else { throw RegistryError(.io, "\(path) ended before its \(remaining) remaining bytes") }
            position += Int64(n)
            remaining -= Int64(n)
            return ByteBuffer(bytes: bytes[0..<n])
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(path: path, offset: offset, length: length) }
}
