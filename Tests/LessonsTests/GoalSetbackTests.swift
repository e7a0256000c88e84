import OCI
import Testing
import Trace

@testable import Lessons

/// An rmi that only untags a name whose own rmi the goal wants to delete its image.
struct GoalSetbackTests {
    static let image = Digest.sha256(of: Array("image".utf8))

    static func records(_ events: [TraceEvent]) -> [TraceRecord] {
        events.enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
    }

    @Test func anUntagThatKeepsTheImageIsASetbackOnlyForADeletedGoal() throws {
        let name = try Reference.parseDocker("tour/busybox:1.0")
        let untagged = Self.records([
            .tagRemoved(name, image: Self.image),
            .imageKept(ImageKept(image: Self.image, cause: .dependentChildren([]))),
        ])
        #expect(GoalSetback.find(in: untagged, goal: [.deleted("tour/busybox:1.0")]) == [GoalSetback(name: name)])
        #expect(GoalSetback.find(in: untagged, goal: [.removed("tour/busybox:1.0")]).isEmpty, "removed asks less")
        let deleted = Self.records([.tagRemoved(name, image: Self.image), .imageDeleted(id: Self.image)])
        #expect(GoalSetback.find(in: deleted, goal: [.deleted("tour/busybox:1.0")]).isEmpty)
    }
}
