import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OCI
import Store
import Synchronization

/// A registry that serves one image and misbehaves on purpose: it drops the connection in the
/// middle of a layer, answers 500 before it answers 200, sends a layer whose bytes do not match
/// its digest, falls silent in the middle of a layer, or redirects a layer to itself forever.
struct FaultRegistry: Sendable {
    enum Fault: Sendable {
        case dropMidBlob
        case serverErrorOnce
        case corruptLayer
        case stallMidBlob
        case endlessRedirects
        case oversizedManifest
        /// Asks for Basic credentials, then sends every layer to the same path on another host
        /// (`localhost` and this port, another origin than `127.0.0.1`), as a registry backed by
        /// a CDN does.
        case basicAuthThenLayersAt(port: Int)
        /// Serves as asked, noting the Authorization header of every layer request.
        case recordingAuthorization
        /// Asks for a Bearer token, and its token service answers with 2 MiB.
        case oversizedToken
        /// Every page of the tags list links to the same page again.
        case tagPagesInACircle
        /// Under every reference, the manifest with a space added (so another digest), and a
        /// `Docker-Content-Digest` header naming the manifest the image really has.
        case manifestNotTheOneAskedFor
        /// The manifest under this `Content-Type`.
        case manifestSentAs(String)
        /// Tag `1` is an index whose one entry, for this machine, is the manifest described by
        /// `entry` (given the real descriptor, it returns what the index says).
        case indexEntry(@Sendable (Descriptor) -> Descriptor)
        /// Tag `1` is an index whose entry for this machine is another index.
        case nestedIndex
        /// Takes uploads, but answers the first PUT that finishes one with 500 after storing the
        /// blob, as when a busy registry's answer comes too late; the session is then closed.
        case lostAnswerToFinishingUpload
        /// Takes chunked uploads, but answers the first PATCH with 500 after keeping its bytes: the
        /// same chunk sent again no longer starts where the session is (416), and `GET` on the
        /// session says how far it got, as distribution's registry does.
        case lostAnswerToChunk
    }

    let fault: Fault
    let plan: PushPlan
    let repository = "faulty"
    private let seen = Counter()
    /// Under ``Fault/recordingAuthorization``: each layer request's Authorization header, or "".
    let authorizations = Log()
    /// Under ``Fault/lostAnswerToFinishingUpload``: the digests stored, and each finishing PUT's answer.
    let uploads = Log()
    let finishingAnswers = Log()
    /// Under ``Fault/lostAnswerToChunk``: each PATCH's answer, and the bytes the session holds.
    let chunkAnswers = Log()
    let received = Received()

    final class Received: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        var all: [UInt8] { bytes.withLock { $0 } }
        func append(_ more: [UInt8]) { bytes.withLock { $0 += more } }
    }

    final class Log: Sendable {
        private let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    final class Counter: Sendable {
        private let paths = Mutex<[String: Int]>([:])
        func next(_ key: String) -> Int {
            paths.withLock { paths in
                paths[key, default: 0] += 1
                return paths[key, default: 0]
            }
        }
    }

    init(fault: Fault, plan: PushPlan) {
        self.fault = fault
        self.plan = plan
    }

    func withRunning<T: Sendable>(_ body: @escaping @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fault-registry")
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await respond(request) },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(port)
        }
    }

    private func respond(_ request: Request) async throws -> Response {
        let path = request.uri.path
        if case .serverErrorOnce = fault, seen.next(path) == 1 {
            return Response(status: .internalServerError)
        }
        if case .basicAuthThenLayersAt = fault, request.headers[.authorization] == nil {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = #"Basic realm="faulty""#
            return Response(status: .unauthorized, headers: headers)
        }
        if case .oversizedToken = fault {
            guard path != "/token" else {
                let huge = #"{"token":""# + String(repeating: "x", count: 2 << 20) + #""}"#
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: huge)))
            }
            var headers = HTTPFields()
            headers[.wwwAuthenticate] =
                #"Bearer realm="http://\#(request.head.authority ?? "")/token",service="faulty""#
            return Response(status: .unauthorized, headers: headers)
        }
        if case .tagPagesInACircle = fault, path == "/v2/\(repository)/tags/list" {
            var headers = HTTPFields()
            if let link = HTTPField.Name("Link") {
                headers[link] = #"</v2/\#(repository)/tags/list?n=1&last=t>; rel="next""#
            }
            let page = #"{"name":"\#(repository)","tags":["t\#(seen.next(path))"]}"#
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        if path == "/v2/" || path == "/v2" { return Response(status: .ok) }
        if case .lostAnswerToFinishingUpload = fault { return uploadFault(request) }
        if case .lostAnswerToChunk = fault { return try await chunkFault(request) }
        if path.hasPrefix("/v2/\(repository)/manifests/"), let answer = manifestFault(path: path) { return answer }
        if path == "/v2/\(repository)/manifests/1", case .oversizedManifest = fault {
            // Valid JSON, 5 MiB of it: past the 4 MiB a manifest may be (R-C2).
            let padding = String(repeating: " ", count: 5 << 20)
            return Response(
                status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: plan.manifestBytes + Array(padding.utf8))))
        }
        if path == "/v2/\(repository)/manifests/1" || path == "/v2/\(repository)/manifests/\(manifest.digest)" {
            var headers = HTTPFields()
            headers[.contentType] = plan.manifestMediaType.rawValue
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: plan.manifestBytes)))
        }
        if path == "/v2/\(repository)/blobs/\(plan.config.digest)" {
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: plan.configBytes)))
        }
        guard let layer = plan.layers.first(where: { path == "/v2/\(repository)/blobs/\($0.descriptor.digest)" }) else {
            return Response(status: .notFound)
        }
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: layer.path)))
        switch fault {
        case .corruptLayer:
            bytes[bytes.count / 2] ^= 0xFF
        case .dropMidBlob:
            if let range = request.headers[.range], range.hasPrefix("bytes="),
                let start = Int(range.dropFirst(6).split(separator: "-")[0])
            {
                var headers = HTTPFields()
                headers[.contentRange] = "bytes \(start)-\(bytes.count - 1)/\(bytes.count)"
                return Response(
                    status: .partialContent, headers: headers,
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes[start...])))
            }
            let half = bytes[..<(bytes.count / 2)]
            return Response(
                status: .ok,
                body: ResponseBody(contentLength: bytes.count) { writer in
                    try await writer.write(ByteBuffer(bytes: half))
                    throw CancellationError()  // the connection drops mid-blob
                })
        case .stallMidBlob:
            let half = bytes[..<(bytes.count / 2)]
            return Response(
                status: .ok,
                body: ResponseBody(contentLength: bytes.count) { writer in
                    try await writer.write(ByteBuffer(bytes: half))
                    try await Task.sleep(for: .seconds(60))  // silent, the connection still open
                })
        case .endlessRedirects:
            var headers = HTTPFields()
            headers[.location] = "\(path)?hop=\(seen.next(path))"
            return Response(status: .temporaryRedirect, headers: headers)
        case .basicAuthThenLayersAt(let port):
            var headers = HTTPFields()
            headers[.location] = "http://localhost:\(port)\(path)"
            return Response(status: .temporaryRedirect, headers: headers)
        case .recordingAuthorization:
            authorizations.append(request.headers[.authorization] ?? "")
        case .serverErrorOnce, .oversizedManifest, .oversizedToken, .tagPagesInACircle, .manifestNotTheOneAskedFor,
            .manifestSentAs, .indexEntry, .nestedIndex, .lostAnswerToFinishingUpload, .lostAnswerToChunk:
            break
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// One upload session, `/v2/faulty/blobs/uploads/1`, whose first finishing PUT stores the blob
    /// and answers 500; after that the session is unknown, as a registry's closed session is.
    private func uploadFault(_ request: Request) -> Response {
        let path = request.uri.path
        let session = "/v2/\(repository)/blobs/uploads/1"
        switch request.method {
        case .post where path == "/v2/\(repository)/blobs/uploads/":
            var headers = HTTPFields()
            headers[.location] = session
            return Response(status: .accepted, headers: headers)
        case .put where path == session:
            let digest = request.uri.queryParameters["digest"].map(String.init) ?? ""
            guard uploads.all.isEmpty else {
                finishingAnswers.append("404")
                let unknown = #"{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN","message":"upload unknown"}]}"#
                return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: unknown)))
            }
            uploads.append(digest)
            finishingAnswers.append("500")
            return Response(status: .internalServerError)
        case .head where uploads.all.contains { path == "/v2/\(repository)/blobs/\($0)" }:
            return Response(status: .ok)
        default:
            return Response(status: .notFound)
        }
    }

    /// One chunked upload session, `/v2/faulty/blobs/uploads/1`: a PATCH must start where the
    /// session is (else 416), the first one's answer is 500 though its bytes are kept, and `GET`
    /// answers 204 with `Range: 0-<last byte>`.
    private func chunkFault(_ request: Request) async throws -> Response {
        let path = request.uri.path
        let session = "/v2/\(repository)/blobs/uploads/1"
        var located = HTTPFields()
        located[.location] = session
        if let range = HTTPField.Name("Range") { located[range] = "0-\(received.all.count - 1)" }
        switch request.method {
        case .post where path == "/v2/\(repository)/blobs/uploads/":
            return Response(status: .accepted, headers: located)
        case .patch where path == session:
            let start = HTTPField.Name("Content-Range").flatMap { request.headers[$0] }
                .flatMap { $0.split(separator: "-").first }.flatMap { Int($0) }
            let body = try await request.body.collect(upTo: 1 << 20)
            guard start == received.all.count else {
                chunkAnswers.append("416")
                return Response(status: .rangeNotSatisfiable)
            }
            received.append(Array(buffer: body))
            guard chunkAnswers.all.contains("500") else {
                chunkAnswers.append("500")
                return Response(status: .internalServerError)
            }
            chunkAnswers.append("202")
            if let range = HTTPField.Name("Range") { located[range] = "0-\(received.all.count - 1)" }
            return Response(status: .accepted, headers: located)
        case .get where path == session:
            return Response(status: .noContent, headers: located)
        case .put where path == session:
            received.append(Array(buffer: try await request.body.collect(upTo: 1 << 20)))
            let digest = request.uri.queryParameters["digest"].map(String.init) ?? ""
            guard digest == Digest.sha256(of: received.all).description else { return Response(status: .badRequest) }
            return Response(status: .created)
        default:
            return Response(status: .notFound)
        }
    }

    /// The image's manifest as the plan describes it.
    var manifest: Descriptor {
        Descriptor(
            mediaType: plan.manifestMediaType, digest: Digest.sha256(of: plan.manifestBytes),
            size: Int64(plan.manifestBytes.count))
    }

    /// The answer of the manifest faults for `path`, or `nil` to serve as usual.
    private func manifestFault(path: String) -> Response? {
        func document(_ bytes: [UInt8], type: String, digest: Digest? = nil) -> Response {
            var headers = HTTPFields()
            headers[.contentType] = type
            if let digest, let name = HTTPField.Name("Docker-Content-Digest") { headers[name] = digest.description }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        func index(of entry: Descriptor) -> [UInt8] {
            var entry = entry
            entry.platform = .host
            return Array((try? JSONEncoder().encode(Index(manifests: [entry]))) ?? Data())
        }
        let tag = path == "/v2/\(repository)/manifests/1"
        switch fault {
        case .manifestNotTheOneAskedFor:
            return document(
                plan.manifestBytes + Array(" ".utf8), type: plan.manifestMediaType.rawValue, digest: manifest.digest)
        case .manifestSentAs(let type):
            return document(plan.manifestBytes, type: type)
        case .indexEntry(let describe) where tag:
            return document(index(of: describe(manifest)), type: MediaType.ociIndex.rawValue)
        case .nestedIndex:
            let inner = index(of: manifest)
            if tag {
                let entry = Descriptor(mediaType: .ociIndex, digest: Digest.sha256(of: inner), size: Int64(inner.count))
                return document(index(of: entry), type: MediaType.ociIndex.rawValue)
            }
            return path.hasSuffix(Digest.sha256(of: inner).description)
                ? document(inner, type: MediaType.ociIndex.rawValue) : nil
        default:
            return nil
        }
    }
}
