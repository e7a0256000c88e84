import OCI
import Trace

/// The lines Docker's own commands print, drawn from a trace and from nothing else: what `pull`,
/// `push` and `rmi` show on a pipe. The command prints them as its records arrive, and
/// `layerlab trace replay` prints them again from the file, so the two are the same text.
///
/// Some lines depend on what came before (`docker push -a` names its repository once, and
/// `docker pull` ends by naming what it pulled), so a transcript is read in order, one record
/// after another, and closed with ``finish()``.
public struct DockerTranscript: Sendable {
    /// `-q`: only the lines Docker still prints when quiet (the pulled name, the push digest).
    public var quiet: Bool

    private var kind: OperationKind?
    private var pulled: [Reference] = []
    private var announced: Set<String> = []

    public init(quiet: Bool = false) {
        self.quiet = quiet
    }

    /// The lines `record` adds.
    public mutating func lines(for record: TraceRecord) -> [String] {
        switch record.event {
        case .operationStarted(let kind, _):
            self.kind = kind
            return []
        case .pullStarted(let reference):
            pulled.append(reference)
            let tag = reference.digest?.description ?? reference.tag ?? Reference.defaultTag
            return verbose(["\(tag): Pulling from \(reference.path)"])
        case .pullLayer(let digest, let step):
            if case .downloadProgress = step { return [] }
            return verbose(["\(digest.shortID): \(step.status.rawValue)"])
        case .imagePulled(let reference, let manifest, _, let upToDate):
            let status =
                (upToDate ? "Image is up to date for " : "Downloaded newer image for ") + reference.familiarString
            return verbose(["Digest: \(manifest)", "Status: \(status)"])
        case .pushStarted(let reference):
            guard announced.insert(reference.repository.description).inserted else { return [] }
            return verbose(["The push refers to repository [\(reference.repository)]"])
        case .pushLayer(let digest, let step):
            let source = if case .mountedFrom(let repository) = step { " \(repository)" } else { "" }
            return verbose(["\(digest.shortID): \(step.status.rawValue)\(source)"])
        case .imagePushed(let reference, let manifest, let size):
            return ["\(reference.tag ?? Reference.defaultTag): digest: \(manifest) size: \(size)"]
        case .tagRemoved(let reference, _) where kind == .rmi:
            return ["Untagged: \(reference.familiarString)"]
        case .imageDeleted(let id) where kind == .rmi:
            return ["Deleted: \(id)"]
        case .layerDeleted(let layer) where kind == .rmi:
            return ["Deleted: \(layer.chainID)"]
        default:
            return []
        }
    }

    /// The closing lines: `docker pull` names what it pulled, the repository after `-a`.
    public mutating func finish() -> [String] {
        defer { pulled = [] }
        guard let first = pulled.first else { return [] }
        let oneRepository = pulled.allSatisfy { $0.repository == first.repository }
        return pulled.count > 1 && oneRepository ? [first.repository.description] : pulled.map(\.description)
    }

    private func verbose(_ lines: [String]) -> [String] { quiet ? [] : lines }
}
