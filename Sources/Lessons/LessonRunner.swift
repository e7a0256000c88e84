import Foundation
import Render

/// Runs a lesson's steps in a fresh workspace of its own: a new store, the fixtures it asks for,
/// and an embedded registry on loopback when it needs one. Every command runs for real through the
/// executor with a fixed clock (SOURCE_DATE_EPOCH), so a lesson gives the same image IDs on every
/// run, and each writes its own trace for the diagrams and explanations after it.
public struct LessonRunner: Sendable {
    public var executor: any LessonExecutor
    /// Where the diagrams go: `<folder>/<lesson id>/`.
    public var outputFolder: String
    /// The fixed time of every file and image the lesson makes.
    public var epoch: Int
    /// Called with each entry as it happens (the terminal's view).
    public var onEntry: @Sendable (LessonEntry) async -> Void

    /// The account `registry: token` lessons log in with.
    public static let user = "tour"
    public static let password = "tour-password"
    static let preferredRegistryPort = 5000

    public init(
        executor: any LessonExecutor, outputFolder: String, epoch: Int = 1_700_000_000,
        onEntry: @escaping @Sendable (LessonEntry) async -> Void = { _ in }
    ) {
        self.executor = executor
        // Absolute: the lesson's commands run in its workspace, not in this process's folder.
        self.outputFolder = URL(fileURLWithPath: outputFolder).standardizedFileURL.path
        self.epoch = epoch
        self.onEntry = onEntry
    }

    /// Runs `lesson` and returns what it showed.
    /// - Throws: ``LessonError`` naming the lesson's file and line when a command fails that should
    ///   not (or succeeds where it should fail), or an `expect` line is not in the output.
    public func run(_ lesson: Lesson) async throws -> [LessonEntry] {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlab-lesson-\(lesson.id)-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try FileManager.default.createDirectory(atPath: workspace + "/traces", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: outputFolder + "/" + lesson.id, withIntermediateDirectories: true)
        for fixture in lesson.fixtures { try FixtureMaker.make(fixture, in: workspace, epoch: epoch) }

        guard let need = lesson.registry else {
            var session = LessonSession(runner: self, lesson: lesson, workspace: workspace, variables: [:])
            return try await session.run()
        }
        // Port 5000, the registry's usual one, so the book reads like every registry tutorial and
        // is the same on each run; any free port when 5000 is taken.
        let registry = try await RunningRegistry.start(
            for: need, root: workspace + "/registry", usersFile: workspace + "/registry-users",
            preferredPort: Self.preferredRegistryPort)
        do {
            var session = LessonSession(
                runner: self, lesson: lesson, workspace: workspace,
                variables: ["REGISTRY": "127.0.0.1:\(registry.port)"])
            let entries = try await session.run()
            await registry.stop()
            return entries
        } catch {
            await registry.stop()
            throw error
        }
    }
}

/// One run of one lesson: the steps in order, and what the last commands printed and traced.
private struct LessonSession {
    let runner: LessonRunner
    let lesson: Lesson
    let workspace: String
    var variables: [String: String]
    var entries: [LessonEntry] = []
    var lastOutput = ""
    var lastTrace: String?
    var commandCount = 0
    var diagramCount = 0

    init(runner: LessonRunner, lesson: Lesson, workspace: String, variables: [String: String]) {
        self.runner = runner
        self.lesson = lesson
        self.workspace = workspace
        self.variables = variables
    }

    var environment: [String: String] { ExerciseWorkspace.environment(work: workspace, epoch: runner.epoch) }

    mutating func run() async throws -> [LessonEntry] {
        await show(.title(lesson.titles))
        for step in lesson.steps {
            switch step {
            case .prose(let text, let language):
                await show(.prose(text, language: language))
            case .commands(let block):
                try await commands(block)
            case .expect(let checks, let line):
                try expect(checks, line: line)
            case .file(let path, let content, let line):
                let target = workspace + "/" + path
                do {
                    try FileManager.default.createDirectory(
                        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(content.utf8).write(to: URL(fileURLWithPath: target))
                } catch {
                    throw failure(line, "cannot write \(path): \(error)")
                }
                await show(.file(path: path, content: content))
            case .diagram(let kind, let line):
                guard let trace = lastTrace else { throw failure(line, "no command before it wrote a trace") }
                try await diagram(["render", trace, "--kind", kind], name: kind, line: line)
            case .graph(let arguments, let line):
                try await diagram(["graph"] + arguments, name: "graph", line: line)
            case .explain(let line):
                guard let trace = lastTrace else { throw failure(line, "no command before it wrote a trace") }
                var texts: [Language: String] = [:]
                for language in Language.allCases {
                    let result = try await execute(["explain", trace, "--lang", language.rawValue], traced: false)
                    guard result.status == 0 else { throw failure(line, "explain failed:\n\(result.text)") }
                    texts[language] = result.text
                }
                await show(.explanation(texts))
            }
        }
        if let exercise = lesson.exercise {
            let report = try await ExerciseReport.solving(lesson, executor: runner.executor, epoch: runner.epoch)
            guard report.solved else {
                let missed = report.goal.filter { !$0.holds }.map { "  ✗ " + $0.condition.words(.en) }
                let commands = report.commands.map { "$ \($0.typed)\n\($0.output.text)" }
                throw failure(
                    exercise.line,
                    "the ```solution does not reach the ```goal:\n\(missed.joined(separator: "\n"))\n"
                        + "after:\n\(commands.joined())")
            }
            await show(.exercise(report))
        }
        return entries
    }

    mutating func commands(_ block: Lesson.CommandBlock) async throws {
        lastOutput = ""
        for words in block.commands {
            let arguments = words.map { CommandWords.substitute($0, variables) }
            let result = try await execute(arguments, traced: true)
            lastOutput += result.text
            let typed = CommandWords.typed(arguments)
            if block.failing, result.status == 0 {
                throw failure(block.line, "`\(typed)` was meant to fail, but it succeeded:\n\(result.text)")
            }
            if !block.failing, result.status != 0 {
                throw failure(block.line, "`\(typed)` failed (exit \(result.status)):\n\(result.text)")
            }
            if !block.hidden { await show(.command(typed, output: result.text, status: result.status)) }
            if let name = block.capture {
                variables[name] = result.text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }

    func expect(_ checks: [String], line: Int) throws {
        for check in checks.map({ CommandWords.substitute($0, variables) }) where !lastOutput.contains(check) {
            throw failure(line, "the output above has no \"\(check)\"; it was:\n\(lastOutput)")
        }
    }

    /// Draws a diagram in every language, so each book shows it in its reader's words.
    mutating func diagram(_ arguments: [String], name: String, line: Int) async throws {
        diagramCount += 1
        var paths: [Language: String] = [:]
        for language in Language.allCases {
            let relative = "\(lesson.id)/\(diagramCount)-\(name).\(language.rawValue).svg"
            let result = try await execute(
                arguments + ["--lang", language.rawValue, "-o", runner.outputFolder + "/" + relative], traced: false)
            guard result.status == 0 else { throw failure(line, "the diagram was not drawn:\n\(result.text)") }
            paths[language] = relative
        }
        await show(.diagram(kind: name, paths: paths))
    }

    /// Runs one command; a traced one writes its own trace file, which becomes the last trace.
    mutating func execute(_ arguments: [String], traced: Bool) async throws -> CommandOutput {
        var environment = environment
        var trace: String?
        if traced {
            commandCount += 1
            trace = workspace + "/traces/\(commandCount).jsonl"
            environment["LAYERLAB_TRACE"] = trace
        }
        let result = try await runner.executor.run(arguments, environment: environment, directory: workspace)
        if let trace, let size = try? FileManager.default.attributesOfItem(atPath: trace)[.size] as? Int, size > 0 {
            lastTrace = trace
        }
        return result
    }

    mutating func show(_ entry: LessonEntry) async {
        entries.append(entry)
        await runner.onEntry(entry)
    }

    func failure(_ line: Int, _ message: String) -> LessonError {
        LessonError(file: lesson.source, line: line, message)
    }

}
