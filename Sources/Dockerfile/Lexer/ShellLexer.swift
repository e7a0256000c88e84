/// BuildKit's shell lexer (`shell.Lex`): processes quotes and escapes and substitutes `$VAR` and `${VAR...}`
/// references the way a POSIX shell would, without running anything. The builder uses it to expand ARG and ENV
/// values into instruction arguments.
public struct ShellLexer: Sendable, Hashable {
    /// The character that escapes the next one: `\` unless the Dockerfile's `# escape=` chose the backtick.
    public var escapeToken: Character
    /// Keep quote characters in the result instead of removing them.
    public var rawQuotes = false
    /// Keep escape tokens in the result instead of removing them.
    public var rawEscapes = false
    /// Treat quotes as ordinary characters, as heredoc content expansion does.
    public var skipProcessQuotes = false
    /// Leave references to unset variables as written instead of replacing them with nothing.
    public var skipUnsetEnvironment = false

    /// The most bytes the substitutions of one word may add (1 MiB): far past any real value,
    /// and short of what would fill memory or the image's config.
    public static let maximumExpansion = 1 << 20

    public init(escapeToken: Character = "\\") {
        self.escapeToken = escapeToken
    }

    /// `word` with quotes and escapes processed and variables substituted; spaces between words are kept.
    public func processWord(_ word: String, environment: [String: String]) throws(ShellLexerError) -> String {
        try process(word, environment: environment).result
    }

    /// `word` processed and then split into words on unquoted spaces, as a shell would pass them as arguments.
    /// Like BuildKit's, it drops the part of a word before a `${NAME:-word}`-style substitution (see
    /// `WordSplitter`); `processWord` has no such quirk.
    public func processWords(_ word: String, environment: [String: String]) throws(ShellLexerError) -> [String] {
        try process(word, environment: environment).words
    }

    /// Both results of processing `word`, and which variables it referred to that were set and unset.
    public func process(_ word: String, environment: [String: String]) throws(ShellLexerError) -> ShellLexerResult {
        var processor = ShellWordProcessor(word: word, lexer: self, environment: environment)
        do {
            let (result, words) = try processor.process()
            return ShellLexerResult(
                result: result, words: words, matched: processor.matched, unmatched: processor.unmatched)
        } catch {
            throw ShellLexerError(word: word, message: error.message)
        }
    }

    var escapeScalar: Unicode.Scalar { escapeToken.unicodeScalars.first ?? "\\" }
}

/// What processing one word produced.
public struct ShellLexerResult: Sendable, Hashable {
    /// The word with substitutions made, as `processWord` returns it.
    public var result: String
    /// The word split into arguments, as `processWords` returns them.
    public var words: [String]
    /// Variables the word referred to that were set.
    public var matched: Set<String>
    /// Variables the word referred to that were not set.
    public var unmatched: Set<String>

    public init(result: String, words: [String], matched: Set<String> = [], unmatched: Set<String> = []) {
        self.result = result
        self.words = words
        self.matched = matched
        self.unmatched = unmatched
    }
}

/// A word the shell lexer cannot process, such as an unterminated quote or `${VAR:?message}` with VAR unset.
public struct ShellLexerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole word being processed.
    public var word: String
    /// What went wrong, in BuildKit's words.
    public var message: String

    public init(word: String, message: String) {
        self.word = word
        self.message = message
    }

    public var description: String { "failed to process \(GoQuote.quote(word)): \(message)" }
}

/// An error found while scanning, before it is tied to the word being processed.
struct ShellLexerFailure: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
