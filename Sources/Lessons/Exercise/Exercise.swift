import Foundation
import Render
import Trace

/// What a lesson asks the learner to do at its end: a goal checked on the store and the trace
/// (never on the typed text), the shortest known way to reach it, and hints.
///
/// The exercise starts from the lesson's own starting point: its fixtures, its `setup` commands
/// and the last version of each file it writes, in the order the lesson has them. The terminal
/// runner, the book and the playground all read this one description.
public struct Exercise: Sendable, Equatable {
    /// What to reach, one condition per line of the ```goal block: all must hold.
    public var goal: [GoalCondition]
    /// The reference solution: commands that reach the goal from the start, in one or more blocks
    /// (a block of one command may keep its output as a variable, `capture=NAME`).
    public var solution: [Lesson.CommandBlock]
    /// Hints in each language, given one at a time in order, skipping those for a goal line that
    /// already holds.
    public var hints: [Language: [Hint]]
    /// What the exercise asks, in each language: the lesson's prose right before the goal.
    public var task: [Language: String]
    /// Where the ```goal block starts, for messages.
    public var line: Int

    public init(
        goal: [GoalCondition], solution: [Lesson.CommandBlock], hints: [Language: [Hint]] = [:],
        task: [Language: String] = [:], line: Int
    ) {
        self.goal = goal
        self.solution = solution
        self.hints = hints
        self.task = task
        self.line = line
    }

    /// The task in `language`, else the Chinese one, else the English one; "" when the lesson has none.
    public func task(_ language: Language) -> String {
        task[language] ?? task[.zh] ?? task[.en] ?? ""
    }

    /// The files the exercise starts with (a Dockerfile and what it copies), by path: those in a
    /// folder its task or solution names. A folder only the lesson's text used (lesson 09's `other`)
    /// is left out, so the level shows no file the learner has no use for.
    public static func files(of lesson: Lesson) -> [(path: String, content: String)] {
        var files: [String: String] = [:]
        for case .file(let path, let content, _) in lesson.exerciseStart { files[path] = content }
        let named = lesson.exercise.map(\.namedPaths)
        return files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }.filter { file in
            let top = String(file.path.prefix { $0 != "/" })
            return named.map { $0.contains(top) } ?? true
        }
    }

    /// The words of the solution's commands and the task's, each also cut at its first `/`: the
    /// folders and files the exercise speaks of.
    private var namedPaths: Set<String> {
        let prose = task.values.flatMap { $0.split { !($0.isLetter || $0.isNumber || "._/-".contains($0)) } }
        let words = solution.flatMap { $0.commands.joined() } + prose.map(String.init)
        return Set(words.flatMap { [$0, String($0.prefix { $0 != "/" })] })
    }

    /// How many commands the reference solution takes, counted as a learner's are (``counts(_:)``).
    public var referenceLength: Int { solution.flatMap(\.commands).filter(counts).count }

    /// Whether a command (its words, without `layerlab` or `docker`) counts against the reference
    /// solution. One that only looks at the store (`images`, `history`, `ps`, `inspect`, `diff`,
    /// `search`) does not, unless the goal asks for it (`ran history`): checking one's work is no
    /// detour.
    public func counts(_ words: [String]) -> Bool {
        guard let looked = Self.looks(words) else { return true }
        return goal.contains { if case .ran(let kind, _) = $0 { kind.rawValue == looked } else { false } }
    }

    /// The kind of look `words` takes (`history` for `image history` too), or nil for a command
    /// that changes something.
    public static func looks(_ words: [String]) -> String? {
        guard let first = words.first else { return nil }
        if Self.looking.contains(first) { return first }
        return words.dropFirst().first.flatMap { Self.lookingSubcommands[first]?[$0] }
    }

    /// Docker's management forms of the looks (`image history`), by group and subcommand.
    private static let lookingSubcommands: [String: [String: String]] = [
        "image": ["ls": "images", "list": "images", "history": "history", "inspect": "inspect"],
        "container": ["ls": "ps", "list": "ps", "inspect": "inspect", "diff": "diff", "logs": "logs", "wait": "wait"],
        "system": ["df": "df", "info": "info"],
    ]

    private static let looking: Set<String> = [
        "images", "history", "ps", "inspect", "diff", "search", "logs", "wait", "version", "info",
    ]

    /// One hint; a hint `for` a line of the goal (```hint en for=2) helps only until that line holds,
    /// one with `until=` conditions (```hint en until=image app:1) only until one of them holds (a
    /// hint for the first of a line's steps stops once that step is done), and one with `when=`
    /// conditions only while all of them hold (a hint for a wrong turn, once it is taken).
    public struct Hint: Sendable, Equatable {
        public var text: String
        /// The goal line it leads to, from 1.
        public var goalLine: Int?
        /// The steps it leads to: once one holds, the hint no longer helps.
        public var until: [GoalCondition]
        /// What must hold for the hint to fit.
        public var when: [GoalCondition]

        public init(_ text: String, goalLine: Int? = nil, until: [GoalCondition] = [], when: [GoalCondition] = []) {
            self.text = text
            self.goalLine = goalLine
            self.until = until
            self.when = when
        }

        /// Whether it still helps: its goal line (`holding`, line by line) does not hold yet, nor any
        /// of its `until` conditions in `state`, and every one of its `when` conditions does (with the
        /// lesson's `variables` filled in).
        public func helps(holding: [Bool], state: ExerciseState, variables: [String: String]) -> Bool {
            if let line = goalLine, holding.indices.contains(line - 1), holding[line - 1] { return false }
            return !until.contains { state.holds($0.substituting(variables)) }
                && when.allSatisfy { state.holds($0.substituting(variables)) }
        }
    }

    /// The hints in `language`, else the Chinese ones (the course's), else the English ones.
    public func hints(_ language: Language) -> [Hint] {
        hints[language] ?? hints[.zh] ?? hints[.en] ?? []
    }

    /// What one more `hint` shows: the hints given so far that still help, then the first that
    /// still helps and was not given yet, so a learner past a step is not told it again.
    /// - Returns: the texts to show, and the hints given so far (by index) with the new one.
    public func nextHints(_ language: Language, given: Set<Int>, helps: (Hint) -> Bool) -> (
        shown: [String], given: Set<Int>
    ) {
        let all = hints(language)
        let helping = all.indices.filter { helps(all[$0]) }
        var given = given
        if let next = helping.first(where: { !given.contains($0) }) { given.insert(next) }
        return (helping.filter(given.contains).map { all[$0].text }, given)
    }

    /// The reference solution as a learner types it in the playground: `NAME=$(layerlab …)` for a
    /// command whose output is kept, and `"$NAME"` where it is used.
    public var solutionLines: [String] {
        solution.flatMap { block in
            block.commands.map { words in
                let typed = (["layerlab"] + words.map(Self.shown)).joined(separator: " ")
                return block.capture.map { "\($0)=$(\(typed))" } ?? typed
            }
        }
    }

    private static func shown(_ word: String) -> String {
        guard word.contains("${") else { return CommandWords.quoted(word) }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
