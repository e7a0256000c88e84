import Archive
import Dockerfile
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The build context: a folder of the host whose files COPY and ADD may read, less what its
/// `.dockerignore` excludes (the Dockerfile and `.dockerignore` are always there for the
/// builder itself). Symlinks are entries, never followed, so nothing outside it is read.
public struct BuildContext: Sendable, FileTree {
    public let root: String
    let ignore: DockerIgnore?

    /// - Throws: ``BuildError/Code/invalidContext`` when the folder is missing or `.dockerignore` is malformed.
    public init(folder: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildError(.invalidContext, "unable to prepare context: path \"\(folder)\" not found")
        }
        root = (folder as NSString).standardizingPath
        let ignoreFile = root + "/.dockerignore"
        if let text = try? String(contentsOfFile: ignoreFile, encoding: .utf8) {
            do {
                ignore = try DockerIgnore(contents: text)
            } catch {
                throw BuildError(.invalidContext, "failed to parse .dockerignore: \(error)", cause: error)
            }
        } else {
            ignore = nil
        }
    }

    /// Whether `.dockerignore` leaves `path` out.
    func isExcluded(_ path: String) -> Bool {
        guard let ignore, !path.isEmpty else { return false }
        return ignore.excludes(path)
    }

    func entry(_ path: String) throws -> SourceEntry? {
        guard !isExcluded(path) else { return nil }
        var info = stat()
        guard lstat(path.isEmpty ? root : root + "/" + path, &info) == 0 else { return nil }
        let kind: SourceEntry.Kind
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFREG: kind = .regular
        default: return nil  // devices, fifos and sockets are not sent as context
        }
        let target =
            kind == .symlink ? try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + path) : nil
        return SourceEntry(
            path: path, kind: kind, mode: UInt32(info.st_mode) & 0o7777, uid: Int(info.st_uid), gid: Int(info.st_gid),
            size: kind == .regular ? Int64(info.st_size) : 0,
            modificationTime: TarTime(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int32(info.st_mtim.tv_nsec)),
            linkTarget: target)
    }

    func children(of directory: SourceEntry) throws -> [SourceEntry] {
        let folder = directory.path.isEmpty ? root : root + "/" + directory.path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        return try names.compactMap { try entry(directory.path.isEmpty ? $0 : directory.path + "/" + $0) }
    }

    func contents(of file: SourceEntry) throws -> [UInt8] {
        var source = try FileSource(path: root + "/" + file.path)
        return try source.readAll(limit: Int(clamping: file.size) + 1)
    }

    /// The Dockerfile's text: `-f` relative to the context (or absolute), `Dockerfile` by default.
    /// - Throws: ``BuildError/Code/invalidContext`` when it cannot be read.
    public func dockerfile(_ name: String?) throws -> (path: String, text: String) {
        let given = name ?? "Dockerfile"
        let path = given.hasPrefix("/") ? given : root + "/" + given
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BuildError(
                .invalidContext,
                "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat \(path): "
                    + "no such file or directory")
        }
        return (path, text)
    }

    /// The context's size as the legacy builder reports it in `Sending build context`.
    public func size() throws -> Int64 {
        var total: Int64 = 0
        var pending = try entry("").map { [$0] } ?? []
        while let next = pending.popLast() {
            total += next.size
            if next.kind == .directory { pending += try children(of: next) }
        }
        return total
    }

    /// The tar bytes of `bytes` when they are a tar archive, plain or gzip-compressed; `nil`
    /// otherwise (`build -` then reads them as a Dockerfile).
    public static func tarArchive(_ bytes: [UInt8]) throws -> [UInt8]? { try ArchiveUnpacker.tarBytes(bytes) }
}
