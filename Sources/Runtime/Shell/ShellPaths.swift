import Archive
import Foundation
import UnionFS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A path of the container as a program inside it sees it: relative to the working directory,
/// with symlinks followed inside the merged view (an absolute target starts again at the
/// container's root, so nothing leads out of it, R-X8).
enum ResolvedPath {
    /// The entry there (for `followingLast`, the symlink's final target).
    case existing(MergedEntry)
    /// Nothing is there, but its parent is a directory: the path something new would get.
    case missing(ArchivePath)

    var exists: Bool { if case .existing = self { true } else { false } }

    /// The path in the merged view, without a leading `/`.
    var path: ArchivePath {
        switch self {
        case .existing(let entry): entry.path
        case .missing(let path): path
        }
    }
}

/// Why a path does not resolve, as the C library's `strerror` says it.
struct PathProblem: Error, CustomStringConvertible {
    var description: String

    static let notFound = PathProblem(description: "No such file or directory")
    static let notADirectory = PathProblem(description: "Not a directory")
    static let loop = PathProblem(description: "Symbolic link loop")
}

extension Shell {
    /// The Linux limit on symlinks followed in one lookup (`MAXSYMLINKS`).
    static let maximumSymlinks = 40

    /// Resolves `path` as the kernel would inside the container.
    /// - Parameter followingLast: whether a symlink as the last component is followed
    ///   (`stat`) or is the answer (`lstat`).
    /// - Throws: ``PathProblem`` when a parent is missing or not a directory, or for a loop.
    func resolve(_ path: String, followingLast: Bool) throws -> ResolvedPath {
        let start = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        var pending = start.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var hops = 0
        let view = self.view
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = resolved + [component]
            let isLast = pending.isEmpty
            guard let entry = try view.lookup(ArchivePath(candidate.joined(separator: "/"))) else {
                if isLast { return .missing(ArchivePath(candidate.joined(separator: "/"))) }
                throw PathProblem.notFound
            }
            if entry.kind == .symlink && (!isLast || followingLast), let target = entry.linkTarget?.description {
                hops += 1
                guard hops <= Self.maximumSymlinks else { throw PathProblem.loop }
                if target.hasPrefix("/") { resolved = [] }
                pending = target.split(separator: "/").map(String.init) + pending
                continue
            }
            guard isLast || entry.kind == .directory else { throw PathProblem.notADirectory }
            resolved = candidate
        }
        guard let entry = try view.lookup(ArchivePath(resolved.joined(separator: "/"))) else {
            throw PathProblem.notFound
        }
        return .existing(entry)
    }

    /// `path` made absolute against the working directory, without looking at the file system:
    /// how `cd` keeps `PWD` logical.
    func absolute(_ path: String) -> String { ContainerPath.absolute(path, in: workingDirectory) }

    /// Gives a new entry the shell's user as owner when that is not root (a program running as
    /// that user creates files it owns). Only root can give files away: run unprivileged,
    /// layerlab's files keep its own owner, as an unprivileged extraction does.
    func ownNewEntry(_ path: ArchivePath) throws {
        guard user.uid != 0 || user.gid != 0, geteuid() == 0 else { return }
        try layer.setOwner(path, uid: Int(user.uid), gid: Int(user.gid))
    }

    // MARK: - Redirections

    /// The command's descriptors after its redirections, applied left to right; `nil` when one
    /// cannot be made (the message is written, the status is 1, as sh does).
    func redirect(_ redirections: [Redirection]) throws -> CommandStreams? {
        var result = CommandStreams(input: streams.input, output: streams.output, error: streams.error)
        for redirection in redirections {
            let target = try string(of: redirection.target)
            switch redirection.operation {
            case .duplicate:
                switch (redirection.descriptor, target) {
                case (2, "1"): result.error = result.output
                case (1, "2"): result.output = result.error
                case (0, "0"), (1, "1"), (2, "2"): break
                default:
                    throw ShellTokenizer.Unsupported(
                        construct:
                            "redirections of descriptors other than 1 and 2 (\(redirection.descriptor)>&\(target))",
                        line: line)
                }
            case .input:
                guard let input = readInput(target, streams: result) else { return nil }
                result.input = input
            case .output, .append:
                guard let stream = try openOutput(target, appending: redirection.operation == .append, streams: result)
                else { return nil }
                switch redirection.descriptor {
                case 1: result.output = stream
                case 2: result.error = stream
                default:
                    throw ShellTokenizer.Unsupported(
                        construct: "redirections of descriptor \(redirection.descriptor)", line: line)
                }
            }
        }
        return result
    }

    private func readInput(_ target: String, streams: CommandStreams) -> [UInt8]? {
        if target == "/dev/null" { return [] }
        guard case .existing(let entry)? = try? resolve(target, followingLast: true), entry.kind == .regular,
            let bytes = try? view.contents(of: entry)
        else {
            streams.error.write("\(name): can't open '\(target)': No such file\n")
            return nil
        }
        return bytes
    }

    private func openOutput(_ target: String, appending: Bool, streams: CommandStreams) throws -> CommandStream? {
        if target == "/dev/null" { return CommandStream(.discard) }
        let resolved: ResolvedPath
        do {
            resolved = try resolve(target, followingLast: true)
        } catch {
            streams.error.write("\(name): can't create \(target): nonexistent directory\n")
            return nil
        }
        switch resolved {
        case .existing(let entry) where entry.kind == .directory:
            streams.error.write("\(name): can't create \(target): Is a directory\n")
            return nil
        case .existing(let entry):
            if !appending { try layer.write(entry.path, contents: []) }
        case .missing(let path):
            try layer.write(path, contents: [])
            try ownNewEntry(path)
        }
        return CommandStream(.file(resolved.path))
    }
}
