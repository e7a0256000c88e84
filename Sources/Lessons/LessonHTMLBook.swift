import Foundation
import Ink
import Render

/// The lessons as one HTML page per language, to read in a browser without anything else: the
/// prose as HTML, each command with its real output, and every diagram inline, so its tooltips
/// (full digests, cache-miss reasons) work.
public enum LessonHTMLBook {
    /// One lesson as it ran.
    public struct Chapter: Sendable {
        public var lesson: Lesson
        public var entries: [LessonEntry]

        public init(lesson: Lesson, entries: [LessonEntry]) {
            self.lesson = lesson
            self.entries = entries
        }
    }

    /// The page, with diagrams read from `folder` (where the runner wrote them).
    public static func page(_ chapters: [Chapter], language: Language, diagramsIn folder: String) -> String {
        let other: Language = language == .zh ? .en : .zh
        var html = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(language == .zh ? "layerlab 课程" : "layerlab lessons")</title>
            <style>\(style)</style>
            </head>
            <body>
            <nav><a href="book.\(other.rawValue).html">\(other == .zh ? "中文" : "English")</a><ol>

            """
        for chapter in chapters {
            html += "<li><a href=\"#\(chapter.lesson.id)\">\(escaped(chapter.lesson.title(language)))</a></li>\n"
        }
        html += "</ol></nav>\n<main>\n"
        let markdown = MarkdownParser()
        for chapter in chapters {
            html += "<section id=\"\(chapter.lesson.id)\">\n"
            for entry in chapter.entries {
                html += section(entry, language: language, markdown: markdown, folder: folder)
            }
            html += "</section>\n"
        }
        return html + "</main>\n</body>\n</html>\n"
    }

    /// Writes `book.zh.html` and `book.en.html` into `folder`, beside the diagrams.
    public static func write(_ chapters: [Chapter], into folder: String) throws {
        for language in Language.allCases {
            try Data(page(chapters, language: language, diagramsIn: folder).utf8).write(
                to: URL(fileURLWithPath: "\(folder)/book.\(language.rawValue).html"), options: .atomic)
        }
    }

    private static func section(_ entry: LessonEntry, language: Language, markdown: MarkdownParser, folder: String)
        -> String
    {
        switch entry {
        case .title(let titles):
            return "<h1>\(escaped(Lesson.title(titles, language) ?? ""))</h1>\n"
        case .prose(let text, let only):
            return only == nil || only == language ? markdown.html(from: text) + "\n" : ""
        case .command(let typed, let output, let status):
            return "<pre class=\"command\(status == 0 ? "" : " failed")\"><b>$ \(escaped(typed))</b>\n"
                + escaped(output) + "</pre>\n"
        case .file(let path, let content):
            return
                "<figure class=\"file\"><figcaption>\(escaped(path))</figcaption><pre>\(escaped(content))</pre></figure>\n"
        case .diagram(let kind, let paths):
            guard let path = paths[language] else { return "" }
            let svg = (try? String(contentsOfFile: folder + "/" + path, encoding: .utf8)).flatMap(InlineDiagram.init)
            return "<figure class=\"diagram \(kind)\">"
                + (svg?.html ?? "<img src=\"\(escaped(path))\" alt=\"\(escaped(kind))\">") + "</figure>\n"
        case .explanation(let texts):
            return "<pre class=\"explain\">\(escaped(texts[language] ?? ""))</pre>\n"
        case .exercise(let report):
            let words = ExerciseWords(language)
            var html = "<section class=\"exercise\"><h2>\(words.heading)</h2>\n<p>\(words.goal):</p><ul>"
            html += report.goal.map { "<li>\(escaped($0.condition.words(language)))</li>" }.joined() + "</ul>\n"
            for hint in report.hints[language] ?? [] {
                html += "<p class=\"hint\">\(words.hint): \(escaped(hint))</p>\n"
            }
            html += "<details><summary>\(words.solution) (\(report.referenceLength))</summary>\n"
            for command in report.commands {
                html += section(
                    .command(command.typed, output: command.output.text, status: command.output.status),
                    language: language, markdown: markdown, folder: folder)
            }
            return html + "</details></section>\n"
        }
    }

    private static func escaped(_ text: String) -> String { DOTWriter.html(text) }

    private static let style = """
        body { font-family: Helvetica, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; display: flex; }
        nav { position: sticky; top: 0; height: 100vh; overflow: auto; width: 16rem; padding: 1rem; background: #f3f3f3; }
        main { max-width: 60rem; padding: 1rem 2rem; }
        section { border-bottom: 1px solid #ccc; padding-bottom: 2rem; }
        pre { background: #1e1e1e; color: #e6e6e6; padding: 0.75rem; overflow-x: auto; font-size: 0.85rem; }
        pre.failed b { color: #ff8080; }
        pre.explain { background: #eef4fa; color: #333; }
        figure.file pre { background: #fafafa; color: #333; border: 1px solid #ddd; }
        figure.diagram { margin: 1rem 0; overflow-x: auto; }
        figure.diagram svg { display: block; }
        code { background: #eee; padding: 0 0.2rem; }
        section.exercise { border: 2px solid #6a9fd4; border-radius: 6px; padding: 0 1rem 1rem; margin-top: 1rem; }
        p.hint { color: #555; font-style: italic; }
        """
}
