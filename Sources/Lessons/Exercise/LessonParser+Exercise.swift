import Foundation
import Render

extension LessonParser.Parser {
    /// A ```goal, ```solution or ```hint block: kept until the end of the file, where they make
    /// the lesson's ``Exercise``.
    mutating func exercisePart(_ kind: String, _ body: [String], options: [String], start: Int) throws(LessonError) {
        let lines = body.enumerated().map { (offset: $0.offset, text: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
        switch kind {
        case "goal":
            guard goal == nil else { throw error("a second ```goal block: a lesson has one exercise", line: start) }
            guard options.isEmpty else { throw error("```goal takes no options", line: start) }
            var conditions: [GoalCondition] = []
            for line in lines {
                do throws(CommandWords.Failure) {
                    conditions.append(try goalCondition(line.text))
                } catch {
                    throw self.error(error.message, line: start + line.offset + 1)
                }
            }
            guard !conditions.isEmpty else { throw error("an empty ```goal block", line: start) }
            goal = (conditions, start)
            task = Self.trailingProse(lesson.steps)
        case "solution":
            guard options.allSatisfy({ $0.hasPrefix("capture=") }) else {
                throw error("```solution takes only capture=NAME", line: start)
            }
            solution = (solution ?? []) + [try commands(body, options: options, start: start)]
        default:
            guard let first = options.first, let language = Language(rawValue: first) else {
                throw error("```hint needs its language: ```hint zh or ```hint en", line: start)
            }
            var hint = try hintOptions(options.dropFirst(), start: start)
            guard !lines.isEmpty else { throw error("an empty ```hint block", line: start) }
            hint.text = WrappedLines.joined(lines.map(\.text))
            hints[language, default: []].append(hint)
            if firstHintLine == nil { firstHintLine = start }
        }
    }

    /// A hint's options after its language: `for=N`, the goal line it leads to; any number of
    /// `until=CONDITION`, the steps that, once one holds, end it; and any number of `when=CONDITION`,
    /// what must hold for it to fit (the condition's words may follow as the next options:
    /// `until=image a:1`).
    func hintOptions(_ options: ArraySlice<String>, start: Int) throws(LessonError) -> Exercise.Hint {
        let usage =
            "```hint takes, after its language, for=N (the goal line it leads to, from 1), until=CONDITION (a goal "
            + "line's words: once it holds, the hint stops) and when=CONDITION (the hint fits only while it holds)"
        var hint = Exercise.Hint("")
        var groups: [(kind: String, words: [String])] = []
        for option in options {
            if option.hasPrefix("for=") {
                guard hint.goalLine == nil, let line = Int(option.dropFirst(4)), line >= 1 else {
                    throw error(usage, line: start)
                }
                hint.goalLine = line
            } else if let kind = ["until=", "when="].first(where: option.hasPrefix) {
                groups.append((kind, [String(option.dropFirst(kind.count))]))
            } else if !groups.isEmpty {
                groups[groups.count - 1].words.append(option)
            } else {
                throw error(usage, line: start)
            }
        }
        for group in groups {
            let condition: GoalCondition
            do throws(CommandWords.Failure) {
                condition = try goalCondition(group.words.joined(separator: " "))
            } catch {
                throw self.error(group.kind + ": " + error.message, line: start)
            }
            if group.kind == "until=" { hint.until.append(condition) } else { hint.when.append(condition) }
        }
        return hint
    }

    /// The condition one goal line's words describe.
    func goalCondition(_ text: String) throws(CommandWords.Failure) -> GoalCondition {
        switch GoalCondition.parse(try CommandWords.split(text, variables: variables)) {
        case .success(let condition): return condition
        case .failure(let failure): throw CommandWords.Failure(message: failure.message)
        }
    }

    /// The exercise from its parts, which must come together: a goal needs a solution to prove it
    /// can be reached, and hints need a goal.
    mutating func finishExercise() throws(LessonError) {
        switch (goal, solution) {
        case (nil, nil):
            if let line = firstHintLine { throw error("```hint without a ```goal block", line: line) }
        case (let goal?, nil):
            throw error("the ```goal has no ```solution block: every exercise shows it can be done", line: goal.line)
        case (nil, _?):
            throw error("a ```solution without a ```goal block", line: 1)
        case (let goal?, let solution?):
            if let line = hints.values.joined().compactMap(\.goalLine).first(where: { $0 > goal.conditions.count }) {
                throw error(
                    "a ```hint for=\(line), but the ```goal has \(goal.conditions.count) line(s)",
                    line: firstHintLine ?? goal.line)
            }
            lesson.exercise = Exercise(
                goal: goal.conditions, solution: solution, hints: hints, task: task, line: goal.line)
        }
    }

    /// The prose that ends `steps`, by language (prose for both languages goes to each).
    static func trailingProse(_ steps: [Lesson.Step]) -> [Language: String] {
        var task: [Language: String] = [:]
        for step in steps.reversed() {
            guard case .prose(let text, let language) = step else { break }
            for each in language.map({ [$0] }) ?? Language.allCases where task[each] == nil {
                task[each] = WrappedLines.unwrapped(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return task
    }
}
