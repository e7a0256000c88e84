import Foundation
import Render
import Trace

/// An exercise as a lesson shows it: the goal with whether each condition holds, the hints, and
/// the commands that were run to reach it (the reference solution, or the learner's own).
public struct ExerciseReport: Sendable, Equatable {
    public var goal: [GoalProgress]
    public var hints: [Language: [String]]
    /// Each command as typed (with `layerlab` first) and what it printed.
    public var commands: [CommandShown]
    /// How many commands the reference solution takes.
    public var referenceLength: Int
    /// The store as the commands left it.
    public var finalStore: StoreSnapshot
    /// The address of the registry the commands ran against (`$REGISTRY`), if the lesson has one.
    public var registry: String?

    public struct CommandShown: Sendable, Equatable {
        public var typed: String
        public var output: CommandOutput
    }

    public var solved: Bool { goal.allSatisfy(\.holds) }

    /// Runs `lesson`'s reference solution on a workspace of its own and reports the goal after it.
    /// - Throws: ``LessonError`` when the lesson has no exercise or its start cannot be made.
    public static func solving(_ lesson: Lesson, executor: any LessonExecutor, epoch: Int = 1_700_000_000)
        async throws -> ExerciseReport
    {
        guard let exercise = lesson.exercise else {
            throw LessonError(file: lesson.source, "the lesson has no exercise")
        }
        let workspace = try await ExerciseWorkspace.open(lesson, executor: executor, epoch: epoch)
        do {
            var commands: [CommandShown] = []
            var variables = workspace.variables
            for block in exercise.solution {
                for words in block.commands {
                    let ran = try await workspace.run(words.map { CommandWords.substitute($0, variables) })
                    commands.append(CommandShown(typed: CommandWords.typed(ran.words), output: ran.output))
                    if let name = block.capture {
                        variables[name] = ran.output.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                }
            }
            let state = await workspace.state
            let report = ExerciseReport(
                goal: workspace.progress(in: state), hints: exercise.hints.mapValues { $0.map(\.text) },
                commands: commands,
                referenceLength: exercise.referenceLength, finalStore: state.snapshot,
                registry: workspace.variables["REGISTRY"])
            await workspace.close()
            return report
        } catch {
            await workspace.close()
            throw error
        }
    }
}

/// The few words around an exercise, in each language.
public struct ExerciseWords: Sendable {
    public let heading: String
    public let goal: String
    public let hint: String
    public let solution: String
    public let solved: String
    public let notSolved: String

    public init(_ language: Language) {
        switch language {
        case .zh:
            heading = "练习"
            goal = "目标"
            hint = "提示"
            solution = "参考答案"
            solved = "完成"
            notSolved = "未完成"
        case .en:
            heading = "Exercise"
            goal = "Goal"
            hint = "Hint"
            solution = "Reference solution"
            solved = "solved"
            notSolved = "not solved"
        }
    }
}
