import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OCI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension RegistryResponder {
    // MARK: Blobs

    /// `GET`/`HEAD /v2/<name>/blobs/<digest>`, with `Range: bytes=A-B` for resumed downloads.
    func getBlob(_ request: Request, name: String, digest: Digest) throws -> Response {
        guard storage.hasBlob(digest, in: name), let size = storage.blobSize(digest) else {
            throw Self.blobUnknown(digest)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        headers[.dockerContentDigest] = digest.description
        headers[.acceptRanges] = "bytes"
        headers[.eTag] = "\"\(digest)\""
        var start: Int64 = 0
        var end = size - 1
        var status = HTTPResponse.Status.ok
        if let range = request.headers[.range], request.method == .get {
            guard let (first, last) = Self.parseRange(range, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                throw Failure(
                    status: .rangeNotSatisfiable, code: DistributionError.blobUnknown,
                    message: "range \(range) is outside the blob's \(size) bytes", headers: headers)
            }
            (start, end) = (first, last)
            status = .partialContent
            headers[.contentRange] = "bytes \(start)-\(end)/\(size)"
        }
        let length = max(0, end - start + 1)
        headers[.contentLength] = String(length)
        guard request.method == .get else { return Response(status: status, headers: headers) }
        let path = storage.blob(digest)
        let offset = start
        let body = ResponseBody(contentLength: Int(length)) { writer in
            try await Self.stream(file: path, from: offset, length: length, to: &writer)
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// `bytes=A-B`, `bytes=A-` or `bytes=-N` within `size`.
    static func parseRange(_ header: String, size: Int64) -> (Int64, Int64)? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int64(parts[1]), suffix > 0 else { return nil }
            return (max(0, size - suffix), size - 1)
        }
        guard let first = Int64(parts[0]), first < size else { return nil }
        let last = parts[1].isEmpty ? size - 1 : min(Int64(parts[1]) ?? -1, size - 1)
        guard last >= first else { return nil }
        return (first, last)
    }

    static func stream(file path: String, from offset: Int64, length: Int64, to writer: inout any ResponseBodyWriter)
        async throws
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RegistryStorage.ioError("open", path) }
        defer { close(fd) }
        var position = offset
        var remaining = length
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while remaining > 0 {
            let wanted = Int(min(Int64(chunk.count), remaining))
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, wanted, off_t(position)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw RegistryStorage.ioError("read", path) }
            try await writer.write(ByteBuffer(bytes: chunk[0..<n]))
            position += Int64(n)
            remaining -= Int64(n)
        }
    }

    // MARK: Uploads

    /// `POST /v2/<name>/blobs/uploads/`: a mount (`?mount=&from=`), a monolithic upload
    /// (`?digest=`), or a new session.
    func startUpload(_ request: Request, name: String) async throws -> Response {
        let parameters = request.uri.queryParameters
        if let mount = parameters["mount"], let from = parameters["from"] {
            let digest = try Self.digest(String(mount))
            let source = String(from)
            // R-E6: mount only from a repository the caller may pull; otherwise fall back to an upload.
            let mayPull =
                RepositoryName.isValid(source)
                && authority.refusal(
                    of: request, needing: Authority.Scope(type: "repository", name: source, actions: ["pull"])) == nil
            if mayPull, storage.hasBlob(digest, in: source) {
                try link(digest, into: name)
                return Self.created(name: name, digest: digest)
            }
        }
        let id = UploadID()
        let folder = storage.upload(id)
        do {
            try RegistryStorage.makeFolder(folder)
            try RegistryStorage.writeAtomically(Array(name.utf8), to: folder + "/repository")
            try RegistryStorage.writeAtomically([], to: folder + "/data")
        } catch {
            throw Failure(
                status: .internalServerError, code: DistributionError.blobUploadInvalid, message: error.description)
        }
        if let digestText = parameters["digest"] {
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let digest = try Self.digest(String(digestText))
            _ = try await receive(request.body, appendingTo: folder + "/data", startingAt: 0)
            try await finish(upload: folder, name: name, digest: digest)
            return Self.created(name: name, digest: digest)
        }
        return Self.accepted(name: name, id: id, size: 0)
    }

    /// `GET`, `PATCH`, `PUT`, `DELETE /v2/<name>/blobs/uploads/<id>`.
    func upload(_ request: Request, name: String, id text: String) async throws -> Response {
        guard let id = UploadID(validating: Substring(text)),
            let owner = try? String(contentsOfFile: storage.upload(id) + "/repository", encoding: .utf8), owner == name
        else {
            throw Failure(
                status: .notFound, code: DistributionError.blobUploadUnknown, message: "upload unknown: \(text)")
        }
        let folder = storage.upload(id)
        let data = folder + "/data"
        let size = Self.fileSize(data)
        switch request.method {
        case .get:
            var response = Self.accepted(name: name, id: id, size: size)
            response.status = .noContent
            return response
        case .patch:
            let announced = try checkContentRange(request, size: size, name: name, id: id)
            let newSize: Int64
            do {
                newSize = try await receive(request.body, appendingTo: data, startingAt: size)
            } catch {
                truncate(data, off_t(size))  // a refused chunk adds nothing to the upload
                throw error
            }
            if let announced, newSize - size != announced {
                truncate(data, off_t(size))
                throw rangeFailure(
                    "chunk announced \(announced) bytes in its Content-Range but carried \(newSize - size)",
                    size: size, name: name, id: id)
            }
            return Self.accepted(name: name, id: id, size: newSize)
        case .put:
            guard let digestText = request.uri.queryParameters["digest"] else {
                throw Failure(status: .badRequest, code: DistributionError.digestInvalid, message: "PUT needs ?digest=")
            }
            let digest = try Self.digest(String(digestText))
            _ = try checkContentRange(request, size: size, name: name, id: id)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            _ = try await receive(request.body, appendingTo: data, startingAt: size)
            try await finish(upload: folder, name: name, digest: digest)
            return Self.created(name: name, digest: digest)
        case .delete:
            try? FileManager.default.removeItem(atPath: folder)
            return Response(status: .noContent)
        default:
            throw Failure(
                status: .methodNotAllowed, code: DistributionError.unsupported,
                message: "\(request.method) on an upload")
        }
    }

    /// Chunks must arrive in order: `Content-Range: A-B` must start where the upload ends (R-E1: 416).
    /// - Returns: the length the range announces, which the chunk must then carry.
    private func checkContentRange(_ request: Request, size: Int64, name: String, id: UploadID) throws -> Int64? {
        guard let range = request.headers[.contentRange] else { return nil }
        let text = range.hasPrefix("bytes ") ? String(range.dropFirst(6)) : range
        let parts = text.split(separator: "-")
        guard parts.count == 2, let first = Int64(parts[0]), let last = Int64(parts[1].split(separator: "/")[0]),
            first == size, last >= first
        else {
            throw rangeFailure(
                "chunk \(range) does not start at the upload's current size \(size)", size: size, name: name, id: id)
        }
        return last - first + 1
    }

    /// A 416 that tells the client where the upload stands, as the distribution spec asks.
    private func rangeFailure(_ message: String, size: Int64, name: String, id: UploadID) -> Failure {
        var headers = HTTPFields()
        headers[.location] = "/v2/\(name)/blobs/uploads/\(id.value)"
        headers[.range] = "0-\(max(0, size - 1))"
        headers[.dockerUploadUUID] = id.value
        return Failure(
            status: .rangeNotSatisfiable, code: DistributionError.blobUploadInvalid, message: message, headers: headers)
    }

    /// Hashes the finished upload and moves it into the blob store only if it is what the client said (R-E1).
    private func finish(upload folder: String, name: String, digest: Digest) async throws {
        let data = folder + "/data"
        let actual = try Self.hash(file: data, algorithm: digest.algorithm)
        guard actual == digest else {
            throw Failure(
                status: .badRequest, code: DistributionError.digestInvalid,
                message: "provided digest \(digest) did not match uploaded content (\(actual))")
        }
        do {
            try storage.commitUpload(at: data, as: digest, into: name)
        } catch {
            throw Failure(
                status: .internalServerError, code: DistributionError.blobUploadInvalid, message: error.description)
        }
    }

    private func link(_ digest: Digest, into name: String) throws {
        do {
            try storage.link(digest, into: name)
        } catch {
            throw Failure(
                status: .internalServerError, code: DistributionError.blobUploadInvalid, message: error.description)
        }
    }

    /// Appends a request body to a file, refusing to grow past the upload limit (R-E4); fsyncs at the end.
    private func receive(_ body: RequestBody, appendingTo path: String, startingAt size: Int64) async throws -> Int64 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw RegistryStorage.ioError("open", path) }
        defer { close(fd) }
        var total = size
        for try await buffer in body {
            total += Int64(buffer.readableBytes)
            guard total <= configuration.uploadLimit else {
                throw Failure(
                    status: .contentTooLarge, code: DistributionError.sizeInvalid,
                    message: "upload is larger than the limit of \(configuration.uploadLimit) bytes")
            }
            try buffer.withUnsafeReadableBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let n = write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw RegistryStorage.ioError("write", path)
                    }
                    offset += n
                }
            }
        }
        guard fsync(fd) == 0 else { throw RegistryStorage.ioError("sync", path) }
        return total
    }

    static func hash(file path: String, algorithm: Digest.Algorithm) throws -> Digest {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RegistryStorage.ioError("open", path) }
        defer { close(fd) }
        var digester = Digester(algorithm)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw RegistryStorage.ioError("read", path) }
            if n == 0 { return digester.finalize() }
            digester.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    static func created(name: String, digest: Digest) -> Response {
        var headers = HTTPFields()
        headers[.location] = "/v2/\(name)/blobs/\(digest)"
        headers[.dockerContentDigest] = digest.description
        headers[.contentLength] = "0"
        return Response(status: .created, headers: headers)
    }

    static func accepted(name: String, id: UploadID, size: Int64) -> Response {
        var headers = HTTPFields()
        headers[.location] = "/v2/\(name)/blobs/uploads/\(id.value)"
        headers[.range] = "0-\(max(0, size - 1))"
        headers[.dockerUploadUUID] = id.value
        headers[.contentLength] = "0"
        return Response(status: .accepted, headers: headers)
    }
}
