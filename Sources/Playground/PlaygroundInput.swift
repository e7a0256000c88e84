import Foundation
import Lessons
import Render

/// What the learner typed in the playground's command box: one of the playground's own commands,
/// or a layerlab command to run on the level's store.
enum PlaygroundInput: Equatable {
    case help
    case levels
    case level(String)
    case sandbox
    case hint
    case undo
    case reset
    case showGoal
    case showSolution
    /// `ls [FOLDER]`: the files the level starts with.
    case listFiles(String?)
    /// `cat FILE`: one of them.
    case showFile(String)
    /// A layerlab command that only prints help (`help build`, `build --help`): run, not counted.
    case consult([String])
    /// A layerlab command: the words after `layerlab` (or `docker`).
    case command([String])
    /// `NAME=$(layerlab …)`: a command whose output (trimmed) becomes `$NAME`, as in a shell.
    case capture(String, [String])

    /// The playground's own commands (`clear` is the page's).
    static let ownCommands = [
        "help", "levels", "level", "sandbox", "hint", "undo", "reset", "show", "ls", "cat", "clear",
    ]

    /// A shell's pipes, lists and redirections, as words of their own.
    static let shellControls: Set<String> = ["|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"]

    /// The commands that start servers or other sessions: they would never end in a command box.
    /// `container-shim` is what `run -d` starts; typed, it would run a container's command twice.
    static let refused: Set<String> = ["playground", "lesson", "registry", "container-shim"]

    /// Reads one line; `variables` are the values `$NAME` may use (`$REGISTRY`).
    static func parse(_ line: String, variables: [String: String]) -> Result<PlaygroundInput, PlaygroundError> {
        if let (name, command) = capture(line) {
            return parse(command, variables: variables).flatMap { input in
                guard case .command(let words) = input else {
                    return .failure(
                        PlaygroundError(message: "$(…) takes a layerlab command", chinese: "$(…) 里要写一条 layerlab 命令"))
                }
                return .success(.capture(name, words))
            }
        }
        let words: [String]
        do {
            words = try CommandWords.split(line, variables: Set(variables.keys)).map {
                CommandWords.substitute($0, variables)
            }
        } catch {
            return .failure(PlaygroundError(message: error.message))
        }
        guard let first = words.first else { return .failure(PlaygroundError(message: "")) }
        switch (first, words.count) {
        case ("help", 1): return .success(.help)
        case ("levels", 1): return .success(.levels)
        case ("level", 2): return .success(.level(words[1]))
        case ("sandbox", 1): return .success(.sandbox)
        case ("hint", 1): return .success(.hint)
        case ("undo", 1): return .success(.undo)
        case ("reset", 1): return .success(.reset)
        case ("show", 2) where words[1] == "goal", ("goal", 1): return .success(.showGoal)
        case ("solution", 1): return .success(.showSolution)
        case ("show", 2) where words[1] == "solution": return .success(.showSolution)
        case ("ls", 1): return .success(.listFiles(nil))
        case ("ls", 2): return .success(.listFiles(words[1]))
        case ("cat", 2): return .success(.showFile(words[1]))
        default: break
        }
        // There is no shell around the command box: a pipe or a redirection would reach the command
        // as a word of its own.
        if let control = words.first(where: shellControls.contains) {
            return .failure(
                PlaygroundError(
                    message: "The command box runs one layerlab command, with no shell around it: `\(control)` means "
                        + "nothing here. For the container's own shell, quote it: run IMAGE sh -c 'echo hi > /file'.",
                    chinese: "命令框一次只运行一条 layerlab 命令，外面没有 shell：`\(control)` 在这里没有意义。"
                        + "要让容器里的 shell 处理它，就加引号：run 镜像 sh -c 'echo hi > /file'。"))
        }
        var command = words
        if ["layerlab", "docker"].contains(first) { command.removeFirst() }
        guard let name = command.first else {
            return .failure(
                PlaygroundError(
                    message: "\(first): which command? Try `help`.", chinese: "\(first) 后面要写哪条命令？试试 `help`。"))
        }
        guard !refused.contains(name) else {
            return .failure(
                PlaygroundError(
                    message: "`\(name)` does not run inside the playground", chinese: "`\(name)` 不能在练习场里运行"))
        }
        if name == "help" || command.contains("--help") { return .success(.consult(command)) }
        if name == "run", runOptions(command.dropFirst()).contains(where: isInteractive) {
            return .failure(Self.noInteractiveShell)
        }
        return .success(.command(command))
    }
}

extension PlaygroundInput {
    /// A command box has no keyboard to give a container: say how to run the commands instead.
    static let noInteractiveShell = PlaygroundError(
        message: "`run -it` opens a shell you type into, and this box cannot be its keyboard: give the shell its "
            + "commands instead, as in `run tour/busybox:1.0 sh -c 'echo hi > /hello'`",
        chinese: "`run -it` 会打开一个要你在里面打字的 shell，而这个输入框当不了它的键盘：把要执行的命令直接写在后面，"
            + "比如 `run tour/busybox:1.0 sh -c 'echo hi > /hello'`")

    /// `-i`, `-t`, `-it`, `--interactive`, `--tty`: Docker's flags for a shell you type into.
    static func isInteractive(_ word: String) -> Bool {
        if word == "--interactive" || word == "--tty" { return true }
        guard word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 1 else { return false }
        return word.dropFirst().allSatisfy { $0 == "i" || $0 == "t" }
    }

    /// The options of `run` (what comes before the image), values included.
    static func runOptions(_ words: ArraySlice<String>) -> [String] {
        let takingValues: Set<String> = ["--name", "-e", "--env", "-w", "--workdir", "--runtime"]
        var options: [String] = []
        var expectsValue = false
        for word in words {
            guard expectsValue || word.hasPrefix("-") else { break }
            options.append(word)
            expectsValue = !expectsValue && takingValues.contains(word)
        }
        return options
    }

    /// `NAME=$(COMMAND)` split into its name and command; nil for any other line.
    private static func capture(_ line: String) -> (String, String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let equals = trimmed.firstIndex(of: "="), trimmed.hasSuffix(")") else { return nil }
        let name = trimmed[..<equals]
        let rest = trimmed[trimmed.index(after: equals)...]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }),
            rest.hasPrefix("$(")
        else { return nil }
        return (String(name), String(rest.dropFirst(2).dropLast()))
    }
}

/// A line the playground cannot take, and why: in English, and in Chinese where it has the words
/// (a quoting mistake keeps the line reader's English).
struct PlaygroundError: Error, Equatable {
    var message: String
    var chinese: String?

    init(message: String, chinese: String? = nil) {
        self.message = message
        self.chinese = chinese
    }

    func message(_ language: Language) -> String {
        language == .zh ? chinese ?? message : message
    }
}
