import Archive
import Crypto
import Dockerfile
import Foundation
import OCI
import Runtime
import UnionFS

/// COPY and ADD: which entries of a tree go where, the hash the cache compares them by, and
/// writing them into a container's layer.
struct CopyStep {
    enum Origin {
        /// The build context.
        case context
        /// `--from`: a stage's or an image's files.
        case image(String)
    }

    let keyword: String
    let sources: [String]
    let inline: [InlineSource]
    let destination: String
    let chown: String?
    let chmod: String?
    let origin: Origin
    /// ADD: local tar archives are unpacked into the destination.
    let unpacksArchives: Bool

    init(_ instruction: CopyInstruction) {
        keyword = "COPY"
        sources = instruction.sources.sourcePaths
        inline = instruction.sources.sourceContents
        destination = instruction.sources.destination
        chown = instruction.chown
        chmod = instruction.chmod
        origin = instruction.from.map { .image($0) } ?? .context
        unpacksArchives = false
    }

    /// `step` with other sources (the preflight's check of the sources without variables).
    init(keyword: String, sources: [String], step: CopyStep) {
        self.keyword = keyword
        self.sources = sources
        inline = []
        destination = step.destination.hasSuffix("/") ? step.destination : step.destination + "/"
        chown = step.chown
        chmod = step.chmod
        origin = step.origin
        unpacksArchives = step.unpacksArchives
    }

    init(_ instruction: AddInstruction) {
        keyword = "ADD"
        sources = instruction.sources.sourcePaths
        inline = instruction.sources.sourceContents
        destination = instruction.sources.destination
        chown = instruction.chown
        chmod = instruction.chmod
        origin = .context
        unpacksArchives = instruction.unpack ?? true
    }

    /// What the sources matched, and where they go.
    struct Plan {
        var entries: [SourceEntry]
        /// The destination, absolute (WORKDIR applied), without the leading `/`.
        var destination: ArchivePath
        /// Whether the destination is a folder the sources go into (`dest/` or several sources).
        var intoFolder: Bool
    }

    /// Matches the sources in `tree` and works out the destination.
    /// - Throws: ``BuildError`` for a URL, a missing source, a path outside the context, or several
    ///   sources into a destination that is not a folder.
    func plan(in tree: any FileTree, workingDirectory: String?, at location: SourceLocation) throws -> Plan {
        var entries: [SourceEntry] = []
        for source in sources {
            if source.hasPrefix("http://") || source.hasPrefix("https://") {
                throw BuildError(
                    .unsupported,
                    "\(keyword) failed: layerlab builds offline and cannot download \(source); "
                        + "put the file in the build context and \(keyword) it from there", at: location)
            }
            let matched = try reportingFailure(at: location) { try tree.matches(source) }
            guard !matched.isEmpty else { throw missing(source, at: location) }
            for path in matched {
                guard let found = try reportingFailure(at: location, { try tree.resolve(path) }) else {
                    throw missing(path, at: location)
                }
                entries.append(found)
            }
        }
        let absolute =
            destination.hasPrefix("/") ? destination : (workingDirectory ?? "/") + "/" + destination
        let count = entries.count + inline.count
        let intoFolder = destination.hasSuffix("/") || destination.hasSuffix("/.") || count > 1
        if count > 1 && !(destination.hasSuffix("/") || destination.hasSuffix("/.")) {
            throw BuildError(
                .invalidDockerfile,
                "When using \(keyword) with more than one source file, the destination must be a directory "
                    + "and end with a /", at: location)
        }
        let target: ArchivePath
        do {
            target = try ArchivePath(absolute).normalized()
        } catch {
            throw BuildError(.invalidDockerfile, "bad destination \(destination)", at: location, cause: error)
        }
        return Plan(entries: entries, destination: target, intoFolder: intoFolder)
    }

    /// `body`'s result; a ``BuildError`` it throws says which instruction failed and where.
    private func reportingFailure<T>(at location: SourceLocation, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BuildError {
            throw BuildError(error.code, "\(keyword) failed: \(error.message)", at: location, cause: error)
        }
    }

    /// The legacy builder's error for a source that is not in the tree (or not reached inside it).
    private func missing(_ source: String, at location: SourceLocation) -> BuildError {
        let what =
            if case .image(let name) = origin { "in \(name)" } else {
                "in build context or excluded by .dockerignore"
            }
        return BuildError(
            .missingSource, "\(keyword) failed: file not found \(what): stat \(source): file does not exist",
            at: location)
    }

    /// The cache's view of the sources, as the legacy builder hashes them (``ClassicSourceHash``):
    /// `file:<sha256>`, `dir:<sha256>` or `multi:<sha256>`.
    func contentHash(of plan: Plan, in tree: any FileTree) throws -> String {
        var hashes = try plan.entries.map { top in
            let walked = try Self.walk(top, in: tree).map { entry in
                (
                    entry,
                    ClassicSourceHash.entrySum(
                        entry, contents: entry.kind == .regular ? try tree.contents(of: entry) : [])
                )
            }
            return ClassicSourceHash.sourceHash(walked)
        }
        // Heredoc files are BuildKit's alone; they join the sum as more sources would.
        for file in inline {
            hashes.append(
                "file:" + ClassicSourceHash.hex(SHA256.hash(data: Array("\(file.path)\u{0}\(file.data)".utf8))))
        }
        return ClassicSourceHash.combined(hashes)
    }

    /// Writes the plan's entries into `layer`.
    func perform(
        _ plan: Plan, from tree: any FileTree, into layer: ContainerLayer, time: TarTime?, at location: SourceLocation
    ) throws {
        let owner = try ownerIDs(in: layer.merged, at: location)
        var mode: UInt32?
        if let chmod {
            guard let parsed = UInt32(chmod, radix: 8), parsed <= 0o7777 else {
                throw BuildError(.invalidDockerfile, "invalid chmod parameter: \(chmod)", at: location)
            }
            mode = parsed
        }
        let copier = LayerCopier(layer: layer, tree: tree, owner: owner, chmod: mode, time: time)
        // The image's links on the way are followed inside its root, as moby and BuildKit do: a
        // base image's `/app -> /srv/app` receives the files in `/srv/app`, never a path of this machine.
        let destination = try layer.merged.pathInScope(plan.destination)
        let destinationIsFolder = try plan.intoFolder || layer.merged.lookup(destination)?.kind == .directory
        for entry in plan.entries {
            if entry.kind == .directory {
                try copier.copy(entry, to: destination)
                continue
            }
            let target = destinationIsFolder ? destination.appending(Array(entry.name.utf8)) : destination
            if unpacksArchives, entry.kind == .regular, case .context = origin,
                let archive = try ArchiveUnpacker.tarBytes(try tree.contents(of: entry))
            {
                try layer.makeFolders(destination)
                try ArchiveUnpacker(layer: layer, time: time).unpack(archive, into: destination, at: location)
                continue
            }
            try copier.copy(entry, to: target)
        }
        for file in inline {
            let target = destinationIsFolder ? destination.appending(Array(file.path.utf8)) : destination
            try layer.makeFolders(target.parent)
            try layer.write(target, contents: Array(file.data.utf8), mode: mode ?? 0o644)
            if let time { try layer.setModificationTime(target, time) }
        }
    }

    /// `--chown=user[:group]` in the image's own user database; root without it. A user without a
    /// group gets the group of the same number, as Docker does.
    private func ownerIDs(in view: UnionView, at location: SourceLocation) throws -> (uid: Int, gid: Int) {
        guard let chown, !chown.isEmpty else { return (0, 0) }
        do {
            let user = try ContainerUser.resolve(chown, in: view)
            return (Int(user.uid), chown.contains(":") ? Int(user.gid) : Int(user.uid))
        } catch {
            throw BuildError(.invalidDockerfile, "\(keyword) --chown=\(chown): \(error)", at: location, cause: error)
        }
    }

    /// `top` and everything below it, parents first.
    static func walk(_ top: SourceEntry, in tree: any FileTree) throws -> [SourceEntry] {
        var result: [SourceEntry] = []
        var pending = [top]
        while let next = pending.popLast() {
            result.append(next)
            if next.kind == .directory { pending += try tree.children(of: next).reversed() }
        }
        return result
    }
}
