import Archive
import Dockerfile
import Foundation
import UnionFS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The build context: a folder of the host whose files COPY and ADD may read, less what its
/// `.dockerignore` excludes (the Dockerfile and `.dockerignore` are always there for the
/// builder itself).
///
/// The folder is a root (R-B2): every read walks down from it one component at a time with
/// `openat(O_NOFOLLOW)`, so no symlink is followed by the kernel, and a folder swapped for a
/// link while a build reads fails instead of leading out. Symlinks are followed only by
/// ``FileTree/resolve(_:)``, inside the folder.
public struct BuildContext: Sendable, FileTree {
    public let root: String
    let ignore: DockerIgnore?

    /// - Throws: ``BuildError/Code/invalidContext`` when the folder is missing or `.dockerignore` is malformed.
    public init(folder: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildError(.invalidContext, "unable to prepare context: path \"\(folder)\" not found")
        }
        let unfiltered = BuildContext(root: (folder as NSString).standardizingPath, ignore: nil)
        root = unfiltered.root
        guard let file = try unfiltered.resolve(".dockerignore"), file.kind == .regular else {
            ignore = nil
            return
        }
        do {
            ignore = try DockerIgnore(contents: String(decoding: try unfiltered.contents(of: file), as: UTF8.self))
        } catch {
            throw BuildError(.invalidContext, "failed to parse .dockerignore: \(error)", cause: error)
        }
    }

    private init(root: String, ignore: DockerIgnore?) {
        self.root = root
        self.ignore = ignore
    }

    /// Whether `.dockerignore` leaves `path` out.
    func isExcluded(_ path: String) -> Bool {
        guard let ignore, !path.isEmpty else { return false }
        return ignore.excludes(path)
    }

    func entry(_ path: String) throws -> SourceEntry? {
        let (folder, name) = Self.split(path)
        guard let name else { return try entry(of: openFolder(""), path: "") }
        guard let parent = try openFolder(folder) else { return nil }
        return try entry(named: name, in: parent, path: path)
    }

    func children(of directory: SourceEntry) throws -> [SourceEntry] {
        guard let folder = try openFolder(directory.path) else { return [] }
        return try reading(directory.path) {
            try folder.names().compactMap { name in
                let text = String(decoding: name, as: UTF8.self)
                let path = directory.path.isEmpty ? text : directory.path + "/" + text
                return isExcluded(path) ? nil : try entry(named: name, in: folder, path: path)
            }
        }
    }

    func contents(of file: SourceEntry) throws -> [UInt8] {
        let (folder, name) = Self.split(file.path)
        guard let name, let parent = try openFolder(folder) else {
            throw BuildError(.invalidContext, "cannot read \(file.path) of the build context: it is gone")
        }
        return try reading(file.path) {
            let opened = try parent.openForReading(name)
            return try withExtendedLifetime(opened) {
                var source = FileSource(fileDescriptor: opened.rawValue, owned: false, path: root + "/" + file.path)
                return try source.readAll(limit: Int(clamping: file.size) + 1)
            }
        }
    }

    /// `path`'s folder and last name (`nil` for the root).
    private static func split(_ path: String) -> (folder: String, name: [UInt8]?) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path.isEmpty ? nil : Array(path.utf8)) }
        return (String(path[..<slash]), Array(path[path.index(after: slash)...].utf8))
    }

    /// The folder at `path`, entered one component at a time without following a link; `nil`
    /// when one of them is missing or is not a folder.
    private func openFolder(_ path: String) throws -> OpenFile? {
        try reading(path.isEmpty ? "." : path) {
            var folder = try OpenFile.directory(atPath: root)
            for component in path.split(separator: "/").map({ Array($0.utf8) }) {
                guard let info = try folder.status(component), info.st_mode & S_IFMT == S_IFDIR else { return nil }
                folder = try folder.openDirectory(component)
            }
            return folder
        }
    }

    private func entry(named name: [UInt8], in folder: OpenFile, path: String) throws -> SourceEntry? {
        guard let info = try reading(path, { try folder.status(name) }) else { return nil }
        let kind: SourceEntry.Kind
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFREG: kind = .regular
        default: return nil  // devices, fifos and sockets are not sent as context
        }
        let target =
            kind == .symlink
            ? String(
                decoding: try reading(path) { try folder.linkTarget(name, size: Int(info.st_size)) }, as: UTF8.self)
            : nil
        return SourceEntry(info, path: path, kind: kind, linkTarget: target)
    }

    private func entry(of folder: OpenFile?, path: String) throws -> SourceEntry? {
        guard let folder else { return nil }
        var info = stat()
        guard fstat(folder.rawValue, &info) == 0 else {
            throw BuildError(
                .invalidContext, "cannot read the build context \(root): \(String(cString: strerror(errno)))")
        }
        return SourceEntry(info, path: path, kind: .directory, linkTarget: nil)
    }

    /// `body`'s result; a failed system call becomes an error naming the context's path.
    private func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as UnionError {
            throw BuildError(
                .invalidContext, "cannot read \(path) of the build context \(root): \(error)", cause: error)
        }
    }

    /// The Dockerfile's text: `-f` relative to the context (or absolute), `Dockerfile` by default.
    /// Like the Docker CLI, it is read wherever its path leads: it is the build's instructions,
    /// never content of the image.
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

    /// The context's size as the legacy builder reports it in `Sending build context`: the bytes of
    /// the tar stream the docker CLI would send.
    public func size() throws -> Int64 {
        var entries: [SourceEntry] = []
        var pending = try entry("").map { [$0] } ?? []
        while let next = pending.popLast() {
            entries.append(next)
            if next.kind == .directory { pending += try children(of: next) }
        }
        return ContextTarSize.bytes(of: entries)
    }

    /// The tar bytes of `bytes` when they are a tar archive, plain or gzip-compressed; `nil`
    /// otherwise (`build -` then reads them as a Dockerfile).
    public static func tarArchive(_ bytes: [UInt8]) throws -> [UInt8]? { try ArchiveUnpacker.tarBytes(bytes) }
}

extension SourceEntry {
    /// An entry of the context from its `lstat`.
    fileprivate init(_ info: stat, path: String, kind: Kind, linkTarget: String?) {
        self.init(
            path: path, kind: kind, mode: UInt32(info.st_mode) & 0o7777, uid: Int(info.st_uid), gid: Int(info.st_gid),
            size: kind == .regular ? Int64(info.st_size) : 0,
            modificationTime: TarTime(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int32(info.st_mtim.tv_nsec)),
            linkTarget: linkTarget)
    }
}
