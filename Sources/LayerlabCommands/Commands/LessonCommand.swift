import ArgumentParser
import Foundation
import Lessons
import Render

/// `layerlab lesson`: the guided lessons of `Lessons/`, which follow the course's chapters.
struct LessonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Run the guided lessons: real commands on a fresh store, explained and drawn.",
        subcommands: [List.self, RunLessons.self, Check.self]
    )

    struct Source: ParsableArguments {
        @Option(
            name: .long,
            help:
                "The folder of lesson files (default: ./Lessons, else the checkout's Lessons/ this layerlab was built in)."
        )
        var lessons: String?

        func load() throws -> [Lesson] {
            try LessonCatalog.load(folder: lessons ?? Self.defaultFolder)
        }

        /// `./Lessons` when there is one; else the `Lessons/` of the checkout that built this
        /// executable (`.build/<triple>/debug/layerlab` is a few folders below it), so `lesson run`
        /// works from any folder.
        static var defaultFolder: String {
            let files = FileManager.default
            if files.fileExists(atPath: "Lessons") { return "Lessons" }
            var folder = URL(fileURLWithPath: ProcessExecutor.current.executable).deletingLastPathComponent()
            for _ in 0..<4 {
                folder.deleteLastPathComponent()
                let candidate = folder.appendingPathComponent("Lessons").path
                if files.fileExists(atPath: candidate) { return candidate }
            }
            return "Lessons"
        }
    }

    /// `layerlab lesson list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the lessons.")

        @OptionGroup var source: Source

        func run() async throws {
            try reportingErrors {
                // Chinese last: the table pads by characters, and a Chinese character is two columns wide.
                var table = Table(["LESSON", "TITLE", "标题"])
                for lesson in try source.load() { table.append([lesson.id, lesson.title(.en), lesson.title(.zh)]) }
                table.render().forEach(emit)
            }
        }
    }

    /// `layerlab lesson run [NAME…]`
    struct RunLessons: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run lessons (all of them, or those named by id, number or name).",
            discussion: HelpText.unwrapped(
                """
                Each lesson runs on a fresh store in a temporary folder, with a registry of its own when it
                needs one. On a terminal the lesson waits for Enter after each step; with --yes, or when
                standard input is not a terminal, it runs straight through. On a terminal (or with
                --practice) each lesson ends with its exercise for you to try: your commands run on the
                lesson's starting store until the goal holds (hint, undo, reset, show solution; skip goes on).
                Diagrams and a book of what each lesson showed (in Chinese and English) go to the output folder.
                Example: layerlab lesson run 01 rmi --lang zh
                """)
        )

        @OptionGroup var source: Source

        @Argument(help: "Lessons to run: an id (03-images), its number (3) or its name (images).")
        var names: [String] = []

        @Option(
            name: .shortAndLong, help: "Where diagrams and the book go (default: Output/lessons).",
            transform: { URL(fileURLWithPath: $0).standardizedFileURL.path })
        var output = "Output/lessons"

        @Option(name: .long, help: "The language shown on the terminal: en or zh (default: from LANG).")
        var lang: String?

        @Flag(name: .shortAndLong, help: "Do not wait for Enter between steps, nor for your exercise.")
        var yes = false

        @Flag(help: "Take your commands for each exercise, from standard input (the default on a terminal).")
        var practice = false

        func run() async throws {
            try await reportingErrors {
                let lessons = try source.load()
                let chosen = try LessonCatalog.select(names, from: lessons)
                let onTerminal = !yes && isatty(STDIN_FILENO) == 1
                let practises = practice || onTerminal
                let language = try GlobalOptions.language(lang)
                let view = LessonView(
                    language: language, waits: onTerminal, practises: practises, outputFolder: output)
                let runner = LessonRunner(
                    executor: ProcessExecutor.current, outputFolder: output, onEntry: { await view.show($0) })
                var chapters: [LessonHTMLBook.Chapter] = []
                for lesson in chosen {
                    let entries = try await runner.run(lesson)
                    if practises, lesson.exercise != nil {
                        _ = try await TerminalExercise(
                            lesson: lesson, language: language, executor: ProcessExecutor.current, view: view
                        ).run(nextLine: { readLine() })
                    }
                    try LessonBook.write(entries, of: lesson, into: output)
                    chapters.append(.init(lesson: lesson, entries: entries))
                }
                try Data(LessonBook.index(lessons).utf8).write(
                    to: URL(fileURLWithPath: output + "/README.md"), options: .atomic)
                try LessonHTMLBook.write(chapters, into: output)
                emit(
                    "\n\(chosen.count) lesson(s) done; the book is in \(output)/README.md, "
                        + "and in \(output)/book.zh.html and book.en.html for a browser")
            }
        }
    }

    /// `layerlab lesson check FILE…`
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check lesson files: every step runs, and the exercise's reference solution reaches its goal.",
            discussion: HelpText.unwrapped(
                """
                Runs each lesson as `lesson run` would, on a fresh store, then runs its exercise's
                ```solution from the exercise's start and checks each line of its ```goal. Exits 1 when a step
                fails or the goal is not reached. Example: layerlab lesson check Lessons/08-rmi.md
                """)
        )

        @Argument(help: "Lesson files (Markdown, as in Lessons/).")
        var files: [String]

        @Option(name: .long, help: "The language of the report: en or zh (default: from LANG).")
        var lang: String?

        func run() async throws {
            try await reportingErrors {
                let language = try GlobalOptions.language(lang)
                let output = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "layerlab-lesson-check-\(UUID().uuidString)"
                ).path
                defer { try? FileManager.default.removeItem(atPath: output) }
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw LessonError(file: file, "cannot read the lesson")
                    }
                    let id = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                    let lesson = try LessonParser.parse(String(decoding: data, as: UTF8.self), id: id, file: file)
                    // The runner fails the lesson when a step fails or the solution misses the goal.
                    let entries = try await LessonRunner(executor: ProcessExecutor.current, outputFolder: output)
                        .run(lesson)
                    let report = entries.lazy.compactMap { entry -> ExerciseReport? in
                        if case .exercise(let report) = entry { report } else { nil }
                    }.first
                    guard let report else {
                        emit("\(file): every step ran; no exercise")
                        continue
                    }
                    emit(
                        "\(file): every step ran; the reference solution (\(report.referenceLength) command(s)) reaches:"
                    )
                    for progress in report.goal { emit("  ✓ \(progress.condition.words(language))") }
                }
            }
        }
    }
}
