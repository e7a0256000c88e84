import Foundation
import Lessons
import Render

/// Shows a running lesson on the terminal in one language, and on a terminal waits for Enter
/// after each command so the learner can read it.
struct LessonView: Sendable {
    let language: Language
    let waits: Bool
    /// Whether the learner tries each exercise next (``TerminalExercise``): the reference solution
    /// is then not shown.
    let practises: Bool
    /// Where the diagrams are written, so the learner can open them.
    let outputFolder: String
    let bold: Bool

    init(
        language: Language, waits: Bool, practises: Bool = false, outputFolder: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.language = language
        self.waits = waits
        self.practises = practises
        self.outputFolder = outputFolder
        bold = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil
    }

    func show(_ entry: LessonEntry) async {
        switch entry {
        case .title(let titles):
            emit("\n" + strong("══ \(Lesson.title(titles, language) ?? "") ══"))
        case .prose(let text, let only):
            if only == nil || only == language { emit("\n" + text) }
        case .command(let typed, let output, _):
            emit("\n" + strong("$ \(typed)"))
            if !output.isEmpty { print(output, terminator: output.hasSuffix("\n") ? "" : "\n") }
            pause()
        case .file(let path, let content):
            emit("\n── \(path) ──")
            print(content, terminator: "")
        case .diagram(let kind, let paths):
            if let path = paths[language] { emit("\n→ \(kind): \(outputFolder)/\(path)") }
        case .explanation(let texts):
            print(texts[language] ?? "", terminator: "")
        case .exercise(let report):
            let words = ExerciseWords(language)
            emit("\n" + strong("── \(words.heading) ──"))
            guard !practises else { return }
            emit("\(words.goal):")
            for progress in report.goal { emit("  - \(progress.condition.words(language))") }
            emit("\n\(words.solution) (\(report.referenceLength)):")
            for command in report.commands {
                emit(strong("$ \(command.typed)"))
                let output = command.output.text
                if !output.isEmpty { print(output, terminator: output.hasSuffix("\n") ? "" : "\n") }
            }
            for progress in report.goal { emit("\(progress.holds ? "✓" : "✗") \(progress.condition.words(language))") }
            emit(report.solved ? words.solved : words.notSolved)
        }
    }

    func strong(_ text: String) -> String {
        bold ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    private func pause() {
        guard waits else { return }
        FileHandle.standardError.write(Data((language == .zh ? "[回车继续]" : "[Enter to go on]").utf8))
        _ = readLine()
    }
}
