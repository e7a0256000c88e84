/// A script of the built-in shell's subset of POSIX sh (XCU 2, "Shell Command Language"):
/// and-or lists of simple commands, separated by `;` or newlines.
struct ShellScript: Sendable, Equatable {
    var lists: [AndOrList]
}

/// `a && b || c`: commands joined by `&&` and `||`, run left to right.
struct AndOrList: Sendable, Equatable {
    enum Connector: Sendable, Equatable {
        /// `&&`: run the next command when the previous one succeeded.
        case and
        /// `||`: run the next command when the previous one failed.
        case or
    }

    var first: SimpleCommand
    var rest: [(Connector, SimpleCommand)]

    static func == (lhs: AndOrList, rhs: AndOrList) -> Bool {
        lhs.first == rhs.first && lhs.rest.map(\.0) == rhs.rest.map(\.0) && lhs.rest.map(\.1) == rhs.rest.map(\.1)
    }
}

/// `NAME=value… word… redirection…`, in any order after the assignments.
struct SimpleCommand: Sendable, Equatable {
    var assignments: [Assignment] = []
    var words: [ShellWord] = []
    var redirections: [Redirection] = []
    /// `!` before the command: its status is negated.
    var negated = false
    /// The 1-based line of the script where the command starts, for messages.
    var line = 1
}

/// `NAME=value` before a command's name.
struct Assignment: Sendable, Equatable {
    var name: String
    var value: ShellWord
}

/// `[n]>word`, `[n]>>word`, `[n]<word`, `[n]>&m`.
struct Redirection: Sendable, Equatable {
    enum Operation: Sendable, Equatable {
        /// `>` (and `>|`): truncate or create.
        case output
        /// `>>`: append or create.
        case append
        /// `<`: read.
        case input
        /// `>&m` / `<&m`: make the descriptor a copy of `m`.
        case duplicate
    }

    /// The descriptor redirected: 0 for input, 1 for output unless the script says otherwise.
    var descriptor: Int32
    var operation: Operation
    var target: ShellWord
}

/// A word as written. Its parts keep their quoting, which decides what expands and what is
/// split into fields.
struct ShellWord: Sendable, Equatable, CustomStringConvertible {
    enum Part: Sendable, Equatable {
        /// Text taken as it is; `quoted` when it came from quotes or a backslash.
        case literal(String, quoted: Bool)
        /// `$NAME`, `${…}`: `quoted` inside double quotes (no field splitting then).
        case parameter(ParameterExpansion, quoted: Bool)
        /// A `~` or `~/` at the start of a word: the home folder.
        case tilde
    }

    var parts: [Part] = []

    /// The word's text when it has no expansion at all (an assignment name, a keyword).
    var plainText: String? {
        var text = ""
        for part in parts {
            guard case .literal(let value, _) = part else { return nil }
            text += value
        }
        return text
    }

    /// Whether nothing of the word was quoted (a reserved word must be unquoted).
    var isUnquoted: Bool {
        parts.allSatisfy { if case .literal(_, quoted: false) = $0 { true } else { false } }
    }

    var description: String {
        parts.map { part in
            switch part {
            case .literal(let text, _): text
            case .parameter(let expansion, _): "${\(expansion.name)…}"
            case .tilde: "~"
            }
        }.joined()
    }
}

/// `$NAME` or `${NAME<operator>word}` (XCU 2.6.2, "Parameter Expansion").
struct ParameterExpansion: Sendable, Equatable {
    enum Operation: Sendable, Equatable {
        /// `${N:-w}` / `${N-w}`: the word when unset (or, with the colon, null).
        case useDefault(ShellWord, whenNull: Bool)
        /// `${N:=w}` / `${N=w}`: also assigns the word.
        case assignDefault(ShellWord, whenNull: Bool)
        /// `${N:?w}` / `${N?w}`: an error with the word as message.
        case errorIfUnset(ShellWord, whenNull: Bool)
        /// `${N:+w}` / `${N+w}`: the word when set (and, with the colon, not null).
        case useAlternative(ShellWord, whenNull: Bool)
        /// `${#N}`: the length of the value.
        case length
        /// `${N#w}`, `${N##w}`: the value without the shortest or longest matching prefix.
        case removePrefix(ShellWord, longest: Bool)
        /// `${N%w}`, `${N%%w}`: the value without the shortest or longest matching suffix.
        case removeSuffix(ShellWord, longest: Bool)
    }

    /// A variable name, a positional parameter (`1`…) or a special one (`?`, `#`, `@`, `*`, `$`, `0`).
    var name: String
    var operation: Operation?
}
