import OCI
import Trace

/// What Docker's own commands print, drawn from a trace and from nothing else: the lines of
/// `pull`, `push`, `rmi`, `build` (either builder's), `import` and `commit`, and a container's
/// output as its command wrote it. A command prints this as its records arrive, and
/// `layerlab trace replay` prints it again from the file, so the two are the same bytes.
///
/// Some lines depend on what came before (`docker push -a` names its repository once, a build
/// prints each builder's lines its own way, and `docker pull` ends by naming what it pulled), so a
/// transcript reads the records in order and is closed with ``finish()``.
public struct DockerTranscript: Sendable {
    /// Bytes for one of the command's streams.
    public struct Output: Sendable, Equatable {
        public var stream: ContainerOutput.Stream
        public var bytes: [UInt8]

        public init(stream: ContainerOutput.Stream, bytes: [UInt8]) {
            self.stream = stream
            self.bytes = bytes
        }

        /// `text` and a newline on standard output.
        public static func line(_ text: String) -> Output {
            Output(stream: .standardOutput, bytes: Array((text + "\n").utf8))
        }
    }

    /// `-q`: only what Docker still prints when quiet (the pulled name, the push digest, the
    /// built image's ID, what a RUN step writes to its standard error).
    public var quiet: Bool

    private var kind: OperationKind?
    /// The build under way, if any: its operation and builder. The containers, commits and
    /// removals of its steps are operations of their own that print only as the build's lines.
    private var building: (operation: Int, builder: BuilderKind)?
    /// Whether the step under way copies files in: the classic builder writes a COPY or ADD into a
    /// bare read-write layer, so Docker prints no `Running in` for it.
    private var copying = false
    /// Whether an ONBUILD trigger is under way: its result prints no ` ---> ID` of its own.
    private var inTrigger = false
    private var pulled: [Reference] = []
    private var announced: Set<String> = []

    public init(quiet: Bool = false) {
        self.quiet = quiet
    }

    /// What `record` adds to the output.
    public mutating func output(for record: TraceRecord) -> [Output] {
        switch record.event {
        case .operationStarted(let kind, _):
            self.kind = kind
            return []
        case .operationFinished where record.operation == building?.operation:
            building = nil
            return []
        case .containerOutput(let output):
            return quiet && output.stream == .standardOutput ? [] : [Output(stream: output.stream, bytes: output.bytes)]
        case .buildStarted(let builder, _, _):
            building = (record.operation, builder)
            pulled = []  // the base images pulled first are the build's: docker build names none at the end
            return build(record.event)
        default:
            guard building == nil else { return build(record.event) }
            return transfer(record.event) ?? removal(record.event) ?? newObject(record.event) ?? check(record.event)
                ?? []
        }
    }

    /// The closing lines: `docker pull` names what it pulled, the repository after `-a`.
    public mutating func finish() -> [Output] {
        defer { pulled = [] }
        guard let first = pulled.first else { return [] }
        let oneRepository = pulled.allSatisfy { $0.repository == first.repository }
        let names = pulled.count > 1 && oneRepository ? [first.repository.description] : pulled.map(\.description)
        return names.map(Output.line)
    }

    // MARK: - Pull and push

    private mutating func transfer(_ event: TraceEvent) -> [Output]? {
        switch event {
        case .pullStarted(let reference):
            pulled.append(reference)
            let tag = reference.digest?.description ?? reference.tag ?? Reference.defaultTag
            return verbose("\(tag): Pulling from \(reference.path)")
        case .pullLayer(let digest, let step, _):
            // Off a terminal, docker drops the messages that carry a progress bar.
            switch step {
            case .downloadStarted, .downloadProgress, .extracting: return []
            default: return verbose("\(digest.shortID): \(step.status.rawValue)")
            }
        case .imagePulled(let reference, let manifest, _, let upToDate):
            let status =
                (upToDate ? "Image is up to date for " : "Downloaded newer image for ") + reference.familiarString
            return verbose("Digest: \(manifest)", "Status: \(status)")
        case .pushStarted(let reference):
            guard announced.insert(reference.repository.description).inserted else { return [] }
            return verbose("The push refers to repository [\(reference.repository)]")
        case .pushLayer(let digest, let step, let diffID, _):
            // docker push names a layer by its diff ID, where pull names the blob.
            let source = if case .mountedFrom(let repository) = step { " \(repository)" } else { "" }
            return verbose("\((diffID ?? digest).shortID): \(step.status.rawValue)\(source)")
        case .imagePushed(let reference, let manifest, let size):
            return [.line("\(reference.tag ?? Reference.defaultTag): digest: \(manifest) size: \(size)")]
        default:
            return nil
        }
    }

    // MARK: - rmi, import, commit, create

    private func removal(_ event: TraceEvent) -> [Output]? {
        guard kind == .rmi else { return nil }
        switch event {
        case .tagRemoved(let reference, _): return [.line("Untagged: \(reference.familiarString)")]
        case .imageDeleted(let id): return [.line("Deleted: \(id)")]
        case .layerDeleted(let layer): return [.line("Deleted: \(layer.chainID)")]
        default: return nil
        }
    }

    /// `import` and `commit` print the new image's ID, `create` the new container's.
    private func newObject(_ event: TraceEvent) -> [Output]? {
        switch event {
        case .imageCreated(let image) where kind == .import || kind == .commit,
            .imageReused(let image) where kind == .import || kind == .commit:
            return [.line(image.id.description)]
        case .containerCreated(let id, _, _) where kind == .create:
            return [.line(id)]
        default: return nil
        }
    }

    // MARK: - fsck

    /// `fsck`'s lines: what opening the store cleaned, each problem found (and whether it was
    /// removed), and what was checked. Docker has no such command; the words are git fsck's kind.
    private func check(_ event: TraceEvent) -> [Output]? {
        guard kind == .fsck else { return nil }
        switch event {
        case .storeRecovered(let entry):
            return [.line("recovered \(entry.path): \(StoreCheckWords.reason(entry.reason))")]
        case .storeProblem(let problem):
            let removed = problem.repaired ? " (removed)" : ""
            return [.line("\(StoreCheckWords.label(problem.kind)) \(problem.subject): \(problem.detail)\(removed)")]
        case .storeChecked(let summary):
            return [.line(StoreCheckWords.summary(summary))]
        default:
            return nil
        }
    }

    // MARK: - Build

    private mutating func build(_ event: TraceEvent) -> [Output] {
        if case .buildFinished(let image, _) = event, quiet { return [.line(image.description)] }
        guard !quiet else { return [] }
        return (building?.builder == .modern ? modern(event) : classic(event)).map(Output.line)
    }

    /// The legacy builder's lines: `Step N/M :`, `---> Running in`, `---> Using cache`.
    private mutating func classic(_ event: TraceEvent) -> [String] {
        switch event {
        case .buildStarted(_, _, let size):
            // The CLI's progress line uses `units.HumanSize`: four significant digits.
            return ["Sending build context to Docker daemon  \(ByteCount.docker(size, precision: 4))"]
        case .buildStepStarted(let step):
            copying = Self.copies(step.instruction)
            return ["Step \(step.number)/\(step.total) : \(step.instruction)"]
        case .containerCreated(let id, _, _):
            return copying ? [] : [" ---> Running in \(id.prefix(12))"]
        case .containerRemoved(let id, _):
            return copying ? [] : ["Removing intermediate container \(id.prefix(12))"]
        case .buildTrigger(let trigger):
            inTrigger = true
            copying = Self.copies(trigger.instruction)
            let count = "\(trigger.count) build trigger\(trigger.count == 1 ? "" : "s")"
            return trigger.index == 0 ? ["# Executing \(count)"] : []
        case .buildStepFinished(let result):
            // moby prints one ` ---> ID` for FROM and its triggers together, after the last trigger.
            let cache = result.cache == .hit ? [" ---> Using cache"] : []
            if inTrigger {
                inTrigger = false
                return cache
            }
            return cache + [" ---> \(result.image.shortID)"]
        case .buildArgumentsUnused(let names):
            return ["[Warning] One or more build-args [\(names.joined(separator: " "))] were not consumed"]
        case .buildFinished(let image, let references):
            return ["Successfully built \(image.shortID)"]
                + references.map { "Successfully tagged \($0.familiarString)" }
        default:
            return []
        }
    }

    /// Whether an instruction is a COPY or an ADD.
    private static func copies(_ instruction: String) -> Bool {
        ["COPY", "ADD"].contains(instructionKeyword(instruction))
    }

    /// BuildKit's plain progress: `#N [i/n] …`, `#N DONE`, the export steps.
    private func modern(_ event: TraceEvent) -> [String] {
        switch event {
        case .buildStarted(_, let dockerfile, let size):
            return [
                "#1 [internal] load build definition from \(dockerfile)", "#1 DONE",
                "#2 [internal] load build context", "#2 transferring context: \(ByteCount.docker(size)) done",
                "#2 DONE",
            ]
        case .buildStepStarted(let step):
            let stage = step.stageName.map { "\($0) " } ?? ""
            return ["#\(step.number + 2) [\(stage)\(step.number)/\(step.total)] \(step.instruction)"]
        case .buildStepFinished(let result):
            return ["#\(result.number + 2) \(result.cache == .hit ? "CACHED" : "DONE")"]
        case .buildArgumentsUnused(let names):
            return ["[Warning] One or more build-args [\(names.joined(separator: " "))] were not consumed"]
        case .buildFinished(let image, let references):
            return ["#0 exporting to image", "#0 writing image \(image) done"]
                + references.map { "#0 naming to \($0.description) done" } + ["#0 DONE"]
        default:
            return []
        }
    }

    private func verbose(_ lines: String...) -> [Output] { quiet ? [] : lines.map(Output.line) }
}
