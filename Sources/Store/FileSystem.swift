import Archive
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file operations the store is built from, each safe against a crash in the middle (R-S2).
enum FileSystem {
    /// Writes `bytes` to `path` so that readers see the old file or the new one, never a part:
    /// a temporary file in the same folder, fsync, rename over the target, fsync of the folder.
    /// - Throws: ``StoreError/Code/invalidInput`` for more than ``recordLimit`` bytes, which the store
    ///   could not read back: a record too large is never written.
    static func writeAtomically(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o600) throws(StoreError) {
        guard bytes.count <= recordLimit else {
            throw StoreError(
                .invalidInput,
                "\((path as NSString).lastPathComponent) would be \(bytes.count) bytes, more than the \(recordLimit) "
                    + "the store reads back")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let staging = "\(folder)/.tmp-\((path as NSString).lastPathComponent)-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(staging, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw .io("cannot create", path: staging, errno: errno) }
        var failure: StoreError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
                let written = write(fd, rest.baseAddress, rest.count)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .io("cannot write", path: staging, errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = .io("cannot sync", path: staging, errno: errno) }
        close(fd)
        if let failure {
            unlink(staging)
            throw failure
        }
        guard rename(staging, path) == 0 else {
            let code = errno
            unlink(staging)
            throw .io("cannot rename into", path: path, errno: code)
        }
        syncFolder(folder)
    }

    static func writeAtomically(_ text: String, to path: String) throws(StoreError) {
        try writeAtomically(Array(text.utf8), to: path)
    }

    /// Flushes a folder's entries, so a rename into it survives a crash.
    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The largest record (a config, a manifest, a container's config) the store writes and reads.
    static let recordLimit = 4 << 20

    /// The bytes of a small file, refused past `limit` so a damaged store cannot exhaust memory (R-L2).
    static func read(_ path: String, limit: Int = recordLimit) throws(StoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .io("cannot open", path: path, errno: errno) }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("cannot read", path: path, errno: errno)
            }
            if count == 0 { return result }
            result.append(contentsOf: buffer[0..<count])
            if result.count > limit {
                throw StoreError(.corrupt, "\(path) is larger than \(limit) bytes; refusing to read it")
            }
        }
    }

    static func readText(_ path: String) throws(StoreError) -> String {
        String(decoding: try read(path), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func makeFolder(_ path: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.io, "cannot create folder \(path)", cause: error)
        }
    }

    static func move(_ source: String, to destination: String) throws(StoreError) {
        guard rename(source, destination) == 0 else {
            throw .io("cannot move \(source) to", path: destination, errno: errno)
        }
        syncFolder((destination as NSString).deletingLastPathComponent)
    }

    /// Publishes a file the operation wrote itself (a download, a member of an unpacked archive)
    /// as a hard link: the same bytes as ``copy(_:to:permissions:)`` without writing them twice,
    /// and the source stays readable for another layer of the same operation that uses the same
    /// blob. Made read-only and flushed first, so the link never publishes a file a crash could
    /// leave empty. Across file systems it copies.
    static func adopt(_ source: String, to destination: String, permissions: mode_t = 0o400) throws(StoreError) {
        chmod(source, permissions)
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open", path: source, errno: errno) }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced else { throw .io("cannot sync", path: source, errno: errno) }
        guard link(source, destination) == 0 else {
            if errno == EXDEV { return try copy(source, to: destination, permissions: permissions) }
            throw .io("cannot link \(source) to", path: destination, errno: errno)
        }
        syncFolder((destination as NSString).deletingLastPathComponent)
    }

    /// Copies a file so that `destination` appears whole or not at all (a staged copy renamed into place).
    static func copy(_ source: String, to destination: String, permissions: mode_t = 0o400) throws(StoreError) {
        let folder = (destination as NSString).deletingLastPathComponent
        let staging = "\(folder)/.tmp-copy-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.copyItem(atPath: source, toPath: staging)
        } catch {
            throw StoreError(.io, "cannot copy \(source) to \(staging)", cause: error)
        }
        chmod(staging, permissions)
        let fd = open(staging, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        try move(staging, to: destination)
    }

    /// Removes a file or a whole folder, however deep and whatever its entries' modes; a missing
    /// path is not an error.
    static func remove(_ path: String) throws(StoreError) {
        do {
            try Archive.removeItem(atPath: path)
        } catch {
            throw StoreError(.io, "cannot remove \(path)", cause: error)
        }
    }

    /// The names in a folder, sorted; a missing folder has none.
    static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// A new folder under `parent` with a unique name.
    static func makeStagingFolder(in parent: String, prefix: String) throws(StoreError) -> String {
        var template = Array("\(parent)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) } != nil
        }
        guard made else { throw .io("cannot create staging folder in", path: parent, errno: errno) }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

#if canImport(Glibc)
    private let systemRead = Glibc.read
#elseif canImport(Musl)
    private let systemRead = Musl.read
#else
    private let systemRead = Darwin.read
#endif
