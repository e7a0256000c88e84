import OCI
import Testing
import Trace

@testable import Lessons

/// Goals are checked on the events: the store the trace leaves, and what the learner's commands did.
struct ExerciseStateTests {
    static func digest(_ n: Int) -> Digest { Digest.sha256(of: Array("\(n)".utf8)) }
    static func reference(_ name: String) throws -> Reference { try Reference.parseDocker(name) }

    static func record(_ sequence: Int, _ event: TraceEvent) -> TraceRecord {
        TraceRecord(sequence: sequence, operation: 1, event: event)
    }

    /// Two images on one base layer, `a:1` and `b:1`, made by the setup.
    static func start() throws -> [TraceRecord] {
        let base = LayerInfo(chainID: digest(1), diffID: digest(1), parent: nil, size: 10, cacheID: "one")
        let top = LayerInfo(chainID: digest(2), diffID: digest(2), parent: digest(1), size: 5, cacheID: "two")
        let events: [TraceEvent] = [
            .operationStarted(kind: .import, arguments: []),
            .layerRegistered(base), .layerRegistered(top),
            .imageCreated(
                ImageInfo(id: digest(10), parent: nil, layers: [digest(1)], layerSizes: [10], createdBy: nil)),
            .tagAdded(try reference("a:1"), image: digest(10), previous: nil),
            .imageCreated(
                ImageInfo(
                    id: digest(11), parent: digest(10), layers: [digest(1), digest(2)], layerSizes: [10, 5],
                    createdBy: nil)),
            .tagAdded(try reference("b:1"), image: digest(11), previous: nil),
            .containerCreated(id: "c1", name: "web", image: digest(10)),
            .operationFinished(error: nil),
        ]
        return events.enumerated().map { record($0.offset + 1, $0.element) }
    }

    @Test func theStoreAsTheEventsLeaveIt() throws {
        let state = ExerciseState(start: try Self.start(), attempt: [])
        #expect(state.holds(.image("a:1")) && state.holds(.noImage("c:1")) && !state.holds(.noImage("a:1")))
        #expect(state.holds(.sharedLayer("a:1", "b:1")) && !state.holds(.sharedLayer("a:1", "c:1")))
        #expect(state.holds(.layerCount("b:1", 2)) && !state.holds(.layerCount("b:1", 1)))
        #expect(!state.holds(.sameImage("a:1", "b:1")) && state.holds(.sameImage("a:1", "docker.io/library/a:1")))
        #expect(state.holds(.container("web")) && !state.holds(.noContainer("web")))
        #expect(state.holds(.containerCount(1)) && !state.holds(.containerCount(0)))
        #expect(state.holds(.dangling(0)))
        #expect(!state.holds(.emptyStore) && ExerciseState(start: [], attempt: []).holds(.emptyStore))
        // The setup's deeds are not the learner's.
        #expect(!state.holds(.ran(.import)))
    }

    @Test func whatTheLearnersCommandsDid() throws {
        let conflict = RmiConflict(
            image: Self.digest(10), requested: "a:1", cause: .dependentChildren([Self.digest(11)]), isHard: true,
            message: "conflict")
        let events: [TraceEvent] = [
            .operationStarted(kind: .rmi, arguments: []), .rmiConflict(conflict), .operationFinished(error: "conflict"),
            .operationStarted(kind: .rmi, arguments: []),
            .tagRemoved(try Self.reference("b:1"), image: Self.digest(11)),
            .operationFinished(error: nil),
            .operationStarted(kind: .build, arguments: []),
            .buildStarted(builder: .classic, dockerfile: "Dockerfile", contextSize: 0),
            .buildStepFinished(BuildStepResult(number: 1, image: Self.digest(10), layer: nil, cache: .notApplicable)),
            .buildStepFinished(BuildStepResult(number: 2, image: Self.digest(11), layer: nil, cache: .hit)),
            .operationFinished(error: nil),
            .operationStarted(kind: .rm, arguments: []), .containerRemoved(id: "c1", name: "web"),
            .operationFinished(error: nil),
        ]
        let attempt = events.enumerated().map { Self.record($0.offset + 1, $0.element) }
        let state = ExerciseState(start: try Self.start(), attempt: attempt)
        #expect(state.holds(.rmiRefused(.child)) && !state.holds(.rmiRefused(.container)))
        #expect(state.holds(.noImage("b:1")))
        // Removed: the learner's rmi took the name; a name never there was not removed, nor one still held.
        #expect(state.holds(.removed("b:1")) && !state.holds(.removed("c:1")) && !state.holds(.removed("a:1")))
        #expect(
            !ExerciseState(start: try Self.start(), attempt: []).holds(.removed("b:1")), "the start removed nothing")
        // b:1's image lost its name but is no other image's parent: dangling.
        #expect(state.holds(.dangling(1)))
        #expect(state.holds(.buildAllCached))
        #expect(state.holds(.ran(.rmi)) && state.holds(.ran(.build)) && !state.holds(.ran(.push)))
        #expect(state.holds(.noContainer("web")) && state.holds(.containerCount(0)))
        #expect(!state.holds(.pushReused) && !state.holds(.pulled("a:1")))
    }

    @Test func containersRemovedAsksThatTheLearnerRemovedOneAndNoneIsLeft() throws {
        func state(_ events: [TraceEvent], setup: [TraceEvent] = []) -> ExerciseState {
            let start = setup.enumerated().map { Self.record($0.offset + 1, $0.element) }
            return ExerciseState(
                start: start, attempt: events.enumerated().map { Self.record($0.offset + 1, $0.element) })
        }
        let created: [TraceEvent] = [
            .operationStarted(kind: .run, arguments: []),
            .containerCreated(id: "c1", name: "c1", image: Self.digest(10)),
            .operationFinished(error: nil),
        ]
        let removed: [TraceEvent] = [
            .operationStarted(kind: .rm, arguments: []), .containerRemoved(id: "c1", name: "c1"),
            .operationFinished(error: nil),
        ]
        // Before anything, no container is left, yet none was removed.
        #expect(state([]).holds(.containerCount(0)) && !state([]).holds(.containersRemoved))
        #expect(!state(created).holds(.containersRemoved), "the container is still there")
        #expect(state(created + removed).holds(.containersRemoved))
        // A build's intermediate container is the build's, not the learner's.
        let build: [TraceEvent] = [
            .operationStarted(kind: .build, arguments: []),
            .containerCreated(id: "b1", name: "step", image: Self.digest(10)),
            .containerRemoved(id: "b1", name: "step"), .operationFinished(error: nil),
        ]
        #expect(!state(build).holds(.containersRemoved))
        // Another container, made by the setup, still there: not done.
        let setup: [TraceEvent] = [.containerCreated(id: "s1", name: "web", image: Self.digest(10))]
        #expect(!state(created + removed, setup: setup).holds(.containersRemoved))
    }

    /// `ran history a:1` asks for a history of that image: any of its names, or its ID; not
    /// another image's, and not one that failed.
    @Test func ranWithASubjectAsksWhatTheCommandWasGiven() throws {
        func state(_ histories: [(argument: String, error: String?)]) throws -> ExerciseState {
            let events = histories.flatMap { history -> [TraceEvent] in
                [
                    .operationStarted(kind: .history, arguments: [history.argument]),
                    .operationFinished(error: history.error),
                ]
            }
            return ExerciseState(
                start: try Self.start(), attempt: events.enumerated().map { Self.record($0.offset + 1, $0.element) })
        }
        let goal = GoalCondition.ran(.history, subject: "a:1")
        let id = Self.digest(10)
        for argument in ["a:1", "docker.io/library/a:1", String(id.encoded.prefix(12)), id.description] {
            #expect(try state([(argument, nil)]).holds(goal), "history \(argument)")
        }
        #expect(try !state([("b:1", nil)]).holds(goal))
        #expect(try !state([("a:1", "Error response from daemon: No such image: a:1")]).holds(goal))
        #expect(try state([("b:1", nil)]).holds(.ran(.history)))
        #expect(try GoalCondition.parse(["ran", "history", "a:1"]).get() == goal)
        #expect(throws: GoalCondition.ParseFailure.self) {
            try GoalCondition.parse(["ran", "history", "a:1", "b:1"]).get()
        }
    }

    /// Each list is one `rmi` command of the learner's. Each command writes a trace of its own,
    /// so every one is operation 1.
    static func commands(_ commands: [[TraceEvent]]) -> [TraceRecord] {
        let events = commands.flatMap {
            [.operationStarted(kind: .rmi, arguments: [])] + $0 + [.operationFinished(error: nil)]
        }
        return events.enumerated().map { record($0.offset + 1, $0.element) }
    }

    @Test func deletedAsksThatTheNamesOwnRmiDeletedItsImage() throws {
        let a = try Self.reference("a:1")
        let b = try Self.reference("b:1")
        // Child first: each rmi deletes the image its name named.
        let childFirst = ExerciseState(
            start: try Self.start(),
            attempt: Self.commands([
                [.tagRemoved(b, image: Self.digest(11)), .imageDeleted(id: Self.digest(11))],
                [.tagRemoved(a, image: Self.digest(10)), .imageDeleted(id: Self.digest(10))],
            ]))
        #expect(childFirst.holds(.deleted("a:1")) && childFirst.holds(.deleted("b:1")))
        // Base first: its rmi only takes the name; the child's rmi deletes the base as an unused parent.
        let baseFirst = ExerciseState(
            start: try Self.start(),
            attempt: Self.commands([
                [
                    .tagRemoved(a, image: Self.digest(10)),
                    .imageKept(ImageKept(image: Self.digest(10), cause: .dependentChildren([Self.digest(11)]))),
                ],
                [
                    .tagRemoved(b, image: Self.digest(11)), .imageDeleted(id: Self.digest(11)),
                    .parentPruned(image: Self.digest(10), child: Self.digest(11)), .imageDeleted(id: Self.digest(10)),
                ],
            ]))
        #expect(baseFirst.holds(.deleted("b:1")))
        #expect(!baseFirst.holds(.deleted("a:1")) && baseFirst.holds(.removed("a:1")))
        #expect(!ExerciseState(start: try Self.start(), attempt: []).holds(.deleted("a:1")))
    }

    @Test func aBuildThatRanAStepIsNotAllCached() throws {
        let events: [TraceEvent] = [
            .buildStarted(builder: .classic, dockerfile: "Dockerfile", contextSize: 0),
            .buildStepFinished(BuildStepResult(number: 1, image: Self.digest(10), layer: nil, cache: .hit)),
            .buildStepFinished(BuildStepResult(number: 2, image: Self.digest(11), layer: nil, cache: .miss)),
        ]
        let state = ExerciseState(
            start: [], attempt: events.enumerated().map { Self.record($0.offset + 1, $0.element) })
        #expect(!state.holds(.buildAllCached))
    }
}
