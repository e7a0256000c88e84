import Foundation
import Lessons
import Playground
import Render

/// A lesson's exercise tried on the terminal: the learner types commands on the lesson's starting
/// store until the goal holds. It is the playground's session without its pictures, so the goal
/// is checked on the trace's events the same way and the same words work (`hint`, `undo`,
/// `reset`, `show goal`, `show solution`); `skip` (or the end of input) goes on.
struct TerminalExercise {
    let lesson: Lesson
    let language: Language
    let executor: any LessonExecutor
    let view: LessonView

    /// Takes lines from `nextLine` until the goal holds or the learner goes on.
    /// - Returns: whether the goal was reached.
    func run(nextLine: () -> String?) async throws -> Bool {
        let words = TerminalExerciseWords(language)
        // As in the playground: the learner's commands run by the wall clock, so what they build is
        // "seconds ago" and listed first, and the setup by the exercise's start.
        let session = PlaygroundSession(
            lessons: [lesson], executor: executor, drawsPictures: false, epoch: Int(Date().timeIntervalSince1970),
            learnerClock: .now)
        do {
            let start = try await session.state(language)
            emit("\n" + view.strong(words.yourTurn))
            if let registry = start.level.registry { emit(words.registry(registry)) }
            for line in start.goal { emit("☐ \(line.text)") }
            var solved = false
            while !solved {
                print(words.prompt, terminator: "")
                fflush(nil)
                guard let line = nextLine()?.trimmingCharacters(in: .whitespaces) else { break }
                if line.isEmpty { continue }
                if ["skip", "exit", "quit"].contains(line) { break }
                let reply = try await session.handle(line, language: language)
                show(reply)
                solved = reply.ran != nil && reply.solved
                if solved { emit(view.strong(words.solved(in: reply.counted, reference: reply.reference ?? 0))) }
            }
            await session.close()
            return solved
        } catch {
            await session.close()
            throw error
        }
    }

    /// What a line gave: the command's output, what it changed in one plain sentence, its
    /// narration, and after a command the goal's state.
    private func show(_ reply: PlaygroundReply) {
        if !reply.output.isEmpty {
            print(reply.output, terminator: reply.output.hasSuffix("\n") ? "" : "\n")
        }
        if let gist = reply.gist { emit(view.strong("→ \(gist)")) }
        for line in reply.narration { emit("  · \(line.text)") }
        guard reply.ran != nil else { return }
        for line in reply.goal { emit("\(line.holds ? "☑" : "☐") \(line.text)") }
    }
}

/// The words around a terminal exercise, in each language.
struct TerminalExerciseWords {
    let yourTurn: String
    let prompt: String
    private let registryFormat: String
    private let solvedFormat: String

    init(_ language: Language) {
        switch language {
        case .zh:
            yourTurn =
                "轮到你了：输入 layerlab（或 docker）命令，直到目标全部达成。"
                + "hint 给提示，undo 撤销，reset 重来，show solution 看参考答案，skip 跳过。"
            prompt = "练习> "
            registryFormat = "$REGISTRY 是本练习的镜像仓库：%@"
            solvedFormat = "完成！你用了 %d 条命令，参考答案用 %d 条。"
        case .en:
            yourTurn =
                "Your turn: type layerlab (or docker) commands until every line of the goal holds. "
                + "hint gives a hint, undo undoes, reset starts again, show solution shows one, skip goes on."
            prompt = "exercise> "
            registryFormat = "$REGISTRY is this exercise's registry: %@"
            solvedFormat = "Solved in %d command(s); the reference solution takes %d."
        }
    }

    func registry(_ address: String) -> String { registryFormat.replacingOccurrences(of: "%@", with: address) }

    func solved(in commands: Int, reference: Int) -> String { String(format: solvedFormat, commands, reference) }
}
