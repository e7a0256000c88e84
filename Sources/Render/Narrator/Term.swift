import Trace

/// A word the narration uses that a learner who knows only `docker run` may not know, explained
/// once, right after the line that first uses it (``NarrationStream/explaining``).
public enum Term: String, CaseIterable, Sendable, Hashable {
    case layer
    case blob
    case imageID
    case sharedLayer
    case tag
    case dangling
    case readWriteLayer
    case intermediateContainer
    case intermediateImage
    case emptyLayer
    case buildCache
    case copyUp
    case whiteout
    case unionFileSystem
    case manifest
    case mount
    case parentImage

    /// The terms `event` brings up, in the order a learner meets them; `build` is the builder of
    /// the build the event belongs to, if any (a container there is an intermediate one).
    static func introduced(by event: TraceEvent, build: BuilderKind?) -> [Term] {
        switch event {
        case .layerRegistered: [.layer]
        case .blobStored: [.blob]
        case .imageCreated: [.imageID]
        case .layerReused: [.sharedLayer]
        case .pullLayer(_, .alreadyExists, _): [.sharedLayer]
        case .tagAdded(_, _, let previous): previous == nil ? [.tag] : [.tag, .dangling]
        case .containerCreated: build == nil ? [.readWriteLayer] : [.intermediateContainer]
        case .buildStepFinished(let result): stepTerms(result, build: build)
        case .buildFinished(_, let references) where references.isEmpty: [.dangling]
        case .copyUp: [.copyUp]
        case .whiteoutApplied, .whiteoutWritten: [.whiteout]
        case .unionStack: [.unionFileSystem]
        case .imagePulled, .imagePushed: [.manifest]
        case .pushLayer(_, .mountedFrom, _, _): [.mount]
        case .rmiConflict(let conflict): if case .dependentChildren = conflict.cause { [.parentImage] } else { [] }
        case .parentPruned: [.parentImage]
        case .imagesListed(let listing) where listing.quiet == true:
            listing.hiddenIntermediates > 0 ? [.intermediateImage] : []
        case .imagesListed(let listing):
            (listing.sharingPair != nil ? [.sharedLayer] : [])
                + (!listing.all && listing.images.contains { $0.references.isEmpty } ? [.dangling] : [])
                + (listing.hiddenIntermediates > 0 ? [.intermediateImage] : [])
        case .historyListed(let listing):
            (listing.steps.contains { !$0.addsLayer } ? [.emptyLayer] : [])
                + (listing.base != nil ? [.sharedLayer] : [])
        case .imageKept(let kept): if case .dependentChildren = kept.cause { [.parentImage] } else { [] }
        default: []
        }
    }

    private static func stepTerms(_ result: BuildStepResult, build: BuilderKind?) -> [Term] {
        switch result.cache {
        case .notApplicable: return []
        case .hit: return [.buildCache]
        case .miss, .disabled:
            return (build == .classic ? [.intermediateImage] : []) + (result.shownLayer == nil ? [.emptyLayer] : [])
        }
    }
}
