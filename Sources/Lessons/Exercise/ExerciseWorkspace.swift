import Foundation
import Registry
import Render
import Trace

/// A lesson's exercise being tried: a fresh store made ready as the lesson's start, a registry of
/// its own when the lesson needs one, and every command the learner ran with its trace, so the goal
/// can be checked and the last command undone. The playground keeps one per learner; `lesson check`
/// and the terminal runner use one for a single attempt.
public actor ExerciseWorkspace {
    public nonisolated let lesson: Lesson
    /// `$REGISTRY` when the lesson has a registry.
    public nonisolated let variables: [String: String]
    /// The records of the setup commands.
    public nonisolated let startRecords: [TraceRecord]
    /// The learner's commands so far, oldest first.
    public private(set) var attempt: [AttemptedCommand] = []

    /// A command the learner ran, what it printed and what it recorded.
    public struct AttemptedCommand: Sendable {
        /// The command as typed after `layerlab`, with variables filled in.
        public var words: [String]
        public var output: CommandOutput
        public var records: [TraceRecord]
    }

    /// The clock the learner's own commands run by.
    public enum LearnerClock: Sendable {
        /// The setup's fixed epoch: what a command makes has the IDs it has in the book.
        case fixed
        /// The wall clock: `images` and `history` say "5 seconds ago" for what was just made,
        /// newest first, and each image has IDs of its own.
        case now
    }

    private let executor: any LessonExecutor
    private let epoch: Int
    private let learnerClock: LearnerClock
    /// The workspace's folder: its store, its copies for undo, its traces.
    public nonisolated let root: String
    private let registry: RunningRegistry?
    private var traceCount = 0

    private var work: String { root + "/work" }

    /// Makes the workspace: fixtures, registry, then the lesson's setup commands and files.
    /// - Parameter preferredRegistryPort: the port to try first (the lessons' 5000); any free one after.
    /// - Throws: ``LessonError`` when a setup command fails or a file cannot be written.
    public static func open(
        _ lesson: Lesson, executor: any LessonExecutor, epoch: Int = 1_700_000_000, preferredRegistryPort: Int = 0,
        learnerClock: LearnerClock = .fixed
    ) async throws -> ExerciseWorkspace {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlab-exercise-\(lesson.id)-\(UUID().uuidString)"
        ).path
        let work = root + "/work"
        do {
            try FileManager.default.createDirectory(atPath: root + "/traces", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            for fixture in lesson.fixtures { try FixtureMaker.make(fixture, in: work, epoch: epoch) }
            var registry: RunningRegistry?
            var variables: [String: String] = [:]
            if let need = lesson.registry {
                // The users file stays outside `work`, which undo copies.
                let started = try await RunningRegistry.start(
                    for: need, root: work + "/registry", usersFile: root + "/registry-users",
                    preferredPort: preferredRegistryPort)
                registry = started
                variables["REGISTRY"] = "127.0.0.1:\(started.port)"
            }
            let start = try await StartRunner(
                lesson: lesson, executor: executor, epoch: epoch, work: work, traces: root + "/traces",
                variables: variables
            ).run()
            return ExerciseWorkspace(
                lesson: lesson, variables: variables, startRecords: start.records, executor: executor, epoch: epoch,
                learnerClock: learnerClock, root: root, registry: registry, traceCount: start.traceCount)
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            throw error
        }
    }

    private init(
        lesson: Lesson, variables: [String: String], startRecords: [TraceRecord], executor: any LessonExecutor,
        epoch: Int, learnerClock: LearnerClock, root: String, registry: RunningRegistry?, traceCount: Int
    ) {
        self.lesson = lesson
        self.learnerClock = learnerClock
        self.variables = variables
        self.startRecords = startRecords
        self.executor = executor
        self.epoch = epoch
        self.root = root
        self.registry = registry
        self.traceCount = traceCount
    }

    /// Stops the registry and the background containers, and removes every file of the workspace.
    public func close() async {
        await registry?.stop()
        BackgroundShims.stop(under: root)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs one command (`words` after `layerlab`, variables already filled in) on the workspace's
    /// store, first keeping a copy of the workspace so that ``undo()`` can go back.
    public func run(_ words: [String]) async throws -> AttemptedCommand {
        try await TreeCopy.copy(work, to: root + "/undo-\(attempt.count)")
        traceCount += 1
        let (output, records) = try await Self.traced(
            words, executor: executor, work: work, epoch: learnerEpoch, trace: root + "/traces/\(traceCount).jsonl")
        let command = AttemptedCommand(words: words, output: output, records: records)
        attempt.append(command)
        return command
    }

    /// Runs a command that only reads help (`help build`, `build --help`): not one of the
    /// learner's moves, so it is not kept, counted or undone.
    public func consult(_ words: [String]) async throws -> CommandOutput {
        // Help wrapped to the width of the page's terminal, not to 80 columns.
        let environment = Self.environment(work: work, epoch: learnerEpoch).merging(["COLUMNS": "70"]) { $1 }
        return try await executor.run(words, environment: environment, directory: work)
    }

    /// The epoch of the learner's commands: the setup's, or none (the wall clock).
    private var learnerEpoch: Int? { learnerClock == .fixed ? epoch : nil }

    /// Puts the workspace back as it was before the last command; false when there is none.
    @discardableResult
    public func undo() async throws -> Bool {
        guard !attempt.isEmpty else { return false }
        let saved = root + "/undo-\(attempt.count - 1)"
        try? FileManager.default.removeItem(atPath: work)
        do {
            try FileManager.default.moveItem(atPath: saved, toPath: work)
        } catch {
            throw LessonError(file: root, "cannot undo: \(error.localizedDescription)")
        }
        attempt.removeLast()
        // The store put back is the only truth: a background container started since ends, and one
        // stopped since is started again (a process cannot be put back, so its command starts over).
        BackgroundShims.stop(under: root, keeping: BackgroundShims.isKept)
        restarted = BackgroundShims.stranded(in: work + "/store")
        for container in restarted {
            _ = try? await executor.run(
                ["start", container], environment: Self.environment(work: work, epoch: learnerEpoch), directory: work)
        }
        return true
    }

    /// The background containers the last ``undo()`` started again: it put them back running, and
    /// their process, which a later command had ended, could only start anew.
    public private(set) var restarted: [String] = []

    /// The store and the learner's deeds as the goal sees them.
    public var state: ExerciseState {
        ExerciseState(start: startRecords, attempt: attempt.flatMap(\.records))
    }

    /// Each condition of the goal with whether it holds now; empty for a lesson without an exercise.
    public var progress: [GoalProgress] { progress(in: state) }

    /// Each condition of the goal with whether it holds in `state` (the workspace's, read once).
    public nonisolated func progress(in state: ExerciseState) -> [GoalProgress] {
        (lesson.exercise?.goal ?? []).map { condition in
            let filled = condition.substituting(variables)
            return GoalProgress(condition: filled, holds: state.holds(filled))
        }
    }

    /// Runs `words` with its own trace file `trace`, and returns what it printed and recorded.
    static func traced(
        _ words: [String], executor: any LessonExecutor, work: String, epoch: Int?, trace: String
    ) async throws -> (CommandOutput, [TraceRecord]) {
        let output = try await executor.run(
            words, environment: environment(work: work, epoch: epoch).merging(["LAYERLAB_TRACE": trace]) { $1 },
            directory: work)
        return (output, FileManager.default.fileExists(atPath: trace) ? try TraceFile.read(path: trace) : [])
    }

    /// The variables a lesson command sees: its own store, a fixed clock (none: the wall clock),
    /// its own credentials, and this process as the owner of its background containers, which end
    /// when it is gone, however it went (a SIGKILLed playground cleans nothing up).
    static func environment(work: String, epoch: Int?) -> [String: String] {
        var environment = [
            "LAYERLAB_ROOT": work + "/store", "DOCKER_CONFIG": work + "/docker-config", "NO_COLOR": "1",
            ContainerShimOwner.variable: String(getpid()),
        ]
        // Empty, not absent: the command's environment is the playground's with these over it, and
        // an empty value reads as no fixed clock.
        environment["SOURCE_DATE_EPOCH"] = epoch.map(String.init) ?? ""
        return environment
    }
}

/// One condition of a goal, and whether it holds.
public struct GoalProgress: Sendable, Equatable {
    public var condition: GoalCondition
    public var holds: Bool
}

/// Runs the steps of a lesson's start in a new workspace, each command with a trace of its own.
private struct StartRunner {
    let lesson: Lesson
    let executor: any LessonExecutor
    let epoch: Int
    let work: String
    let traces: String
    let variables: [String: String]

    func run() async throws -> (records: [TraceRecord], traceCount: Int) {
        var records: [TraceRecord] = []
        var count = 0
        for step in lesson.exerciseStart {
            switch step {
            case .commands(let block):
                for command in block.commands {
                    count += 1
                    let words = command.map { CommandWords.substitute($0, variables) }
                    let (result, ran) = try await ExerciseWorkspace.traced(
                        words, executor: executor, work: work, epoch: epoch, trace: traces + "/\(count).jsonl")
                    guard result.status == 0 else {
                        throw LessonError(
                            file: lesson.source, line: block.line,
                            "the exercise's setup command `\(words.joined(separator: " "))` failed:\n\(result.text)")
                    }
                    records += ran
                }
            case .file(let path, let content, let line):
                do {
                    let target = work + "/" + path
                    try FileManager.default.createDirectory(
                        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(content.utf8).write(to: URL(fileURLWithPath: target))
                } catch {
                    throw LessonError(file: lesson.source, line: line, "cannot write \(path): \(error)")
                }
            default:
                break
            }
        }
        return (records, count)
    }
}
