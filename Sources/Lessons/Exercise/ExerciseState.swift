import OCI
import Render
import Trace

/// What an exercise's goal is checked against: the store as the trace of every command so far
/// leaves it (setup included), and the events of the learner's own commands.
public struct ExerciseState: Sendable {
    /// The images and layers, replayed from the events.
    public var snapshot: StoreSnapshot
    /// The containers that exist, by name.
    public var containers: Set<String>
    /// The records of the learner's commands only: what they did, not what the setup did.
    public var attempt: [TraceRecord]

    /// - Parameters:
    ///   - start: the records of the commands that set the exercise up.
    ///   - attempt: the records of the learner's commands since.
    public init(start: [TraceRecord], attempt: [TraceRecord]) {
        let all = start + attempt
        snapshot = TraceReplay(all).snapshot
        var containers: [String: String] = [:]
        for record in all {
            switch record.event {
            case .containerCreated(let id, let name, _): containers[id] = name
            case .containerRemoved(let id, _): containers[id] = nil
            default: break
            }
        }
        self.containers = Set(containers.values)
        self.attempt = attempt
    }

    /// Whether `condition` holds.
    public func holds(_ condition: GoalCondition) -> Bool {
        switch condition {
        case .image(let name): image(name) != nil
        case .noImage(let name): image(name) == nil
        case .removed(let name):
            image(name) == nil
                && attemptEvents.contains {
                    if case .tagRemoved(let reference, _) = $0 { Self.same(reference, name) } else { false }
                }
        case .deleted(let name):
            image(name) == nil && attemptCommands.contains { Self.deletes(name, in: $0) }
        case .sameImage(let a, let b): image(a).map { $0.id == image(b)?.id } ?? false
        case .sharedLayer(let a, let b):
            image(a).map { first in image(b).map { !Set(first.layers).isDisjoint(with: $0.layers) } ?? false }
                ?? false
        case .layerCount(let name, let count): image(name)?.layers.count == count
        case .dangling(let count):
            snapshot.images.filter { $0.references.isEmpty && !snapshot.parents.contains($0.id) }.count == count
        case .container(let name): containers.contains(name)
        case .noContainer(let name): !containers.contains(name)
        case .containerCount(let count): containers.count == count
        case .emptyStore: snapshot.images.isEmpty && snapshot.layers.isEmpty && containers.isEmpty
        case .containersRemoved:
            // A build's own intermediate containers come and go inside it: they are not the learner's.
            containers.isEmpty
                && attemptCommands.contains { events in
                    guard case .operationStarted(let kind, _) = events.first, kind != .build else { return false }
                    return events.contains { if case .containerRemoved = $0 { true } else { false } }
                }
        case .rmiRefused(let reason): refusals.contains(reason)
        case .pushReused:
            attemptEvents.contains { if case .pushLayer(_, let step, _, _) = $0 { step.isShared } else { false } }
        case .pulled(let name):
            attemptEvents.contains {
                if case .imagePulled(let reference, _, _, _) = $0 { Self.same(reference, name) } else { false }
            }
        case .buildAllCached:
            builds.contains { $0.contains(.hit) && $0.allSatisfy { $0 == .hit || $0 == .notApplicable } }
        case .ran(let kind, let subject):
            succeeded.contains { command in
                command.kind == kind
                    && (subject.map { subject in command.arguments.contains { names($0, subject) } } ?? true)
            }
        }
    }

    private var attemptEvents: [TraceEvent] { attempt.map(\.event) }

    /// The events of each of the learner's commands, in order: a top-level operation with the
    /// operations nested in it. Each command is a trace of its own, numbered from 1, so the
    /// operation numbers do not tell commands apart; the operations' starts and ends do.
    private var attemptCommands: [[TraceEvent]] {
        var commands: [[TraceEvent]] = []
        var depth = 0
        for event in attemptEvents {
            if depth == 0 { commands.append([]) }
            commands[commands.count - 1].append(event)
            switch event {
            case .operationStarted: depth += 1
            case .operationFinished: depth = max(depth - 1, 0)
            default: break
            }
        }
        return commands
    }

    /// Whether `events`, one command's, take the name `name` from an image and delete that image.
    private static func deletes(_ name: String, in events: [TraceEvent]) -> Bool {
        let untagged = events.compactMap {
            if case .tagRemoved(let reference, let image) = $0, same(reference, name) { image } else { nil }
        }
        return events.contains { if case .imageDeleted(let id) = $0 { untagged.contains(id) } else { false } }
    }

    /// The image `name` names, if any.
    private func image(_ name: String) -> StoreSnapshot.Image? {
        snapshot.images.first { $0.references.contains { Self.same($0, name) } }
    }

    /// Whether `reference` is what the learner wrote as `name` (`busybox` is `docker.io/library/busybox:latest`).
    private static func same(_ reference: Reference, _ name: String) -> Bool {
        (try? Reference.parseDocker(name)) == reference
    }

    private var refusals: Set<GoalCondition.RefusalReason> {
        var reasons: Set<GoalCondition.RefusalReason> = []
        for case .rmiConflict(let conflict) in attemptEvents {
            switch conflict.cause {
            case .dependentChildren: reasons.insert(.child)
            case .usedByContainer, .containerUsesReference: reasons.insert(.container)
            case .referencedInRepositories: break
            }
        }
        return reasons
    }

    /// Each build of the attempt as the cache answers of its steps.
    private var builds: [[BuildStepResult.Cache]] {
        var builds: [[BuildStepResult.Cache]] = []
        for event in attemptEvents {
            switch event {
            case .buildStarted: builds.append([])
            case .buildStepFinished(let step) where !builds.isEmpty: builds[builds.count - 1].append(step.cache)
            default: break
            }
        }
        return builds
    }

    /// The attempt's operations that finished without an error, with their arguments.
    private var succeeded: [(kind: OperationKind, arguments: [String])] {
        var finished: [(kind: OperationKind, arguments: [String])] = []
        var running: [(kind: OperationKind, arguments: [String])] = []
        for event in attemptEvents {
            switch event {
            case .operationStarted(let kind, let arguments): running.append((kind, arguments))
            case .operationFinished(let error):
                if let operation = running.popLast(), error == nil { finished.append(operation) }
            default: break
            }
        }
        return finished
    }

    /// Whether the argument `word` is `subject` as the learner wrote it: the same word, the same
    /// image name (`busybox` for `busybox:latest`), or an ID of the image `subject` names.
    private func names(_ word: String, _ subject: String) -> Bool {
        if word == subject || (try? Reference.parseDocker(word)).map({ Self.same($0, subject) }) == true { return true }
        guard let image = image(subject) else { return false }
        let hex = word.hasPrefix("sha256:") ? String(word.dropFirst(7)) : word
        return !hex.isEmpty && image.id.encoded.hasPrefix(hex)
    }
}
