import OCI
import Trace

/// A command that took a goal out of reach without failing: an `rmi NAME` that only untagged,
/// where the goal asks that NAME's own `rmi` delete its image. The image stays, as something still
/// needs it, and has lost NAME, so no later rmi of NAME can delete it; `undo` can.
public struct GoalSetback: Sendable, Equatable {
    /// The name whose rmi kept its image.
    public var name: Reference

    /// The setbacks `records` (one command's) made for `goal`.
    public static func find(in records: [TraceRecord], goal: [GoalCondition]) -> [GoalSetback] {
        let events = records.map(\.event)
        let deleted = Set(events.compactMap { if case .imageDeleted(let id) = $0 { id } else { nil } })
        let wanted = goal.compactMap {
            if case .deleted(let name) = $0 { try? Reference.parseDocker(name) } else { nil }
        }
        return events.compactMap { event in
            guard case .tagRemoved(let reference, let image) = event, wanted.contains(reference),
                !deleted.contains(image)
            else { return nil }
            return GoalSetback(name: reference)
        }
    }
}
