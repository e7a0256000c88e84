import Archive
import Foundation
import UnionFS

/// Where one of a command's descriptors goes: the container's standard output or error, a file
/// of the container (written into its read-write layer when the command ends), or nowhere.
final class CommandStream {
    enum Target {
        /// One of the command's own streams (``RunIO``).
        case receiver(RunIO.Receiver)
        /// A file of the container, by its resolved path; the redirection created or truncated it.
        case file(ArchivePath)
        /// `/dev/null`.
        case discard
    }

    let target: Target
    private var pending: [UInt8] = []

    init(_ target: Target) {
        self.target = target
    }

    func write(_ bytes: [UInt8]) {
        switch target {
        case .receiver(let receive): receive(bytes)
        case .file: pending += bytes
        case .discard: break
        }
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    /// Appends what was written to a file target, in one change of the layer.
    func flush(to layer: ContainerLayer) throws {
        guard case .file(let path) = target, !pending.isEmpty else { return }
        try layer.append(path, contents: pending)
        pending = []
    }
}

/// A command's three standard descriptors after its redirections.
struct CommandStreams {
    var input: [UInt8] = []
    var output: CommandStream
    var error: CommandStream

    /// Writes file targets into the layer (each stream once, even when `2>&1` shares it).
    func flush(to layer: ContainerLayer) throws {
        try output.flush(to: layer)
        if error !== output { try error.flush(to: layer) }
    }
}
