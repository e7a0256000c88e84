import Foundation
import OCI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The embedded registry's files, laid out like distribution's filesystem driver (simplified):
///
/// ```
/// blobs/sha256/<hex>                                  content, named by digest (R-S1)
/// repositories/<name>/_layers/sha256/<hex>            the blob belongs to the repository
/// repositories/<name>/_manifests/revisions/sha256/<hex>   the manifest's media type
/// repositories/<name>/_manifests/tags/<tag>           the digest the tag points to
/// uploads/<uuid>/{data,repository}                    upload sessions
/// search.json                                         descriptions, stars, official flags for `/v1/search`
/// ```
/// Every name is validated before it becomes a path (R-S3); every file is written to a temporary
/// file, fsynced and renamed, so a reader sees all of it or none (R-S2).
struct RegistryStorage: Sendable {
    let root: String

    var blobs: String { root + "/blobs/sha256" }
    var repositories: String { root + "/repositories" }
    var uploads: String { root + "/uploads" }
    var searchCatalog: String { root + "/search.json" }

    init(root: String) throws(RegistryError) {
        self.root = root
        for folder in [blobs, repositories, uploads] { try Self.makeFolder(folder) }
    }

    func blob(_ digest: Digest) -> String { "\(root)/blobs/\(digest.algorithm.rawValue)/\(digest.encoded)" }
    func repository(_ name: String) -> String { repositories + "/" + name }
    func layerLink(_ name: String, _ digest: Digest) -> String {
        "\(repository(name))/_layers/\(digest.algorithm.rawValue)/\(digest.encoded)"
    }
    func revision(_ name: String, _ digest: Digest) -> String {
        "\(repository(name))/_manifests/revisions/\(digest.algorithm.rawValue)/\(digest.encoded)"
    }
    func tagsFolder(_ name: String) -> String { repository(name) + "/_manifests/tags" }
    func tag(_ name: String, _ tag: String) -> String { tagsFolder(name) + "/" + tag }
    func upload(_ id: UploadID) -> String { uploads + "/" + id.value }

    // MARK: Queries

    func hasBlob(_ digest: Digest, in name: String) -> Bool {
        Self.exists(layerLink(name, digest)) && Self.exists(blob(digest))
    }

    func blobSize(_ digest: Digest) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: blob(digest)))?[.size].flatMap {
            ($0 as? NSNumber)?.int64Value
        }
    }

    func repositoryExists(_ name: String) -> Bool {
        Self.exists(repository(name) + "/_manifests") || Self.exists(repository(name) + "/_layers")
    }

    /// Every repository that holds at least one manifest, sorted.
    func repositoryNames() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: repositories) else { return [] }
        var names: [String] = []
        while let entry = enumerator.nextObject() as? String {
            if entry.hasSuffix("/_manifests") {
                names.append(String(entry.dropLast("/_manifests".count)))
                enumerator.skipDescendants()
            } else if entry.hasSuffix("/_layers") || entry.hasSuffix("/_uploads") {
                enumerator.skipDescendants()
            }
        }
        return names.filter(RepositoryName.isValid).sorted()
    }

    func tags(_ name: String) -> [String] {
        Self.list(tagsFolder(name)).filter(RepositoryName.isValidTag).sorted()
    }

    /// The digest a tag points to.
    func resolve(tag: String, in name: String) -> Digest? {
        guard let text = try? String(contentsOfFile: self.tag(name, tag), encoding: .utf8) else { return nil }
        return try? Digest(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The media type a manifest was pushed with, if the repository has it.
    func manifestMediaType(_ digest: Digest, in name: String) -> MediaType? {
        guard let text = try? String(contentsOfFile: revision(name, digest), encoding: .utf8),
            Self.exists(blob(digest))
        else { return nil }
        return MediaType(text)
    }

    // MARK: Changes

    func link(_ digest: Digest, into name: String) throws(RegistryError) {
        try Self.writeAtomically([], to: layerLink(name, digest))
    }

    func storeManifest(_ bytes: [UInt8], digest: Digest, mediaType: MediaType, in name: String, tag: String?)
        throws(RegistryError)
    {
        if !Self.exists(blob(digest)) { try Self.writeAtomically(bytes, to: blob(digest)) }
        try Self.writeAtomically(Array(mediaType.rawValue.utf8), to: revision(name, digest))
        if let tag { try Self.writeAtomically(Array(digest.description.utf8), to: self.tag(name, tag)) }
    }

    /// Removes a manifest from a repository and every tag that points to it.
    func deleteManifest(_ digest: Digest, in name: String) {
        for tag in tags(name) where resolve(tag: tag, in: name) == digest {
            try? FileManager.default.removeItem(atPath: self.tag(name, tag))
        }
        try? FileManager.default.removeItem(atPath: revision(name, digest))
    }

    func deleteTag(_ tag: String, in name: String) { try? FileManager.default.removeItem(atPath: self.tag(name, tag)) }

    func unlink(_ digest: Digest, from name: String) {
        try? FileManager.default.removeItem(atPath: layerLink(name, digest))
    }

    /// Moves a verified upload into the blob store: the commit point of an upload (R-E1).
    func commitUpload(at path: String, as digest: Digest, into name: String) throws(RegistryError) {
        let target = blob(digest)
        if !Self.exists(target) {
            try Self.makeFolder((target as NSString).deletingLastPathComponent)
            guard rename(path, target) == 0 else { throw Self.ioError("rename into", target) }
            Self.syncFolder((target as NSString).deletingLastPathComponent)
        }
        try link(digest, into: name)
    }

    // MARK: File helpers

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
    }

    static func makeFolder(_ path: String) throws(RegistryError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RegistryError(.io, "cannot create folder \(path): \(error)", cause: error)
        }
    }

    static func ioError(_ what: String, _ path: String) -> RegistryError {
        RegistryError(.io, "cannot \(what) \(path): \(String(cString: strerror(errno)))")
    }

    /// Temporary file in the same folder, fsync, rename, fsync the folder (R-S2).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(RegistryError) {
        let folder = (path as NSString).deletingLastPathComponent
        try makeFolder(folder)
        let staging = "\(folder)/.tmp-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(staging, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("create", staging) }
        var failed = false
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                offset += written
            }
        }
        if !failed && fsync(fd) != 0 { failed = true }
        close(fd)
        guard !failed, rename(staging, path) == 0 else {
            let error = ioError("write", path)
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        syncFolder(folder)
    }

    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// An upload session's ID: a UUID, lowercase, checked before it becomes a path (R-E1).
struct UploadID: Hashable, Sendable {
    let value: String

    init() { value = UUID().uuidString.lowercased() }

    init?(validating text: Substring) {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: String(text)) else { return nil }
        value = uuid.uuidString.lowercased()
        guard value == text.lowercased() else { return nil }
    }
}
