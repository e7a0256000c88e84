import OCI
import Trace

/// Narrates records one at a time, as they happen, remembering what it has seen: inside a build,
/// each step runs operations of its own (the intermediate container's create, commit and rm), and
/// the step's lines already say what they made. Those operations' headings, their `Done`, the
/// containers of steps that run no command, the blobs and the intermediate images are left out;
/// what a step teaches (the container the first RUN runs in, in a few words, the layer each step
/// adds, its result) is kept.
public struct NarrationStream: Sendable {
    public let narrator: Narrator
    /// The build under way: its operation, its builder, and the keyword of the instruction running.
    private var build: (operation: Int, builder: BuilderKind, keyword: String)?
    /// The kinds of HTTP exchange and authentication step told in the operation under way: a push
    /// asks about every layer, and the same question with the same answer is told once. With them,
    /// the layer whose way through the pull or push is told: the first one a step names.
    private var told: (operation: Int, kinds: Set<String>, layer: Digest?) = (0, [], nil)
    /// The cache's answers (a hit, a miss and its reason) the build under way has explained: each
    /// is explained once, then said in a few words.
    private var cacheAnswers: Set<String> = []
    /// Whether the build under way has told the container its first RUN ran in: every RUN runs in
    /// one alike, and Docker's own lines name each (`Running in …`).
    private var stepContainerTold = false
    /// The commit under way, and whether it has added a layer yet.
    private var commit: (operation: Int, layered: Bool)?
    /// The terms explained so far; `nil` when the stream explains none.
    public private(set) var explained: Set<Term>?

    /// A stream that explains nothing, or, with `explained`, each term not in it at its first use.
    public init(narrator: Narrator, explained: Set<Term>? = nil) {
        self.narrator = narrator
        self.explained = explained
    }

    /// `run`'s operation and the container it made: the start, attach and wait of that container
    /// that follow are part of the one command a learner typed, told without headings of their own.
    private var run: (operation: Int, container: String?)?
    /// The operations told without their heading and their `Done`.
    private var quiet: Set<Int> = []
    /// The lines of a stored blob, held until the layer it packs is told: a learner meets the
    /// layer first, then the compressed form it also keeps.
    private var heldBlob: (operation: Int, lines: [Narration], blob: BlobInfo)?

    public mutating func narrate(_ record: TraceRecord) -> [Narration] {
        let lines = tell(record)
        if case .blobStored(let blob) = record.event, !lines.isEmpty {
            let held = flush()
            heldBlob = (record.operation, lines, blob)
            return held
        }
        guard !lines.isEmpty, let blob = heldBlob else { return lines }
        heldBlob = nil
        switch record.event {
        case .layerRegistered(let layer) where record.operation == blob.operation:
            // Now the layer's bytes are known: the blob's line can compare them.
            return lines + [narrator.blobStored(blob.blob, files: layer.size)] + blob.lines.dropFirst()
        case .layerReused where record.operation == blob.operation:
            return lines + blob.lines
        default: return blob.lines + lines
        }
    }

    /// What is still held back, at the end of a trace.
    public mutating func flush() -> [Narration] {
        defer { heldBlob = nil }
        return heldBlob?.lines ?? []
    }

    private mutating func tell(_ record: TraceRecord) -> [Narration] {
        switch record.event {
        case .buildStarted(let builder, _, _):
            build = (record.operation, builder, "")
            cacheAnswers = []
            stepContainerTold = false
        case .buildStepStarted(let step) where build != nil:
            build?.keyword = instructionKeyword(step.instruction)
        case .buildTrigger(let trigger) where build != nil:
            build?.keyword = instructionKeyword(trigger.instruction)
        case .operationFinished where record.operation == build?.operation:
            build = nil
        case .operationStarted(.commit, _) where build == nil:
            commit = (record.operation, false)
        case .layerRegistered, .layerReused:
            if commit?.operation == record.operation { commit?.layered = true }
        default:
            break
        }
        if let build, record.operation != build.operation, Self.isStepDetail(record.event, keyword: build.keyword) {
            return []
        }
        if isQuiet(record) { return [] }
        if told.operation != record.operation { told = (record.operation, [], nil) }
        if let kind = Self.protocolKind(record.event) {
            guard told.kinds.insert(kind).inserted else { return [] }
        }
        if let layer = Self.layerOnItsWay(record.event) {
            told.layer = told.layer ?? layer
            guard told.layer == layer else { return [] }
        }
        let lines: [Narration]
        switch record.event {
        case .containerCreated(let id, _, _) where build != nil:
            lines = stepContainerTold ? [] : narrator.stepContainer(id: id)
            stepContainerTold = true
        case .buildStepFinished(let result) where build != nil && [.miss, .hit].contains(result.cache):
            let told = !cacheAnswers.insert("\(result.cache) \(String(describing: result.reason))").inserted
            lines = narrator.stepFinished(result, repeated: told)
        case .imageCreated where commit.map { $0.operation == record.operation && !$0.layered } == true:
            lines = narrator.narrate(record) + [narrator.commitAddedNoLayer()]
        default:
            lines = narrator.narrate(record)
        }
        guard var explained, !lines.isEmpty else { return lines }
        let new = Term.introduced(by: record.event, build: build?.builder).filter { explained.insert($0).inserted }
        self.explained = explained
        return lines + new.map { Narration(.term, narrator.explanation(of: $0)) }
    }

    /// Whether `record` is the heading or the `Done` of a part of `run`: its own end, or the start,
    /// attach and wait of the container it made.
    private mutating func isQuiet(_ record: TraceRecord) -> Bool {
        switch record.event {
        case .operationStarted(.run, _):
            run = (record.operation, nil)
        case .containerCreated(let id, _, _) where record.operation == run?.operation:
            run?.container = id
        case .operationStarted(let kind, let arguments) where [.start, .attach, .wait].contains(kind):
            guard let container = run?.container, let named = arguments.first,
                container.hasPrefix(named) || named.hasPrefix(container)
            else { return false }
            quiet.insert(record.operation)
            return true
        case .operationFinished(nil):
            return record.operation == run?.operation || quiet.contains(record.operation)
        default:
            break
        }
        return false
    }

    /// What an HTTP exchange or an authentication step is, to tell it once: the request's kind
    /// and its answer, or the step's kind.
    private static func protocolKind(_ event: TraceEvent) -> String? {
        switch event {
        case .httpExchange(let exchange): "\(exchange.method) \(exchange.endpoint) \(exchange.status)"
        case .authStep(let step): "auth \(step.kind)"
        default: nil
        }
    }

    /// The layer a step of its way through a pull or push names (`Downloading`, `Extracting`, …):
    /// every layer goes the same way, so only the first layer's is told; each layer's outcome
    /// (`Pull complete`, `Already exists`, `Pushed`, …) always is.
    private static func layerOnItsWay(_ event: TraceEvent) -> Digest? {
        switch event {
        case .pullLayer(let layer, let step, _), .pushLayer(let layer, let step, _, _):
            Self.wayThrough.contains(step.status) ? layer : nil
        default: nil
        }
    }

    /// The steps every layer of a pull or push goes through alike.
    private static let wayThrough: Set<LayerTransferStatus> = [
        .pullingFsLayer, .waiting, .downloading, .verifyingChecksum, .downloadComplete, .extracting, .preparing,
        .pushing,
    ]

    /// What a build step's own operations say that the step's lines already do.
    private static func isStepDetail(_ event: TraceEvent, keyword: String) -> Bool {
        switch event {
        case .operationStarted, .operationFinished(nil), .containerRemoved, .imageCreated, .blobStored: true
        case .containerExited(_, let status, _): status == 0
        case .containerCreated: keyword != "RUN"
        default: false
        }
    }
}
