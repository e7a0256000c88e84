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
    case emptyLayer
    case buildCache
    case copyUp
    case whiteout
    case unionFileSystem
    case manifest
    case mount
    case parentImage

    /// The terms `event` brings up, in the order a learner meets them; `inBuild` says whether the
    /// event belongs to a build step (a container there is an intermediate one).
    static func introduced(by event: TraceEvent, inBuild: Bool) -> [Term] {
        switch event {
        case .layerRegistered: [.layer]
        case .blobStored: [.blob]
        case .imageCreated: [.imageID]
        case .layerReused: [.sharedLayer]
        case .pullLayer(_, .alreadyExists): [.sharedLayer]
        case .tagAdded(_, _, let previous): previous == nil ? [.tag] : [.tag, .dangling]
        case .containerCreated: inBuild ? [.intermediateContainer] : [.readWriteLayer]
        case .buildStepFinished(let result) where result.cache == .hit: [.buildCache]
        case .buildStepFinished(let result) where result.shownLayer == nil && result.cache != .notApplicable:
            [.emptyLayer]
        case .buildFinished(_, let references) where references.isEmpty: [.dangling]
        case .copyUp: [.copyUp]
        case .whiteoutApplied, .whiteoutWritten: [.whiteout]
        case .unionStack: [.unionFileSystem]
        case .imagePulled, .imagePushed: [.manifest]
        case .pushLayer(_, .mountedFrom, _): [.mount]
        case .rmiConflict(let conflict): if case .dependentChildren = conflict.cause { [.parentImage] } else { [] }
        case .parentPruned: [.parentImage]
        default: []
        }
    }
}
