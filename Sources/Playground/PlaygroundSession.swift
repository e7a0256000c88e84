import Foundation
import Lessons
import OCI
import Render
import Trace

/// The learner's one session: the level being played, its workspace, the hints given so far, and
/// the goal pictures (each level's reference solution run once, in the background). The page
/// talks to one; so does `lesson run` on a terminal, without pictures.
public actor PlaygroundSession {
    private let levels: [Lesson]
    private let executor: any LessonExecutor
    private var level: Lesson
    private var workspace: ExerciseWorkspace?
    /// The level's hints given so far, by index.
    private var hintsGiven: Set<Int> = []
    /// The count the level was solved in, kept while it stays solved: looking around afterwards
    /// does not change the score.
    private var solvedWith: Int?
    /// What `NAME=$(…)` kept in this level, beside the level's own `$REGISTRY`.
    private var captured: [String: String] = [:]
    private var goals: [String: Task<ExerciseReport, any Error>] = [:]
    /// The workspace being opened: a request that arrives meanwhile (the page asks for the goal
    /// picture as it opens a level) waits for it instead of opening a second one.
    private var opening: Task<ExerciseWorkspace, any Error>?
    /// Whether replies carry the store's pictures (the page's), or only words (a terminal's).
    private let drawsPictures: Bool
    /// The words explained so far in this session: each is explained once, where it is first used.
    private var explained: Set<Term> = []
    /// How a command's help is shown.
    private let help: LearnerHelp
    /// The commands a learner can type, layerlab's and the playground's own, for a misspelt one.
    private let commandNames: [String]

    /// The clock of each level's setup and of its reference solution (`SOURCE_DATE_EPOCH`): one
    /// instant, so the goal's base images are the very images the learner starts from.
    private let epoch: Int
    /// The clock of the learner's own commands.
    private let learnerClock: ExerciseWorkspace.LearnerClock

    /// - Parameters:
    ///   - epoch: the setup's clock, by default the lessons' own, so IDs read as in the book.
    ///   - learnerClock: the learner's commands' clock: the same fixed one, or the wall clock (the
    ///     goal picture pairs what they make with the reference solution's, whatever its IDs).
    ///   - flags: each command's flags, by command path; the ones all share are left out of help.
    public init(
        lessons: [Lesson], executor: any LessonExecutor, drawsPictures: Bool = true, epoch: Int = 1_700_000_000,
        learnerClock: ExerciseWorkspace.LearnerClock = .fixed, flags: [String: [String]] = [:]
    ) {
        self.learnerClock = learnerClock
        help = LearnerHelp(sharedFlags: LearnerHelp.sharedFlags(of: flags))
        let layerlab = Set(flags.keys.compactMap { $0.split(separator: " ").first.map(String.init) })
            .subtracting(PlaygroundInput.refused)
        commandNames = (layerlab.sorted() + PlaygroundInput.ownCommands).filter { !$0.isEmpty }
        levels = lessons.filter { $0.exercise != nil }
        self.executor = executor
        self.drawsPictures = drawsPictures
        self.epoch = epoch
        level = levels.first ?? Sandbox.lesson
    }

    func summaries(_ language: Language) -> [LevelSummary] {
        levels.map {
            LevelSummary(id: $0.id, title: $0.title(language), reference: $0.exercise?.referenceLength ?? 0)
        }
    }

    /// Stops the registry and removes the workspace.
    public func close() async {
        await workspace?.close()
        workspace = nil
        for task in goals.values { task.cancel() }
    }

    /// The current state, opening the level's workspace if it has none yet.
    public func state(_ language: Language) async throws -> PlaygroundReply {
        let workspace = try await currentWorkspace()
        return try await reply(workspace, language: language, output: "", status: 0, ran: nil, records: [])
    }

    /// The level's commands so far with what each printed, narrated in `language`: what the page
    /// shows again when the learner switches language, so the terminal speaks one language.
    public func transcript(_ language: Language) async throws -> Transcript {
        let workspace = try await currentWorkspace()
        let narrator = Narrator(language: language)
        var explained: Set<Term> = []
        var names = ImageNames().following(workspace.startRecords)
        return Transcript(
            level: level.id,
            entries: await workspace.attempt.map { command in
                defer { names = names.following(command.records) }
                return TranscriptEntry(
                    ran: CommandWords.typed(command.words), output: command.output.text, status: command.output.status,
                    gist: narrator.gist(of: command.records, names: names),
                    narration: Self.withoutRepeatedFailure(
                        narrator.narrate(command.records, explaining: &explained), records: command.records,
                        output: command.output.text
                    ).map(NarrationLine.init))
            })
    }

    /// Handles one line of the command box.
    public func handle(_ line: String, language: Language) async throws -> PlaygroundReply {
        let workspace = try await currentWorkspace()
        let words = Words(language)
        let input: PlaygroundInput
        switch PlaygroundInput.parse(line, variables: workspace.variables.merging(captured) { $1 }) {
        case .success(let parsed): input = parsed
        case .failure(let error):
            return try await reply(
                workspace, language: language, output: error.message(language), status: 2, ran: nil, records: [])
        }
        switch input {
        case .command(let command):
            let ran = try await workspace.run(command)
            return try await reply(
                workspace, language: language, output: ran.output.text, status: ran.output.status,
                ran: CommandWords.typed(ran.words), records: ran.records, attempted: ran)
        case .capture(let name, let command):
            let ran = try await workspace.run(command)
            if ran.output.status == 0 {
                captured[name] = ran.output.text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return try await reply(
                workspace, language: language, output: ran.output.text, status: ran.output.status,
                ran: "\(name)=$(\(CommandWords.typed(ran.words)))", records: ran.records, attempted: ran)
        case .consult(let command):
            // `ran` stays nil: the page keeps only counted commands for replaying a level.
            let output = try await workspace.consult(command)
            return try await reply(
                workspace, language: language, output: help.shown(output.text, command: command, language: language),
                status: output.status, ran: nil, records: [])
        case .listFiles(let folder):
            let paths = Exercise.files(of: level).map(\.path).filter { path in
                folder.map { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } ?? true
            }
            guard !paths.isEmpty else {
                return try await answer(folder.map(words.noSuchFile) ?? words.noFiles, workspace, language, status: 1)
            }
            return try await answer(paths.joined(separator: "\n"), workspace, language)
        case .showFile(let path):
            guard let file = Exercise.files(of: level).first(where: { $0.path == path }) else {
                return try await answer(words.noSuchFile(path), workspace, language, status: 1)
            }
            return try await answer(file.content, workspace, language)
        case .help:
            return try await answer(words.help, workspace, language)
        case .levels:
            let list = summaries(language).enumerated().map { "level \($0.offset + 1)  \($0.element.title)" }
            let lines = [words.levelsHeading] + list + ["sandbox  " + words.sandboxLine]
            return try await answer(lines.joined(separator: "\n"), workspace, language)
        case .level(let name):
            guard let chosen = try? LessonCatalog.select([name], from: levels).first else {
                return try await answer(words.noSuchLevel(name), workspace, language, status: 1)
            }
            return try await open(chosen, language: language)
        case .sandbox:
            return try await open(Sandbox.lesson, language: language)
        case .reset:
            var reply = try await open(level, language: language)
            reply.output = words.restarted
            return reply
        case .undo:
            // A look changed nothing: undone alone, it would seem to do nothing, so the command
            // before it goes too (the goal's own looks, `ran history`, count as commands).
            var undone: [String] = []
            while let last = await workspace.attempt.last, try await workspace.undo() {
                undone.insert(ShellWord.line(last.words), at: 0)
                if level.exercise?.counts(last.words) ?? (Exercise.looks(last.words) == nil) { break }
            }
            let restarted = await workspace.restarted
            return try await answer(
                undone.isEmpty
                    ? words.nothingToUndo
                    : words.undone(undone) + (restarted.isEmpty ? "" : " " + words.startedAgain(restarted)),
                workspace, language)
        case .hint:
            guard let exercise = level.exercise, !exercise.hints(language).isEmpty else {
                return try await answer(words.noHints, workspace, language)
            }
            let state = await workspace.state
            let holding = workspace.progress(in: state).map(\.holds)
            // Asked when solved, or with nothing a hint fits: say so, rather than nothing.
            if holding.allSatisfy({ $0 }) { return try await answer(words.solvedNoHint, workspace, language) }
            let next = exercise.nextHints(language, given: hintsGiven) {
                $0.helps(holding: holding, state: state, variables: workspace.variables)
            }
            hintsGiven = next.given
            let shown = next.shown.isEmpty ? words.noHintFits : next.shown.joined(separator: "\n")
            var reply = try await answer(shown, workspace, language)
            reply.prose = true
            return reply
        case .showGoal:
            guard level.exercise != nil else { return try await answer(words.sandboxHasNoGoal, workspace, language) }
            let lines = await workspace.progress.map { "\($0.holds ? "☑" : "☐") \($0.condition.words(language))" }
            return try await answer(lines.joined(separator: "\n"), workspace, language)
        case .showSolution:
            guard let exercise = level.exercise else {
                return try await answer(words.sandboxHasNoGoal, workspace, language)
            }
            return try await answer(exercise.solutionLines.joined(separator: "\n"), workspace, language)
        }
    }

    /// Opens `lesson` as the level: a fresh workspace, no hints given.
    func open(_ lesson: Lesson, language: Language) async throws -> PlaygroundReply {
        if let opening { _ = try? await opening.value }
        await workspace?.close()
        workspace = nil
        level = lesson
        hintsGiven = []
        solvedWith = nil
        captured = [:]
        let opened = try await currentWorkspace()
        return try await reply(opened, language: language, output: "", status: 0, ran: nil, records: [])
    }

    /// The goal of the level `id` drawn: the store as its reference solution leaves it.
    func goalPicture(_ id: String, language: Language) async throws -> GoalPicture {
        guard let lesson = levels.first(where: { $0.id == id }) else {
            throw PlaygroundError(message: "no level \(id)")
        }
        let task =
            goals[id]
            ?? Task { [executor, epoch] in
                try await ExerciseReport.solving(lesson, executor: executor, epoch: epoch)
            }
        goals[id] = task
        let report = try await task.value
        var goal = report.finalStore
        // The reference solution ran against a registry of its own; drawn with the learner's
        // address, the goal's names read as the learner types them and match the store's.
        if let theirs = report.registry, let mine = try await currentWorkspace().variables["REGISTRY"], theirs != mine {
            goal = Self.renamingRegistry(theirs, to: mine, in: goal)
        }
        let picture = try Pictures.store(goal, language: language)
        return GoalPicture(level: id, svg: picture.svg, heading: picture.heading)
    }

    static func renamingRegistry(_ old: String, to new: String, in snapshot: StoreSnapshot) -> StoreSnapshot {
        var renamed = snapshot
        for index in renamed.images.indices {
            renamed.images[index].references = renamed.images[index].references.map { reference in
                let text = reference.description
                guard text.hasPrefix(old + "/"),
                    let moved = try? Reference.parseDocker(new + text.dropFirst(old.count))
                else { return reference }
                return moved
            }
        }
        return renamed
    }

    private func currentWorkspace() async throws -> ExerciseWorkspace {
        if let workspace { return workspace }
        if let opening { return try await opening.value }
        // The lessons' registry port when it is free, so `$REGISTRY` reads as in the book.
        let wanted = level
        let task = Task { [executor] in
            try await ExerciseWorkspace.open(
                wanted, executor: executor, epoch: epoch, preferredRegistryPort: 5000, learnerClock: learnerClock)
        }
        opening = task
        let opened: ExerciseWorkspace
        do {
            opened = try await task.value
        } catch {
            opening = nil
            throw error
        }
        opening = nil
        // The learner may have gone to another level while this one opened.
        guard wanted.id == level.id else {
            await opened.close()
            return try await currentWorkspace()
        }
        workspace = opened
        return opened
    }

    private func answer(_ text: String, _ workspace: ExerciseWorkspace, _ language: Language, status: Int32 = 0)
        async throws -> PlaygroundReply
    {
        try await reply(workspace, language: language, output: text, status: status, ran: nil, records: [])
    }

    /// For a command its parser refused (a missing argument, a misspelt flag: Docker's message,
    /// which ends "See 'docker CMD --help'."), the page adds in its own language where to look.
    private func reply(
        _ workspace: ExerciseWorkspace, language: Language, output: String, status: Int32, ran: String?,
        records: [TraceRecord], attempted: ExerciseWorkspace.AttemptedCommand? = nil
    ) async throws -> PlaygroundReply {
        let state = await workspace.state
        let progress = workspace.progress(in: state)
        let words = Words(language)
        let adviser = CommandAdvice(
            words: words, registry: workspace.variables["REGISTRY"], containers: state.containers,
            buildFolders: Exercise.files(of: level).map(\.path).filter { $0.hasSuffix("/Dockerfile") }
                .map { String($0.dropLast("/Dockerfile".count)) },
            repositories: Set(state.snapshot.images.flatMap(\.references).map(\.familiarName)),
            commands: commandNames)
        let mismatches = GoalNameMismatch.find(
            in: records, goal: progress.map(\.condition), snapshot: state.snapshot)
        let advice =
            attempted.flatMap {
                adviser.advice($0.words, status: $0.output.status, output: $0.output.text, traced: !$0.records.isEmpty)
            }.map { [$0] } ?? []
        let setbacks = GoalSetback.find(in: records, goal: progress.map(\.condition))
        let lines = advice + mismatches.map(words.nameMismatch) + setbacks.map(words.setback)
        let narration =
            Self.withoutRepeatedFailure(
                Narrator(language: language).narrate(records, explaining: &explained), records: records, output: output
            ).map(NarrationLine.init)
            + lines.map { NarrationLine(Narration(.advice, $0)) }
        let last = drawsPictures ? try Pictures.lastCommand(records, language: language) : nil
        let store = drawsPictures ? try Pictures.store(state.snapshot, language: language) : nil
        let attempt = await workspace.attempt
        let solved = !progress.isEmpty && progress.allSatisfy(\.holds)
        // A command that failed without a trace did nothing (its parser refused it, or it named
        // nothing there is): it is not counted.
        // Nor is one that only looks, unless the goal asks for it.
        let counted = attempt.filter {
            ($0.output.status == 0 || !$0.records.isEmpty)
                && (level.exercise?.counts($0.words) ?? (Exercise.looks($0.words) == nil))
        }.count
        solvedWith = solved ? solvedWith ?? counted : nil
        // Every record of the level, its setup's too: what the registry holds, which IDs stand for which node.
        let session = workspace.startRecords + attempt.flatMap(\.records)
        return PlaygroundReply(
            level: LevelInfo(
                id: level.id, title: level.title(language), registry: workspace.variables["REGISTRY"],
                task: level.exercise?.task(language) ?? "", files: Exercise.files(of: level).map(\.path)),
            ran: ran, output: output, status: status,
            gist: Narrator(language: language).gist(of: records, names: ImageNames().following(session)),
            narration: narration,
            store: store?.svg ?? "", storeHeading: store?.heading,
            lastDiagram: last.map { Diagram(kind: $0.kind, svg: $0.svg) },
            registry: try workspace.variables["REGISTRY"].flatMap { address in
                drawsPictures ? try Pictures.registry(session, address: address, language: language) : nil
            },
            goal: progress.map { GoalLine(text: $0.condition.words(language), holds: $0.holds) },
            solved: solved, commands: attempt.count,
            counted: solvedWith ?? counted,
            reference: level.exercise?.referenceLength,
            details: drawsPictures ? NodeDetails.of(state.snapshot, language: language) : [:],
            aliases: drawsPictures ? NodeAliases.of(state.snapshot, records: session) : [:])
    }

    /// The narration without its `Failed: …` when the terminal shows that very error just above it,
    /// as Docker printed it: a learner read the one message twice.
    static func withoutRepeatedFailure(_ narration: [Narration], records: [TraceRecord], output: String)
        -> [Narration]
    {
        let errors = records.compactMap { record -> String? in
            if case .operationFinished(let error?) = record.event { error } else { nil }
        }
        guard !errors.isEmpty, errors.allSatisfy(output.contains) else { return narration }
        return narration.filter { $0.kind != .failure }
    }
}
