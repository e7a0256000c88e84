import Archive
import Foundation
import UnionFS

/// The built-ins that change files: `mkdir`, `touch`, `rm`, `ln`, `chmod` and `chown`, with
/// busybox's options and messages. Every change goes through the container's read-write layer
/// (copy-up, whiteouts), never to a lower layer.
extension Builtins {
    static let fileBuiltins: [String: Builtin] = [
        "mkdir": Builtin(run: mkdir),
        "touch": Builtin(run: touch),
        "rm": Builtin(run: rm),
        "ln": Builtin(run: ln),
        "chmod": Builtin(run: chmod),
        "chown": Builtin(run: chown),
    ]

    /// The file mode creation mask of every shell: files 0644, directories 0755.
    static let umask: UInt32 = 0o022

    /// `mkdir [-p] [-m MODE] DIRECTORY…`.
    private static func mkdir(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        var arguments = invocation.arguments
        var mode: UInt32 = 0o777 & ~umask
        if let index = arguments.firstIndex(of: "-m"), index + 1 < arguments.count {
            guard let parsed = FileMode.parse(arguments[index + 1], applyingTo: 0o777, umask: umask) else {
                return invocation.fail("invalid mode '\(arguments[index + 1])'")
            }
            mode = parsed
            arguments.removeSubrange(index...(index + 1))
        }
        var parsing = invocation
        parsing.arguments = arguments
        guard let (flags, directories) = parsing.options("pv") else { return 1 }
        var status: Int32 = 0
        for directory in directories {
            do {
                if flags.contains("p") {
                    try makeParents(directory, mode: mode, shell: shell)
                } else {
                    try makeDirectory(directory, mode: mode, shell: shell)
                }
            } catch {
                status = invocation.fail("can't create directory '\(directory)': \(try reason(error))")
            }
        }
        return status
    }

    private static func makeDirectory(_ path: String, mode: UInt32, shell: Shell) throws {
        guard case .missing(let target) = try shell.resolve(path, followingLast: false) else {
            throw UnionError(.alreadyExists, "exists")
        }
        try shell.layer.mkdir(target, mode: mode)
        try shell.ownNewEntry(target)
    }

    /// `mkdir -p`: each missing folder on the way, no error for one that is there.
    private static func makeParents(_ path: String, mode: UInt32, shell: Shell) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            switch try shell.resolve(prefix, followingLast: true) {
            case .existing(let entry) where entry.kind == .directory: continue
            case .existing: throw UnionError(.alreadyExists, "exists")
            case .missing(let target):
                try shell.layer.mkdir(target, mode: mode)
                try shell.ownNewEntry(target)
            }
        }
    }

    /// `touch [-acm] [-d DATE] [-t STAMP] FILE…`: a missing file is made empty (not with `-c`);
    /// each file gets DATE, STAMP, or else the layer's time.
    private static func touch(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        var create = true
        var time: TarTime?
        var arguments = invocation.arguments[...]
        while let argument = arguments.first, argument.hasPrefix("-"), argument.count > 1 {
            arguments.removeFirst()
            if argument == "--" { break }
            var letters = argument.dropFirst()
            while let letter = letters.popFirst() {
                switch letter {
                case "a", "m": continue
                case "c": create = false
                case "d", "t":
                    guard let value = letters.isEmpty ? arguments.popFirst() : String(letters) else {
                        return invocation.fail("option requires an argument -- '\(letter)'")
                    }
                    letters = ""
                    let now = shell.layer.modificationTime
                    let parsed = letter == "d" ? TouchDate.date(value, now: now) : TouchDate.stamp(value, now: now)
                    guard let parsed else { return invocation.fail("invalid date '\(value)'") }
                    time = parsed
                default:
                    return invocation.fail("invalid option -- '\(letter)'")
                }
            }
        }
        var status: Int32 = 0
        for file in arguments {
            do {
                let path: ArchivePath
                switch try shell.resolve(file, followingLast: true) {
                case .existing(let entry):
                    path = entry.path
                    if time == nil { try shell.layer.touch(path) }
                case .missing(let missing):
                    guard create else { continue }
                    path = missing
                    try shell.layer.touch(path, mode: 0o666 & ~umask)
                    try shell.ownNewEntry(path)
                }
                if let time { try shell.layer.setModificationTime(path, time) }
            } catch {
                status = invocation.fail("\(file): \(try reason(error))")
            }
        }
        return status
    }

    /// `rm [-f] [-r|-R] PATH…`.
    private static func rm(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        guard let (flags, paths) = invocation.options("frRiv") else { return 1 }
        let recursive = flags.contains("r") || flags.contains("R")
        var status: Int32 = 0
        for path in paths {
            do {
                guard case .existing(let entry) = try shell.resolve(path, followingLast: false) else {
                    if !flags.contains("f") {
                        status = invocation.fail("can't remove '\(path)': No such file or directory")
                    }
                    continue
                }
                if entry.kind == .directory {
                    guard recursive else {
                        status = invocation.fail("'\(path)' is a directory")
                        continue
                    }
                    try shell.layer.removeTree(entry.path)
                } else {
                    try shell.layer.remove(entry.path)
                }
            } catch {
                if flags.contains("f"), (error as? PathProblem) != nil { continue }
                status = invocation.fail("can't remove '\(path)': \(try reason(error))")
            }
        }
        return status
    }

    /// `ln [-s] [-f] [-n] TARGET [LINK]` and `ln [-sfn] TARGET… DIRECTORY`.
    private static func ln(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        guard let (flags, operands) = invocation.options("sfnv") else { return 1 }
        guard let first = operands.first else { return invocation.fail("missing operand") }
        let targets = operands.count == 1 ? [first] : Array(operands.dropLast())
        let destination = operands.count == 1 ? "." : operands[operands.count - 1]
        let intoDirectory =
            operands.count == 1 || isDirectory(destination, shell: shell, following: !flags.contains("n"))
        if targets.count > 1 && !intoDirectory { return invocation.fail("'\(destination)' is not a directory") }
        var status: Int32 = 0
        for target in targets {
            let link = intoDirectory ? destination + "/" + (target as NSString).lastPathComponent : destination
            do {
                var resolved = try shell.resolve(link, followingLast: false)
                if case .existing(let entry) = resolved {
                    guard flags.contains("f"), entry.kind != .directory else {
                        status = invocation.fail("\(link): File exists")
                        continue
                    }
                    try shell.layer.remove(entry.path)
                    resolved = .missing(entry.path)
                }
                if flags.contains("s") {
                    try shell.layer.symlink(resolved.path, to: ArchivePath(target))
                } else {
                    guard case .existing(let source) = try shell.resolve(target, followingLast: false) else {
                        throw PathProblem.notFound
                    }
                    try shell.layer.hardLink(resolved.path, to: source.path)
                }
                try shell.ownNewEntry(resolved.path)
            } catch {
                status = invocation.fail("\(link): \(try reason(error))")
            }
        }
        return status
    }

    static func isDirectory(_ path: String, shell: Shell, following: Bool) -> Bool {
        guard case .existing(let entry)? = try? shell.resolve(path, followingLast: following) else { return false }
        return entry.kind == .directory
    }

    /// `chmod [-R] MODE FILE…`, MODE octal or symbolic (`u+x,go-w`, `a=r`).
    private static func chmod(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        var arguments = invocation.arguments[...]
        let recursive = arguments.first == "-R"
        if recursive { arguments = arguments.dropFirst() }
        guard let modeText = arguments.popFirst(), !arguments.isEmpty else { return invocation.fail("missing operand") }
        var status: Int32 = 0
        for file in arguments {
            do {
                guard case .existing(let top) = try shell.resolve(file, followingLast: true) else {
                    throw PathProblem.notFound
                }
                for entry in recursive ? try shell.tree(at: top) : [top] where entry.kind != .symlink {
                    guard
                        let mode = FileMode.parse(
                            modeText, applyingTo: entry.mode, umask: umask, isDirectory: entry.kind == .directory)
                    else {
                        return invocation.fail("invalid mode '\(modeText)'")
                    }
                    try shell.layer.setMode(entry.path, mode)
                }
            } catch {
                status = invocation.fail("\(file): \(try reason(error))")
            }
        }
        return status
    }

    /// `chown [-R] [-h] OWNER[:[GROUP]] FILE…`, names looked up in the image's own
    /// `/etc/passwd` and `/etc/group`.
    private static func chown(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        guard let (flags, operands) = invocation.options("Rhv") else { return 1 }
        guard let owner = operands.first, operands.count > 1 else { return invocation.fail("missing operand") }
        guard let (uid, gid) = ownerIDs(owner, shell: shell) else {
            return invocation.fail("unknown user/group \(owner)")
        }
        guard geteuid() == 0 else {
            return invocation.fail(
                "\(owner): Operation not permitted (layerlab is not running as root, so it cannot give files away)")
        }
        var status: Int32 = 0
        for file in operands.dropFirst() {
            do {
                guard case .existing(let top) = try shell.resolve(file, followingLast: !flags.contains("h")) else {
                    throw PathProblem.notFound
                }
                for entry in flags.contains("R") ? try shell.tree(at: top) : [top] {
                    try shell.layer.setOwner(entry.path, uid: uid ?? entry.uid, gid: gid ?? entry.gid)
                }
            } catch {
                status = invocation.fail("\(file): \(try reason(error))")
            }
        }
        return status
    }

    /// `user`, `user:group`, `user:` (the user's login group), `:group`; names or numbers.
    private static func ownerIDs(_ text: String, shell: Shell) -> (Int?, Int?)? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let passwd = ContainerUser.entries(of: "/etc/passwd", in: shell.view)
        var uid: Int?
        var gid: Int?
        if let name = parts.first, !name.isEmpty {
            if let fields = passwd.first(where: { $0.count > 3 && $0[0] == name }) {
                uid = Int(fields[2])
                if parts.count == 2 && parts[1].isEmpty { gid = Int(fields[3]) }
            } else if let number = Int(name), number >= 0 {
                uid = number
            } else {
                return nil
            }
        }
        if parts.count == 2, !parts[1].isEmpty {
            let group = parts[1]
            if let fields = ContainerUser.entries(of: "/etc/group", in: shell.view).first(where: {
                $0.count > 2 && $0[0] == group
            }) {
                gid = Int(fields[2])
            } else if let number = Int(group), number >= 0 {
                gid = number
            } else {
                return nil
            }
        }
        return (uid, gid)
    }
}

extension Shell {
    /// `top` and, for a directory, everything below it, parents first; symlinks are entries,
    /// never followed. Iterative (R-X12).
    func tree(at top: MergedEntry) throws -> [MergedEntry] {
        var result: [MergedEntry] = []
        var pending = [top]
        while let entry = pending.popLast() {
            result.append(entry)
            if entry.kind == .directory { pending += try view.list(entry.path).reversed() }
        }
        return result
    }
}
