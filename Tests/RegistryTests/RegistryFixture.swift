import AsyncHTTPClient
import Foundation
import LayerlabTestSupport
import NIOCore
import NIOHTTP1
import OCI
import Registry
import Store
import Trace

/// A temporary folder with a store, a helper to make images, and raw HTTP for conformance checks.
struct RegistryFixture: Sendable {
    let folder = TemporaryDirectory("registry-tests")

    func makeStore(_ name: String = "store", trace: TraceRecorder = .disabled) throws -> ImageStore {
        try ImageStore(root: folder.file(name), trace: trace, clock: { Date(timeIntervalSince1970: 1_700_000_000) })
    }

    /// An image imported from a fresh rootfs tarball, tagged `name`.
    @discardableResult
    func makeImage(in store: ImageStore, name: String, seed: String = "base", labels: [String: String]? = nil) throws
        -> Digest
    {
        let tarball = try RootFSFixture.makeTarballForTests(in: folder, seed: seed)
        var config = ContainerConfig()
        config.labels = labels
        return try store.importImage(from: .file(tarball), repository: name, config: labels == nil ? nil : config)
    }

    func makeRegistry(_ name: String = "registry", auth: EmbeddedRegistry.AuthMode = .none, pageLimit: Int = 1000)
        throws -> EmbeddedRegistry
    {
        try EmbeddedRegistry(
            root: folder.file(name), configuration: .init(port: 0, auth: auth, pageLimit: pageLimit))
    }

    /// Writes `bytes` to a new file and returns its path and descriptor.
    func blobFile(_ bytes: [UInt8], mediaType: MediaType = .ociLayerGzip) throws -> (String, Descriptor) {
        let path = folder.file("blob-\(UUID().uuidString)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, Descriptor(mediaType: mediaType, digest: Digest.sha256(of: bytes), size: Int64(bytes.count)))
    }
}

/// One raw HTTP exchange, for checks the client would never make (bad digests, chunks out of order).
struct RawResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first(name: name) }
    var errorCodes: [String] {
        ((try? JSONDecoder().decode(DistributionErrorBody.self, from: Data(body)))?.errors ?? []).map(\.code)
    }
}

func raw(
    _ method: String, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil
) async throws -> RawResponse {
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body {
        request.body = .bytes(body)
        request.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 16 << 20)
    return RawResponse(
        status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
}
