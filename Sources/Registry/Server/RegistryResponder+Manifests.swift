import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OCI

extension RegistryResponder {
    /// The fields that tell a manifest from an index, decoded loosely to check the document is
    /// unambiguous before it is stored (R-D2, CVE-2021-41190).
    struct DocumentShape: Decodable {
        var schemaVersion: Int?
        var mediaType: OCI.MediaType?
        var config: Descriptor?
        var layers: [Descriptor]?
        var manifests: [Descriptor]?
        var subject: Descriptor?
    }

    func getManifest(_ request: Request, name: String, reference: String) throws -> Response {
        let digest = try resolve(reference, in: name)
        guard let mediaType = storage.manifestMediaType(digest, in: name),
            let data = FileManager.default.contents(atPath: storage.blob(digest))
        else { throw Self.manifestUnknown(reference) }
        var headers = HTTPFields()
        headers[.contentType] = mediaType.rawValue
        headers[.dockerContentDigest] = digest.description
        headers[.contentLength] = String(data.count)
        headers[.eTag] = "\"\(digest)\""
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        return Response(status: .ok, headers: headers, body: body)
    }

    func putManifest(_ request: Request, name: String, reference: String) async throws -> Response {
        let limit = configuration.manifestLimit
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= limit else {
                throw Failure(
                    status: .contentTooLarge, code: DistributionError.manifestInvalid,
                    message: "manifest is larger than the limit of \(limit) bytes")
            }
            bytes += buffer.readableBytesView
        }
        let shape: DocumentShape
        do {
            try DuplicateKeys.check(bytes)
            shape = try JSONDecoder().decode(DocumentShape.self, from: Data(bytes))
        } catch {
            throw Self.manifestInvalid("not a JSON manifest: \(error)")
        }
        let contentType = request.headers[.contentType].map {
            OCI.MediaType(String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces))
        }
        let mediaType = try Self.checkShape(shape, contentType: contentType)

        // Every blob and child manifest the document names must already be in this repository.
        if mediaType.isIndex {
            for child in shape.manifests ?? [] where storage.manifestMediaType(child.digest, in: name) == nil {
                throw Failure(
                    status: .badRequest, code: DistributionError.manifestBlobUnknown,
                    message: "manifest \(child.digest) listed by the index is unknown to the repository")
            }
        } else {
            for blob in [shape.config].compactMap({ $0 }) + (shape.layers ?? [])
            where !storage.hasBlob(blob.digest, in: name) {
                throw Failure(
                    status: .badRequest, code: DistributionError.manifestBlobUnknown,
                    message: "blob \(blob.digest) referenced by the manifest is unknown to the repository")
            }
        }

        var digest = Digest.sha256(of: bytes)
        var tag: String?
        if reference.contains(":") {
            let requested = try Self.digest(reference)
            var digester = Digester(requested.algorithm)
            digester.update(bytes)
            digest = digester.finalize()
            guard digest == requested else {
                throw Failure(
                    status: .badRequest, code: DistributionError.digestInvalid,
                    message: "manifest content hashes to \(digest), not \(requested)")
            }
        } else {
            guard RepositoryName.isValidTag(reference) else {
                throw Failure(status: .badRequest, code: "TAG_INVALID", message: "invalid tag \"\(reference)\"")
            }
            tag = reference
        }
        do {
            try storage.storeManifest(bytes, digest: digest, mediaType: mediaType, in: name, tag: tag)
        } catch {
            throw Failure(
                status: .internalServerError, code: DistributionError.manifestInvalid,
                message: String(describing: error))
        }
        var headers = HTTPFields()
        headers[.location] = "/v2/\(name)/manifests/\(digest)"
        headers[.dockerContentDigest] = digest.description
        if let subject = shape.subject { headers[.ociSubject] = subject.digest.description }
        return Response(status: .created, headers: headers)
    }

    /// The media type a pushed document is stored under, after refusing what is ambiguous (R-D2, R-E2).
    static func checkShape(_ shape: DocumentShape, contentType: OCI.MediaType?) throws -> OCI.MediaType {
        guard shape.schemaVersion == 2 else { throw manifestInvalid("schemaVersion must be 2 (schema 1 is refused)") }
        let isIndex = shape.manifests != nil
        let isManifest = shape.config != nil || shape.layers != nil
        guard isIndex != isManifest else {
            throw manifestInvalid("a document must have either config and layers, or manifests, not both or neither")
        }
        if let declared = shape.mediaType, let contentType, declared != contentType {
            throw manifestInvalid("the document says mediaType \(declared) but was sent as \(contentType)")
        }
        let mediaType = shape.mediaType ?? contentType ?? (isIndex ? .ociIndex : .ociManifest)
        guard mediaType.isIndex == isIndex, mediaType.isManifest == isManifest else {
            throw manifestInvalid("media type \(mediaType) does not match the document's fields")
        }
        return mediaType
    }

    func deleteManifest(name: String, reference: String) throws -> Response {
        if reference.contains(":") {
            let digest = try Self.digest(reference)
            guard storage.manifestMediaType(digest, in: name) != nil else { throw Self.manifestUnknown(reference) }
            storage.deleteManifest(digest, in: name)
        } else {
            guard RepositoryName.isValidTag(reference), storage.resolve(tag: reference, in: name) != nil else {
                throw Self.manifestUnknown(reference)
            }
            storage.deleteTag(reference, in: name)
        }
        return Response(status: .accepted)
    }

    /// A tag or digest to the digest of the manifest it names.
    func resolve(_ reference: String, in name: String) throws -> Digest {
        if reference.contains(":") { return try Self.digest(reference) }
        guard RepositoryName.isValidTag(reference) else { throw Self.manifestUnknown(reference) }
        guard let digest = storage.resolve(tag: reference, in: name) else { throw Self.manifestUnknown(reference) }
        return digest
    }

    static func manifestUnknown(_ reference: String) -> Failure {
        Failure(status: .notFound, code: DistributionError.manifestUnknown, message: "manifest unknown: \(reference)")
    }

    static func manifestInvalid(_ message: String) -> Failure {
        Failure(status: .badRequest, code: DistributionError.manifestInvalid, message: message)
    }
}
