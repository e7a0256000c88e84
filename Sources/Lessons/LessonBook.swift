import Foundation
import Render

/// Writes what lessons showed as Markdown pages, one per lesson and language, beside the
/// lesson's diagrams (`<folder>/<id>/zh.md`, `en.md`), and an index of them all.
public enum LessonBook {
    public static func page(_ entries: [LessonEntry], language: Language) -> String {
        var page = ""
        for entry in entries {
            switch entry {
            case .title(let titles):
                page += "# \(Lesson.title(titles, language) ?? "")\n\n"
            case .prose(let text, let only):
                if only == nil || only == language { page += text + "\n\n" }
            case .command(let typed, let output, _):
                page += console(typed, output)
            case .file(let path, let content):
                page += "`\(path)`:\n\n```\n\(content)```\n\n"
            case .diagram(let kind, let paths):
                if let path = paths[language] { page += "![\(kind)](\((path as NSString).lastPathComponent))\n\n" }
            case .explanation(let texts):
                let text = texts[language] ?? ""
                page += "```text\n\(text)\(text.hasSuffix("\n") ? "" : "\n")```\n\n"
            case .exercise(let report):
                page += exercise(report, language: language)
            }
        }
        return page
    }

    /// The exercise: the goal as a list, the hints, and the reference solution folded away.
    static func exercise(_ report: ExerciseReport, language: Language) -> String {
        let words = ExerciseWords(language)
        var page = "## \(words.heading)\n\n\(words.goal):\n\n"
        page += report.goal.map { "- \($0.condition.words(language))\n" }.joined() + "\n"
        for hint in report.hints[language] ?? [] { page += "> \(words.hint): \(hint)\n\n" }
        page += "<details><summary>\(words.solution) (\(report.referenceLength))</summary>\n\n"
        for command in report.commands { page += console(command.typed, command.output.text) }
        return page + "</details>\n\n"
    }

    /// A command and what it printed, as a console block.
    static func console(_ typed: String, _ output: String) -> String {
        "```console\n$ \(typed)\n\(output)\(output.hasSuffix("\n") || output.isEmpty ? "" : "\n")```\n\n"
    }

    /// The index: every lesson's title in both languages, linked to its pages.
    public static func index(_ lessons: [Lesson]) -> String {
        var index = "# layerlab 课程 · layerlab lessons\n\n"
        index += "Written by `layerlab lesson run`: every command below ran for real on a fresh store. "
        index += "The same lessons as one page for a browser: [中文](book.zh.html), [English](book.en.html).\n\n"
        index += "| | 中文 | English |\n|---|---|---|\n"
        for lesson in lessons {
            index +=
                "| \(lesson.id) | [\(lesson.title(.zh))](\(lesson.id)/zh.md) | [\(lesson.title(.en))](\(lesson.id)/en.md) |\n"
        }
        return index
    }

    /// Writes both pages of a lesson into `<folder>/<id>/`.
    public static func write(_ entries: [LessonEntry], of lesson: Lesson, into folder: String) throws {
        let target = folder + "/" + lesson.id
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for language in Language.allCases {
            try Data(page(entries, language: language).utf8).write(
                to: URL(fileURLWithPath: "\(target)/\(language.rawValue).md"), options: .atomic)
        }
    }
}
