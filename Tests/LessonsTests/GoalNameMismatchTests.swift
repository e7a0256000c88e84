import OCI
import Testing
import Trace

@testable import Lessons

/// A name made beside the goal's: the goal wants `tour/app:1.0`, the command named `tour/app:latest`.
struct GoalNameMismatchTests {
    static let image = Digest.sha256(of: Array("image".utf8))

    static func tagged(_ names: [String]) throws -> [TraceRecord] {
        try names.enumerated().map {
            TraceRecord(
                sequence: $0.offset + 1, operation: 1,
                event: .tagAdded(try Reference.parseDocker($0.element), image: image, previous: nil))
        }
    }

    static func snapshot(named names: [String]) throws -> StoreSnapshot {
        let image = StoreSnapshot.Image(
            id: image, parent: nil, layers: [], references: try names.map { try Reference.parseDocker($0) },
            created: nil, createdBy: nil, size: 0)
        return StoreSnapshot(images: [image], layers: [], containers: [])
    }

    @Test func aNameBesideTheGoalsInItsRepositoryIsPointedOut() throws {
        let goal: [GoalCondition] = [.rmiRefused(.child), .deleted("tour/app:1.0"), .layerCount("tour/base:1.0", 1)]
        let found = GoalNameMismatch.find(
            in: try Self.tagged(["tour/app", "tour/app"]), goal: goal, snapshot: try Self.snapshot(named: ["tour/app"]))
        #expect(
            found == [
                GoalNameMismatch(made: try .parseDocker("tour/app:latest"), wanted: try .parseDocker("tour/app:1.0"))
            ])
    }

    @Test(arguments: [
        // The goal's own name.
        (["tour/app:1.0"], [String]()),
        // Another repository: no telling what was meant.
        (["other/app:1.0"], []),
        // The goal's name already names an image: a second tag is no mistake.
        (["tour/app:2.0"], ["tour/app:1.0"]),
    ])
    func otherNamesAreLeftAlone(made: [String], alreadyNamed: [String]) throws {
        let found = GoalNameMismatch.find(
            in: try Self.tagged(made), goal: [.image("tour/app:1.0")],
            snapshot: try Self.snapshot(named: made + alreadyNamed))
        #expect(found.isEmpty)
    }
}
