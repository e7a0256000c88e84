import OCI
import Trace

/// A name a learner's command gave an image where the goal names another tag of the same
/// repository: most often a tag left out (`build -t tour/app app` names `tour/app:latest`) or
/// mistyped. The goal is checked on names, so such a command reaches nothing, and says nothing
/// about why unless told.
public struct GoalNameMismatch: Sendable, Equatable {
    /// The name the command gave.
    public var made: Reference
    /// The goal's name in the same repository.
    public var wanted: Reference

    /// The mismatches of the names `records` (one command's) added, against `goal`: each name the
    /// goal does not use, beside a goal name of its repository that names no image in `snapshot`.
    public static func find(in records: [TraceRecord], goal: [GoalCondition], snapshot: StoreSnapshot)
        -> [GoalNameMismatch]
    {
        let wanted = goal.flatMap(\.imageNames).compactMap { try? Reference.parseDocker($0) }
        let named = Set(snapshot.images.flatMap(\.references))
        var found: [GoalNameMismatch] = []
        for case .tagAdded(let made, _, _) in records.map(\.event)
        where !wanted.contains(made) && !found.contains(where: { $0.made == made }) {
            guard let match = wanted.first(where: { $0.name == made.name && !named.contains($0) }) else { continue }
            found.append(GoalNameMismatch(made: made, wanted: match))
        }
        return found
    }
}

extension GoalCondition {
    /// The image names the condition speaks of, as written.
    var imageNames: [String] {
        switch self {
        case .image(let name), .noImage(let name), .removed(let name), .deleted(let name), .layerCount(let name, _),
            .pulled(let name):
            [name]
        case .sameImage(let a, let b), .sharedLayer(let a, let b): [a, b]
        case .dangling, .container, .noContainer, .containerCount, .containersRemoved, .emptyStore, .rmiRefused,
            .pushReused,
            .buildAllCached, .ran:
            []
        }
    }
}
