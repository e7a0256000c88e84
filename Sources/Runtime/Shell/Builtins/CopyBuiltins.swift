import Archive
import Foundation
import UnionFS

/// `cp` and `mv`, which copy entries of the merged view into the read-write layer. `mv` is a
/// copy that keeps everything and then a removal, which is what a rename of a lower layer's
/// entry becomes on overlayfs too (copy-up, then a whiteout for the old name).
extension Builtins {
    static let copyBuiltins: [String: Builtin] = [
        "cp": Builtin(run: cp),
        "mv": Builtin(run: mv),
    ]

    /// `cp [-r|-R] [-a] [-p] [-d|-P] [-f] SOURCE… DESTINATION`.
    private static func cp(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        guard let (flags, operands) = invocation.options("rRapdPfLHv") else { return 1 }
        let recursive = !flags.isDisjoint(with: ["r", "R", "a"])
        let copier = TreeCopier(
            shell: shell, keepsMetadata: !flags.isDisjoint(with: ["a", "p"]),
            recursive: recursive)
        let followsTop = !recursive && flags.isDisjoint(with: ["d", "P"]) || flags.contains("L")
        return try transfer(operands, invocation: invocation, shell: shell) { source, destination in
            guard case .existing(let entry) = try shell.resolve(source, followingLast: followsTop) else {
                throw PathProblem.notFound
            }
            guard entry.kind != .directory || recursive else {
                return invocation.fail("omitting directory '\(source)'")
            }
            try copier.copy(entry, to: destination, replacing: true)
            return 0
        }
    }

    /// `mv [-f] SOURCE… DESTINATION`.
    private static func mv(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        guard let (_, operands) = invocation.options("fniv") else { return 1 }
        let copier = TreeCopier(shell: shell, keepsMetadata: true, recursive: true)
        return try transfer(operands, invocation: invocation, shell: shell) { source, destination in
            guard case .existing(let entry) = try shell.resolve(source, followingLast: false) else {
                throw PathProblem.notFound
            }
            if case .existing(let existing) = try shell.resolve(destination.description, followingLast: false),
                existing.path == entry.path
            {
                return 0
            }
            try copier.copy(entry, to: destination, replacing: true)
            try shell.layer.removeTree(entry.path)
            return 0
        }
    }

    /// The operand rules `cp` and `mv` share: the last operand is a directory to copy into, or,
    /// with one source, the new name.
    private static func transfer(
        _ operands: [String], invocation: Invocation, shell: Shell,
        _ body: (_ source: String, _ destination: ArchivePath) throws -> Int32
    ) throws -> Int32 {
        guard operands.count >= 2, let destination = operands.last else {
            return invocation.fail("missing destination file operand")
        }
        let intoDirectory = isDirectory(destination, shell: shell, following: true)
        let sources = operands.dropLast()
        if sources.count > 1 && !intoDirectory { return invocation.fail("'\(destination)' is not a directory") }
        var status: Int32 = 0
        for source in sources {
            let name = intoDirectory ? destination + "/" + (source as NSString).lastPathComponent : destination
            do {
                let target = try shell.resolve(name, followingLast: true).path
                if case .existing(let from)? = try? shell.resolve(source, followingLast: false),
                    from.kind == .directory, target.description.hasPrefix(from.path.description + "/")
                {
                    status = invocation.fail("can't copy a directory into itself: '\(source)'")
                    continue
                }
                let result = try body(source, target)
                if result != 0 { status = result }
            } catch {
                status = invocation.fail("can't stat '\(source)': \(try reason(error))")
            }
        }
        return status
    }
}

/// Copies an entry (and, recursively, a directory's entries) of the merged view to a new path
/// in the read-write layer.
private struct TreeCopier {
    let shell: Shell
    /// `cp -p`/`-a` and `mv`: mode, owner and times as the source has them. Otherwise new files
    /// get the source's mode less the umask, the shell's user and the layer's time.
    let keepsMetadata: Bool
    let recursive: Bool

    var layer: ContainerLayer { shell.layer }

    func copy(_ top: MergedEntry, to destination: ArchivePath, replacing: Bool) throws {
        var pending: [(MergedEntry, ArchivePath)] = [(top, destination)]
        var directories: [(MergedEntry, ArchivePath)] = []
        while let (entry, target) = pending.popLast() {
            try copyOne(entry, to: target)
            guard entry.kind == .directory, recursive else { continue }
            directories.append((entry, target))
            for child in try shell.view.list(entry.path).reversed() {
                pending.append((child, target.appending(child.path.lastComponent ?? [])))
            }
        }
        // Directory times last: copying their entries changed them.
        guard keepsMetadata else { return }
        for (entry, target) in directories.reversed() { try layer.setModificationTime(target, entry.modificationTime) }
    }

    private func copyOne(_ entry: MergedEntry, to target: ArchivePath) throws {
        let existing = try layer.merged.lookup(target)
        if let existing, existing.kind != .directory || entry.kind != .directory {
            if existing.kind == .regular && entry.kind == .regular && !keepsMetadata {
                try layer.write(target, contents: try shell.view.contents(of: entry))
                return
            }
            try layer.removeTree(target)
        }
        switch entry.kind {
        case .regular:
            try layer.write(target, contents: try shell.view.contents(of: entry), mode: newMode(entry))
        case .directory:
            if existing == nil { try layer.mkdir(target, mode: newMode(entry)) }
        case .symlink:
            guard let link = entry.linkTarget else { throw UnionError(.notFound, "a symlink without target") }
            try layer.symlink(target, to: link)
        case .characterDevice, .blockDevice, .fifo, .socket:
            throw UnionError(.notARegularFile, "special files cannot be copied by the built-in shell")
        }
        if keepsMetadata {
            if shell.user.uid == 0 { try layer.setOwner(target, uid: entry.uid, gid: entry.gid) }
            if entry.kind != .directory { try layer.setModificationTime(target, entry.modificationTime) }
        } else {
            try shell.ownNewEntry(target)
        }
    }

    private func newMode(_ entry: MergedEntry) -> UInt32 {
        keepsMetadata ? entry.mode : entry.mode & ~Builtins.umask
    }
}
