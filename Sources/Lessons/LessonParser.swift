import Foundation
import Render

/// Reads a lesson file: Markdown with a front matter, `:::zh` / `:::en` sections for prose in one
/// language, and fenced blocks the runner acts on:
///
///     ```layerlab [setup] [fails] [capture=NAME]
///                                    commands, one per line ($ and the word layerlab optional);
///                                    capture=NAME keeps the one command's output as $NAME
///     ```expect                      text the commands' output must contain, a line each
///     ```file PATH                   a file the learner writes into the workspace
///     ```diagram KIND                the last trace drawn (layers, union, build, transfer, http, rmi)
///     ```graph [ARGS]                the store drawn as it is now (`graph -a`, `graph IMAGE`)
///     ```explain                     the last trace narrated
///     ```goal                        the exercise's goal, a condition a line (``GoalCondition``)
///     ```solution                    the exercise's reference solution, commands as in ```layerlab
///     ```hint zh|en [for=N]          one hint for the exercise, in one language (several allowed);
///                                    with for=N, only while goal line N does not hold
///
/// Any other fenced block (```sh, ```dockerfile) is prose: shown, not run.
public enum LessonParser {
    static let diagramKinds: Set<String> = ["layers", "union", "build", "transfer", "http", "rmi"]

    public static func parse(_ text: String, id: String, file: String) throws(LessonError) -> Lesson {
        var parser = Parser(
            lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), file: file)
        return try parser.lesson(id: id)
    }

    struct Parser {
        let lines: [String]
        let file: String
        var index = 0
        var lesson = Lesson(id: "", titles: [:])
        var prose: [String] = []
        var language: Language?
        var sectionStart = 0
        var hasCommands = false
        /// The variables commands may use so far.
        var variables: Set<String> = []
        /// The exercise's parts as they are read; put together at the end of the file.
        var goal: (conditions: [GoalCondition], line: Int)?
        var solution: [Lesson.CommandBlock]?
        var hints: [Language: [Exercise.Hint]] = [:]
        var firstHintLine: Int?
        /// The prose right before the ```goal block: what the exercise asks, in each language.
        var task: [Language: String] = [:]

        init(lines: [String], file: String) {
            self.lines = lines
            self.file = file
        }

        func error(_ message: String, line: Int? = nil) -> LessonError {
            LessonError(file: file, line: line ?? index + 1, message)
        }

        mutating func lesson(id: String) throws(LessonError) -> Lesson {
            lesson.id = id
            lesson.source = file
            try frontMatter()
            while index < lines.count {
                let line = lines[index]
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("```") {
                    try fence(opening: trimmed)
                } else if trimmed.hasPrefix(":::") {
                    try section(trimmed)
                } else {
                    prose.append(line)
                }
                index += 1
            }
            if let language { throw error("the :::\(language.rawValue) section is never closed", line: sectionStart) }
            flushProse()
            try finishExercise()
            guard !lesson.titles.isEmpty else { throw error("the front matter has no title", line: 1) }
            return lesson
        }

        /// `---` / `key: value` lines / `---` at the top of the file.
        mutating func frontMatter() throws(LessonError) {
            guard lines.first == "---" else {
                throw error("a lesson starts with a front matter between --- lines", line: 1)
            }
            index = 1
            while index < lines.count, lines[index] != "---" {
                let line = lines[index]
                if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    index += 1
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else {
                    throw error("expected `key: value`, found \"\(line)\"")
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "title", "title.zh": lesson.titles[.zh] = value
                case "title.en": lesson.titles[.en] = value
                case "registry":
                    guard let need = Lesson.RegistryNeed(rawValue: value) else {
                        throw error("registry must be open or token, not \"\(value)\"")
                    }
                    lesson.registry = need
                    variables.insert("REGISTRY")
                case "fixtures":
                    for name in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                        guard let fixture = Lesson.Fixture(rawValue: name) else {
                            throw error("unknown fixture \"\(name)\" (there is busybox-rootfs)")
                        }
                        lesson.fixtures.append(fixture)
                    }
                default:
                    throw error("unknown front matter key \"\(key)\" (title, title.en, registry, fixtures)")
                }
                index += 1
            }
            guard index < lines.count else { throw error("the front matter is never closed with ---", line: 1) }
            index += 1
        }

        mutating func section(_ marker: String) throws(LessonError) {
            let name = marker.dropFirst(3).trimmingCharacters(in: .whitespaces)
            flushProse()
            if name.isEmpty {
                guard language != nil else { throw error("::: closes no section") }
                language = nil
                return
            }
            guard language == nil else { throw error(":::\(name) inside another section: close it with ::: first") }
            guard let opened = Language(rawValue: name) else {
                throw error("unknown section :::\(name) (:::zh or :::en)")
            }
            language = opened
            sectionStart = index + 1
        }

        mutating func fence(opening: String) throws(LessonError) {
            let start = index + 1
            let ticks = String(opening.prefix { $0 == "`" })
            let info = opening.dropFirst(ticks.count).split(separator: " ").map(String.init)
            var body: [String] = []
            index += 1
            while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != ticks {
                body.append(lines[index])
                index += 1
            }
            guard index < lines.count else { throw error("the ``` block is never closed", line: start) }
            guard let kind = info.first, Self.runnerBlocks.contains(kind) else {
                prose += [opening] + body + [ticks]
                return
            }
            guard language == nil else {
                throw error("a ```\(kind) block belongs outside :::\(language?.rawValue ?? "") sections", line: start)
            }
            flushProse()
            let options = Array(info.dropFirst())
            switch kind {
            case "layerlab":
                lesson.steps.append(.commands(try commands(body, options: options, start: start)))
                hasCommands = true
            case "expect":
                guard hasCommands else { throw error("```expect before any ```layerlab block", line: start) }
                let checks = body.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard !checks.isEmpty else { throw error("an empty ```expect block", line: start) }
                lesson.steps.append(.expect(checks, line: start))
            case "file":
                guard options.count == 1, let path = options.first, Self.isInside(path) else {
                    throw error("```file needs one relative path inside the workspace", line: start)
                }
                lesson.steps.append(.file(path: path, content: body.map { $0 + "\n" }.joined(), line: start))
            case "diagram":
                guard options.count == 1, let diagram = options.first, LessonParser.diagramKinds.contains(diagram)
                else {
                    throw error(
                        "```diagram needs one kind: \(LessonParser.diagramKinds.sorted().joined(separator: ", "))",
                        line: start)
                }
                guard hasCommands else {
                    throw error("```diagram before any ```layerlab block: nothing is traced yet", line: start)
                }
                lesson.steps.append(.diagram(kind: diagram, line: start))
            case "graph":
                lesson.steps.append(.graph(arguments: options, line: start))
            case "goal", "solution", "hint":
                try exercisePart(kind, body, options: options, start: start)
            default:
                guard hasCommands else {
                    throw error("```explain before any ```layerlab block: nothing is traced yet", line: start)
                }
                lesson.steps.append(.explain(line: start))
            }
        }

        mutating func commands(_ body: [String], options: [String], start: Int) throws(LessonError)
            -> Lesson.CommandBlock
        {
            var capture: String?
            for option in options where !["setup", "fails"].contains(option) {
                let name = option.dropFirst("capture=".count)
                guard option.hasPrefix("capture="), !name.isEmpty, name.allSatisfy({ $0.isUppercase || $0 == "_" })
                else {
                    throw error(
                        "unknown ```layerlab option \"\(option)\" (setup, fails, capture=NAME in capitals)", line: start
                    )
                }
                capture = String(name)
            }
            var commands: [[String]] = []
            for (offset, raw) in body.enumerated() {
                var line = raw.trimmingCharacters(in: .whitespaces)
                guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                if line.hasPrefix("$ ") { line = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
                do throws(CommandWords.Failure) {
                    var words = try CommandWords.split(line, variables: variables)
                    if words.first == "layerlab" { words.removeFirst() }
                    guard !words.isEmpty else { throw CommandWords.Failure(message: "no command after layerlab") }
                    commands.append(words)
                } catch {
                    throw self.error(error.message, line: start + offset + 1)
                }
            }
            guard !commands.isEmpty else { throw error("an empty ```layerlab block", line: start) }
            if let capture {
                guard commands.count == 1 else {
                    throw error("capture=\(capture) needs a block of one command", line: start)
                }
                variables.insert(capture)
            }
            return Lesson.CommandBlock(
                commands: commands, hidden: options.contains("setup"), failing: options.contains("fails"),
                capture: capture, line: start)
        }

        static let runnerBlocks: Set<String> = [
            "layerlab", "expect", "file", "diagram", "graph", "explain", "goal", "solution", "hint",
        ]

        /// Relative, and never climbing out with `..`.
        static func isInside(_ path: String) -> Bool {
            !path.hasPrefix("/") && !path.split(separator: "/").contains("..") && !path.isEmpty
        }

        mutating func flushProse() {
            var text = prose
            prose = []
            while text.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { text.removeFirst() }
            while text.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { text.removeLast() }
            guard !text.isEmpty else { return }
            lesson.steps.append(.prose(text.joined(separator: "\n"), language: language))
        }
    }
}
