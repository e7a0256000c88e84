/// Reads a script of the subset into a ``ShellScript`` (XCU 2.9 "Shell Commands", the parts
/// for simple commands, `!` and and-or lists).
struct ShellParser {
    private let tokens: [ShellToken]
    private var index = 0

    /// The reserved words that start or continue compound commands, which the subset leaves out.
    static let reservedWords: Set<String> = [
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in",
        "{", "}", "function", "select",
    ]

    /// - Throws: ``ShellSyntaxError``, or ``ShellTokenizer/Unsupported`` for a construct outside the subset.
    static func parse(_ source: String) throws -> ShellScript {
        var tokenizer = ShellTokenizer(source)
        var parser = ShellParser(tokens: try tokenizer.tokens())
        return try parser.script()
    }

    private init(tokens: [ShellToken]) {
        self.tokens = tokens
    }

    private mutating func script() throws -> ShellScript {
        var lists: [AndOrList] = []
        while true {
            while peek() == .newline { index += 1 }
            guard peek() != nil else { break }
            lists.append(try andOr())
            switch peek() {
            case nil: break
            case .semicolon, .newline: index += 1
            case let token?: throw unexpected(token)
            }
        }
        return ShellScript(lists: lists)
    }

    private mutating func andOr() throws -> AndOrList {
        var list = AndOrList(first: try command(), rest: [])
        while let token = peek(), token == .and || token == .or {
            index += 1
            while peek() == .newline { index += 1 }
            list.rest.append((token == .and ? .and : .or, try command()))
        }
        return list
    }

    private mutating func command() throws -> SimpleCommand {
        var command = SimpleCommand(line: currentLine)
        var isEmpty = true
        loop: while let token = peek() {
            switch token {
            case .redirection(let descriptor, let operation, let line):
                index += 1
                guard case .word(let target, _)? = peek() else {
                    throw peek().map(unexpected) ?? ShellSyntaxError(message: "unexpected end of file", line: line)
                }
                index += 1
                let fallback: Int32 = operation == .input ? 0 : 1
                command.redirections.append(
                    Redirection(descriptor: descriptor ?? fallback, operation: operation, target: target))
            case .word(let word, let line):
                index += 1
                if command.words.isEmpty, let assignment = Self.assignment(word) {
                    command.assignments.append(assignment)
                } else if command.words.isEmpty, word.isUnquoted, let text = word.plainText,
                    text == "!" && isEmpty || Self.reservedWords.contains(text)
                {
                    guard text == "!" else {
                        throw ShellTokenizer.Unsupported(construct: "compound commands (`\(text)`)", line: line)
                    }
                    command.negated = true
                } else {
                    command.words.append(word)
                }
            default:
                break loop
            }
            isEmpty = false
        }
        if isEmpty || command.negated && command.words.isEmpty && command.assignments.isEmpty {
            throw peek().map(unexpected) ?? ShellSyntaxError(message: "unexpected end of file", line: currentLine)
        }
        return command
    }

    /// `NAME=…` when the word starts with an unquoted valid name and `=`.
    private static func assignment(_ word: ShellWord) -> Assignment? {
        guard case .literal(let text, quoted: false)? = word.parts.first, let equals = text.firstIndex(of: "=")
        else { return nil }
        let name = String(text[..<equals])
        guard let first = name.unicodeScalars.first, ShellTokenizer.startsName(first),
            name.unicodeScalars.allSatisfy({ ShellTokenizer.startsName($0) || ("0"..."9").contains($0) })
        else { return nil }
        var value = word
        value.parts[0] = .literal(String(text[text.index(after: equals)...]), quoted: false)
        return Assignment(name: name, value: value)
    }

    private func unexpected(_ token: ShellToken) -> ShellSyntaxError {
        let text =
            switch token {
            case .and: "&&"
            case .or: "||"
            case .semicolon: ";"
            case .newline: "newline"
            case .redirection: "redirection"
            case .word(let word, _): word.description
            }
        return ShellSyntaxError(message: "unexpected \"\(text)\"", line: currentLine)
    }

    /// The line of the next word or redirection, for messages.
    private var currentLine: Int {
        for token in tokens[index...] {
            switch token {
            case .word(_, let line), .redirection(_, _, let line): return line
            default: continue
            }
        }
        return 1
    }

    private func peek() -> ShellToken? { index < tokens.count ? tokens[index] : nil }
}
