import OCI
import Trace

/// Turns trace records into plain-language steps, live (`--explain`) or from a saved trace
/// (`layerlab explain`): the same records always give the same words.
public struct Narrator: Sendable {
    public let language: Language
    private var phrases: any Phrasebook { language == .zh ? ChinesePhrases() : EnglishPhrases() }

    public init(language: Language) {
        self.language = language
    }

    /// The narration of one record; some records (a snapshot) need no words.
    public func narrate(_ record: TraceRecord) -> [Narration] {
        let p = phrases
        switch record.event {
        case .operationStarted(let name, let arguments):
            return [Narration(.heading, p.started(name, arguments))]
        case .operationFinished(let error):
            return [error.map { Narration(.failure, p.failed($0)) } ?? Narration(.outcome, p.done)]
        case .blobStored(let blob):
            return [blobStored(blob, files: nil)]
        case .layerRegistered(let layer):
            return [Narration(.step, p.layerRegistered(layer))]
        case .layerReused(let layer, let sharedWith):
            return [Narration(.step, p.layerReused(layer, sharedWith: sharedWith))]
        case .layerReleased(let chainID, let remaining, let users):
            return [Narration(.step, p.layerReleased(chainID, remaining: remaining, usedBy: users))]
        case .layerDeleted(let layer):
            return [Narration(.step, p.layerDeleted(layer))]
        case .imageCreated(let image):
            return [Narration(.step, p.imageCreated(image))]
        case .imageReused(let image):
            return [Narration(.step, p.imageReused(image))]
        case .imageDeleted(let id):
            return [Narration(.step, p.imageDeleted(id))]
        case .parentPruned(let image, let child):
            return [Narration(.step, p.parentPruned(image, child: child))]
        case .tagAdded(let reference, let image, let previous):
            return [Narration(.step, p.tagAdded(reference, image: image, previous: previous))]
        case .tagRemoved(let reference, let image):
            return [Narration(.step, p.tagRemoved(reference, image: image))]
        case .rmiConflict(let conflict):
            return [Narration(.refusal, p.refusal(conflict)), Narration(.advice, p.advice(conflict))]
        case .imageKept(let kept):
            return [Narration(.step, p.imageKept(kept))]
        case .storeSnapshot:
            return []
        case .unionStack(let stack):
            return stack.layers.enumerated().map { index, layer in Narration(.step, p.unionLayer(index, layer)) }
                + [Narration(.step, p.unionMerged(stack))]
        case .historyListed(let listing):
            return [Narration(.step, p.historyListed(listing))]
        case .imagesListed(let listing):
            return [Narration(.step, p.imagesListed(listing))]
        case .containersListed(let listing):
            return [Narration(.step, p.containersListed(listing))]
        case .containerChangesListed(let changes):
            return [Narration(.step, p.containerChanges(changes))]
        case .objectInspected(let object):
            return [Narration(.step, p.inspected(object))]
        case .containerExported(_, let name, let destination):
            return [Narration(.step, p.exported(container: name, destination: destination))]
        case .imagesSaved(let format, let destination, let images):
            return [Narration(.step, p.saved(format: format, destination: destination, count: images.count))]
        case .imageLoaded(let id, let references):
            return [Narration(.step, p.loaded(id, references: references))]
        case .containerCreated(let id, let name, let image):
            return [Narration(.step, p.containerCreated(id: id, name: name, image: image))]
        case .containerExited(let id, let exitCode, _):
            // Ended by a signal (stop, kill) is what was asked for, not a failure.
            let expected = exitCode == 0 || ExitSignal.name(exitCode) != nil
            return [Narration(expected ? .step : .failure, p.containerExited(id: id, exitCode: exitCode))]
        case .containerRemoved(let id, let name):
            return [Narration(.step, p.containerRemoved(id: id, name: name))]
        case .unionLookup(let path, let layer):
            return [Narration(.step, p.lookup(path, layer: layer))]
        case .whiteoutApplied(let path, let layer, let opaque):
            return [Narration(.step, p.whiteoutApplied(path, layer: layer, opaque: opaque))]
        case .copyUp(let path, let layer, let isDirectory):
            return [Narration(.step, p.copyUp(path, fromLayer: layer, isDirectory: isDirectory ?? false))]
        case .whiteoutWritten(let path, let opaque):
            return [Narration(.step, p.whiteoutWritten(path, opaque: opaque))]
        case .buildStarted(let builder, let dockerfile, let size):
            return [Narration(.step, p.buildStarted(builder: builder, dockerfile: dockerfile, contextSize: size))]
        case .buildStepStarted(let step):
            return [Narration(.heading, p.buildStepStarted(step))]
        case .buildTrigger(let trigger):
            return [Narration(.step, p.buildTrigger(trigger))]
        case .buildStepFinished(let result):
            return [Narration(.step, p.buildStepFinished(result, repeated: false))]
        case .buildFinished(let image, let references):
            return [Narration(.outcome, p.buildFinished(image: image, references: references))]
        case .httpExchange(let exchange):
            return [Narration(.exchange, p.httpExchange(exchange))]
        case .authStep(let step):
            return [Narration(.exchange, p.authStep(step))]
        case .pullLayer(let digest, let step, let layer):
            return p.pullLayer(digest, step, layer: layer).map { [Narration(.step, $0)] } ?? []
        case .pushLayer(let digest, let step, let diffID, let layer):
            return p.pushLayer(digest, step, diffID: diffID, layer: layer).map { [Narration(.step, $0)] } ?? []
        case .searchListed(let listing):
            return [Narration(.outcome, p.searchListed(listing))]
        case .pullStarted, .pushStarted:
            return []  // the operation's heading says what is pulled or pushed
        case .containerOutput:
            return []  // the output itself is shown, as the command wrote it
        case .buildArgumentsUnused(let names):
            return [Narration(.step, p.buildArgumentsUnused(names))]
        case .imagePulled(let reference, let manifest, let image, let upToDate):
            return [Narration(.step, p.imagePulled(reference, manifest: manifest, image: image, upToDate: upToDate))]
        case .imagePushed(let reference, let manifest, let size):
            return [Narration(.step, p.imagePushed(reference, manifest: manifest, size: size))]
        case .storeRecovered(let entry):
            return [Narration(.step, p.recovered(entry))]
        case .storeProblem(let problem):
            return [Narration(problem.repaired ? .step : .failure, p.storeProblem(problem))]
        case .storeChecked(let summary):
            return [Narration(.outcome, p.storeChecked(summary))]
        }
    }

    /// The narration of a whole trace, in order, as a ``NarrationStream`` tells it.
    public func narrate(_ records: [TraceRecord]) -> [Narration] {
        var stream = NarrationStream(narrator: self)
        return records.flatMap { stream.narrate($0) } + stream.flush()
    }

    /// The same, with each ``Term`` not in `explained` explained after the line that first uses
    /// it, and added to `explained`.
    public func narrate(_ records: [TraceRecord], explaining explained: inout Set<Term>) -> [Narration] {
        var stream = NarrationStream(narrator: self, explained: explained)
        let lines = records.flatMap { stream.narrate($0) } + stream.flush()
        explained = stream.explained ?? explained
        return lines
    }

    /// A stored blob, told once the layer it packs is known, with that layer's bytes.
    func blobStored(_ blob: BlobInfo, files: Int64?) -> Narration {
        Narration(.step, phrases.blobStored(blob, files: files))
    }

    /// The container a build step runs in, in a few words: the step's own lines say the rest.
    func stepContainer(id: String) -> [Narration] {
        [Narration(.step, phrases.stepContainer(id: id))]
    }

    /// A commit's image that adds no layer: the container changed nothing.
    func commitAddedNoLayer() -> Narration {
        Narration(.step, phrases.commitAddedNoLayer)
    }

    /// A step's result, where `repeated` says an earlier step got the same answer from the cache.
    func stepFinished(_ result: BuildStepResult, repeated: Bool) -> [Narration] {
        [Narration(.step, phrases.buildStepFinished(result, repeated: repeated))]
    }

    /// One command's gist (``CommandGist``), in one plain sentence, when it has one. `names`: the
    /// images' names before the command.
    public func gist(of records: [TraceRecord], names: ImageNames) -> String? {
        CommandGist(records, names: names).map(phrases.gist)
    }

    /// What `term` means, in one sentence or two.
    public func explanation(of term: Term) -> String {
        phrases.explain(term)
    }
}

/// What a narration says, in one language. Each phrase is a whole sentence: word order differs
/// between languages, so sentences are never assembled from translated fragments.
protocol Phrasebook {
    func started(_ command: OperationKind, _ arguments: [String]) -> String
    /// What a command changed, in one sentence for someone who knows only `docker run`.
    func gist(_ gist: CommandGist) -> String
    var done: String { get }
    func failed(_ message: String) -> String
    /// `files`: the bytes of the layer it packs, when known.
    func blobStored(_ blob: BlobInfo, files: Int64?) -> String
    func layerRegistered(_ layer: LayerInfo) -> String
    func layerReused(_ layer: LayerInfo, sharedWith: [Digest]) -> String
    /// `usedBy`: the images among the users, `nil` in a trace written before it was recorded.
    func layerReleased(_ chainID: Digest, remaining: Int, usedBy: [Digest]?) -> String
    func layerDeleted(_ layer: LayerInfo) -> String
    func imageCreated(_ image: ImageInfo) -> String
    func imageReused(_ image: ImageInfo) -> String
    func imageDeleted(_ id: Digest) -> String
    func parentPruned(_ image: Digest, child: Digest) -> String
    func tagAdded(_ reference: Reference, image: Digest, previous: Digest?) -> String
    func tagRemoved(_ reference: Reference, image: Digest) -> String
    func imageKept(_ kept: ImageKept) -> String
    func historyListed(_ listing: HistoryListing) -> String
    func imagesListed(_ listing: ImagesListing) -> String
    func containersListed(_ listing: ContainersListing) -> String
    /// What `diff` listed, and what each letter means.
    func containerChanges(_ changes: ContainerChanges) -> String
    /// What the JSON `inspect` printed holds, and how it names what the picture draws.
    func inspected(_ object: InspectedObject) -> String
    /// What `export` wrote, against what `save` writes.
    func exported(container: String, destination: String) -> String
    func refusal(_ conflict: RmiConflict) -> String
    func advice(_ conflict: RmiConflict) -> String
    func saved(format: String, destination: String, count: Int) -> String
    func loaded(_ id: Digest, references: [Reference]) -> String
    func unionLayer(_ index: Int, _ layer: UnionStackReport.Layer) -> String
    func unionMerged(_ stack: UnionStackReport) -> String
    func containerCreated(id: String, name: String, image: Digest) -> String
    func containerExited(id: String, exitCode: Int32) -> String
    func containerRemoved(id: String, name: String) -> String
    func lookup(_ path: String, layer: Int?) -> String
    func whiteoutApplied(_ path: String, layer: Int, opaque: Bool) -> String
    func copyUp(_ path: String, fromLayer: Int, isDirectory: Bool) -> String
    func whiteoutWritten(_ path: String, opaque: Bool) -> String
    func buildStarted(builder: BuilderKind, dockerfile: String, contextSize: Int64) -> String
    func buildStepStarted(_ step: BuildStepInfo) -> String
    func buildTrigger(_ trigger: BuildTriggerInfo) -> String
    func explain(_ term: Term) -> String
    func stepContainer(id: String) -> String
    /// A commit of a container that changed no file: Docker leaves the empty layer out.
    var commitAddedNoLayer: String { get }
    /// `repeated`: the build already explained this answer of the cache (a hit, or a miss for this reason).
    func buildStepFinished(_ result: BuildStepResult, repeated: Bool) -> String
    func buildFinished(image: Digest, references: [Reference]) -> String
    func buildArgumentsUnused(_ names: [String]) -> String
    func httpExchange(_ exchange: HTTPExchange) -> String
    func searchListed(_ listing: SearchListing) -> String
    func authStep(_ step: AuthStep) -> String
    /// `nil` for states too small to narrate (a progress tick).
    /// `layer`: the layer's chain ID in the store, when the event names it.
    func pullLayer(_ digest: Digest, _ step: LayerTransferStep, layer: Digest?) -> String?
    /// `diffID`: the layer's own ID, which `push` prints, where `digest` is its blob's.
    func pushLayer(_ digest: Digest, _ step: LayerTransferStep, diffID: Digest?, layer: Digest?) -> String?
    func imagePulled(_ reference: Reference, manifest: Digest, image: Digest, upToDate: Bool) -> String
    func imagePushed(_ reference: Reference, manifest: Digest, size: Int64) -> String
    func recovered(_ entry: RecoveredEntry) -> String
    func storeProblem(_ problem: StoreProblem) -> String
    func storeChecked(_ summary: StoreCheckSummary) -> String
}

extension Array where Element == Digest {
    var shortList: String { map(\.shortID).joined(separator: ", ") }
    /// As a Chinese list is written: with 、 between its items.
    var shortListZh: String { map(\.shortID).joined(separator: "、") }
}

extension Array where Element == Reference {
    var familiarList: String { map(\.familiarString).joined(separator: ", ") }
    /// As a Chinese list is written: with 、 between its items.
    var familiarListZh: String { map(\.familiarString).joined(separator: "、") }
}
