/// A token of the shell's subset: a word, an operator, or a redirection operator whose target
/// is the next word.
enum ShellToken: Sendable, Equatable {
    case word(ShellWord, line: Int)
    case and, or, semicolon, newline
    case redirection(descriptor: Int32?, Redirection.Operation, line: Int)
}

/// Why a script cannot be read: what sh calls a syntax error (exit status 2).
struct ShellSyntaxError: Error, Sendable, Equatable {
    var message: String
    var line: Int
}

/// Splits a script into tokens (XCU 2.3, "Token Recognition"), with quoting (2.2) and the
/// `$` forms (2.6.2) kept in each word's parts.
///
/// What the subset leaves out is refused here, by name, so that a learner knows which
/// construct needs `--runtime overlay`: pipelines, background jobs, subshells, command
/// substitution and here-documents.
struct ShellTokenizer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// The tokens of the whole script.
    /// - Throws: ``ShellSyntaxError``, or ``Unsupported`` for a construct outside the subset.
    mutating func tokens() throws -> [ShellToken] {
        var tokens: [ShellToken] = []
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\r":
                index += 1
            case "\\" where peek(1) == "\n":
                index += 2
                line += 1
            case "#":
                while let next = peek(), next != "\n" { index += 1 }
            case "\n":
                tokens.append(.newline)
                index += 1
                line += 1
            case ";":
                if peek(1) == ";" { throw Unsupported(construct: "case statements (;;)", line: line) }
                tokens.append(.semicolon)
                index += 1
            case "&":
                guard peek(1) == "&" else { throw Unsupported(construct: "background jobs (&)", line: line) }
                tokens.append(.and)
                index += 2
            case "|":
                guard peek(1) == "|" else { throw Unsupported(construct: "pipelines (|)", line: line) }
                tokens.append(.or)
                index += 2
            case "(", ")":
                throw Unsupported(construct: "subshells ( … )", line: line)
            case "<", ">":
                tokens.append(try redirection(descriptor: nil))
            default:
                if let descriptor = ioNumber() {
                    tokens.append(try redirection(descriptor: descriptor))
                } else {
                    let start = line
                    tokens.append(.word(try word(), line: start))
                }
            }
        }
        return tokens
    }

    /// A construct the subset leaves out.
    struct Unsupported: Error, Sendable, Equatable {
        var construct: String
        var line: Int
    }

    // MARK: - Redirections

    /// Digits directly followed by `<` or `>`: the descriptor a redirection names.
    private mutating func ioNumber() -> Int32? {
        var end = index
        while let scalar = scalars[safe: end], scalar.properties.numericType != nil, scalar.isASCII { end += 1 }
        guard end > index, let next = scalars[safe: end], next == "<" || next == ">",
            let number = Int32(String(String.UnicodeScalarView(scalars[index..<end])))
        else { return nil }
        index = end
        return number
    }

    private mutating func redirection(descriptor: Int32?) throws -> ShellToken {
        let first = scalars[index]
        index += 1
        let operation: Redirection.Operation
        switch (first, peek()) {
        case (">", ">"): operation = .append
        case (">", "&"), ("<", "&"): operation = .duplicate
        case (">", "|"): operation = .output
        case ("<", "<"): throw Unsupported(construct: "here-documents (<<)", line: line)
        case ("<", ">"): throw Unsupported(construct: "read-write redirections (<>)", line: line)
        case (">", _):
            return .redirection(descriptor: descriptor, .output, line: line)
        default:
            return .redirection(descriptor: descriptor, .input, line: line)
        }
        index += 1
        return .redirection(descriptor: descriptor, operation, line: line)
    }

    // MARK: - Words

    /// One word, up to an unquoted blank or operator.
    private mutating func word() throws -> ShellWord {
        var builder = WordBuilder()
        if peek() == "~", peek(1) == nil || peek(1) == "/" || peek(1).map(Self.endsWord) == true {
            builder.parts.append(.tilde)
            index += 1
        }
        while let scalar = peek(), !Self.endsWord(scalar) {
            switch scalar {
            case "\\":
                index += 1
                guard let escaped = peek() else {
                    builder.append("\\", quoted: false)
                    break
                }
                index += 1
                if escaped == "\n" { line += 1 } else { builder.append(escaped, quoted: true) }
            case "'":
                index += 1
                try singleQuoted(into: &builder)
            case "\"":
                index += 1
                try doubleQuoted(into: &builder)
            case "$":
                try dollar(into: &builder, quoted: false)
            case "`":
                throw Unsupported(construct: "command substitution (`…`)", line: line)
            default:
                builder.append(scalar, quoted: false)
                index += 1
            }
        }
        return builder.word
    }

    private static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
        " \t\r\n;&|()<>".unicodeScalars.contains(scalar)
    }

    private mutating func singleQuoted(into builder: inout WordBuilder) throws {
        let start = line
        builder.markQuoted()
        while let scalar = peek() {
            index += 1
            if scalar == "'" { return }
            if scalar == "\n" { line += 1 }
            builder.append(scalar, quoted: true)
        }
        throw ShellSyntaxError(message: "unterminated quoted string", line: start)
    }

    private mutating func doubleQuoted(into builder: inout WordBuilder) throws {
        let start = line
        builder.markQuoted()
        while let scalar = peek() {
            switch scalar {
            case "\"":
                index += 1
                return
            case "\\":
                let next = peek(1)
                if let next, "$`\"\\\n".unicodeScalars.contains(next) {
                    index += 2
                    if next == "\n" { line += 1 } else { builder.append(next, quoted: true) }
                } else {
                    builder.append("\\", quoted: true)
                    index += 1
                }
            case "$":
                try dollar(into: &builder, quoted: true)
            case "`":
                throw Unsupported(construct: "command substitution (`…`)", line: line)
            default:
                if scalar == "\n" { line += 1 }
                builder.append(scalar, quoted: true)
                index += 1
            }
        }
        throw ShellSyntaxError(message: "unterminated quoted string", line: start)
    }

    // MARK: - Parameters

    /// `$…` at the current position; a `$` that starts no expansion is itself.
    private mutating func dollar(into builder: inout WordBuilder, quoted: Bool) throws {
        index += 1
        guard let next = peek() else {
            builder.append("$", quoted: quoted)
            return
        }
        if next == "{" {
            index += 1
            builder.parts.append(.parameter(try braced(quoted: quoted), quoted: quoted))
        } else if next == "(" {
            throw Unsupported(construct: "command substitution $(…)", line: line)
        } else if Self.startsName(next) {
            builder.parts.append(.parameter(ParameterExpansion(name: name()), quoted: quoted))
        } else if next.isASCII, next.properties.numericType != nil || "@*#?$!-".unicodeScalars.contains(next) {
            index += 1
            builder.parts.append(.parameter(ParameterExpansion(name: String(next)), quoted: quoted))
        } else {
            builder.append("$", quoted: quoted)
        }
    }

    /// `${…}` after the brace: a name, an operator and a word, up to the closing brace.
    private mutating func braced(quoted: Bool) throws -> ParameterExpansion {
        let start = line
        if peek() == "#", let after = peek(1), after != "}" {
            index += 1
            let name = try parameterName(start: start)
            try expect("}", start: start)
            return ParameterExpansion(name: name, operation: .length)
        }
        let name = try parameterName(start: start)
        if peek() == "}" {
            index += 1
            return ParameterExpansion(name: name)
        }
        var colon = false
        if peek() == ":" {
            colon = true
            index += 1
        }
        guard let symbol = peek() else { throw ShellSyntaxError(message: "missing '}'", line: start) }
        index += 1
        let doubled = !colon && (symbol == "#" || symbol == "%") && peek() == symbol
        if doubled { index += 1 }
        let word = try bracedWord(quoted: quoted, start: start)
        let operation: ParameterExpansion.Operation
        switch (symbol, colon) {
        case ("-", _): operation = .useDefault(word, whenNull: colon)
        case ("=", _): operation = .assignDefault(word, whenNull: colon)
        case ("?", _): operation = .errorIfUnset(word, whenNull: colon)
        case ("+", _): operation = .useAlternative(word, whenNull: colon)
        case ("#", false): operation = .removePrefix(word, longest: doubled)
        case ("%", false): operation = .removeSuffix(word, longest: doubled)
        default: throw ShellSyntaxError(message: "${\(name)…}: bad substitution", line: start)
        }
        return ParameterExpansion(name: name, operation: operation)
    }

    private mutating func parameterName(start: Int) throws -> String {
        guard let first = peek() else { throw ShellSyntaxError(message: "missing '}'", line: start) }
        if Self.startsName(first) { return name() }
        if first.isASCII, first.properties.numericType != nil {
            var digits = ""
            while let digit = peek(), digit.isASCII, digit.properties.numericType != nil {
                digits.unicodeScalars.append(digit)
                index += 1
            }
            return digits
        }
        if "@*#?$!-".unicodeScalars.contains(first) {
            index += 1
            return String(first)
        }
        throw ShellSyntaxError(message: "bad substitution", line: start)
    }

    /// The word of `${N op word}`: quotes and `$` work inside, blanks are kept, `}` ends it.
    private mutating func bracedWord(quoted: Bool, start: Int) throws -> ShellWord {
        var builder = WordBuilder()
        while let scalar = peek() {
            switch scalar {
            case "}":
                index += 1
                return builder.word
            case "\\":
                index += 1
                if let escaped = peek() {
                    index += 1
                    builder.append(escaped, quoted: true)
                }
            case "'" where !quoted:
                index += 1
                try singleQuoted(into: &builder)
            case "\"":
                index += 1
                try doubleQuoted(into: &builder)
            case "$":
                try dollar(into: &builder, quoted: quoted)
            default:
                if scalar == "\n" { line += 1 }
                builder.append(scalar, quoted: quoted)
                index += 1
            }
        }
        throw ShellSyntaxError(message: "missing '}'", line: start)
    }

    private mutating func expect(_ scalar: Unicode.Scalar, start: Int) throws {
        guard peek() == scalar else { throw ShellSyntaxError(message: "bad substitution", line: start) }
        index += 1
    }

    private mutating func name() -> String {
        var name = ""
        while let scalar = peek(), Self.startsName(scalar) || (scalar.isASCII && scalar.properties.numericType != nil) {
            name.unicodeScalars.append(scalar)
            index += 1
        }
        return name
    }

    static func startsName(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && scalar.properties.isAlphabetic)
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? { scalars[safe: index + offset] }
}

/// Collects a word's parts, joining neighbouring text of the same quoting.
private struct WordBuilder {
    var parts: [ShellWord.Part] = []

    var word: ShellWord { ShellWord(parts: parts) }

    mutating func append(_ scalar: Unicode.Scalar, quoted: Bool) {
        if case .literal(let text, let wasQuoted) = parts.last, wasQuoted == quoted {
            parts[parts.count - 1] = .literal(text + String(scalar), quoted: quoted)
        } else {
            parts.append(.literal(String(scalar), quoted: quoted))
        }
    }

    /// `''` and `""` make a word even when empty.
    mutating func markQuoted() {
        parts.append(.literal("", quoted: true))
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
