/// The scanning state behind `ShellLexer` (BuildKit's `shellWord`): a cursor over the word's Unicode scalars and
/// the variables looked up so far.
struct ShellWordProcessor {
    private let input: [Unicode.Scalar]
    private var position: Int
    let options: ShellLexer
    let escapeToken: Unicode.Scalar
    private let environment: [String: String]
    /// Whether escape tokens are kept; `${VAR%pattern}` and friends switch it on while reading their pattern.
    var rawEscapes: Bool
    private(set) var matched: Set<String> = []
    private(set) var unmatched: Set<String> = []
    /// The word being built, shared by every level of `processUntil` as in BuildKit (see `WordSplitter`).
    private var wordBuffer = String.UnicodeScalarView()
    /// The bytes substituted so far, bounded by ``ShellLexer/maximumExpansion`` (R-L4).
    private var substituted = 0

    init(word: String, lexer: ShellLexer, environment: [String: String]) {
        input = Array(word.unicodeScalars)
        // Go's text/scanner skips a byte order mark at the very start.
        position = input.first == "\u{FEFF}" ? 1 : 0
        options = lexer
        escapeToken = lexer.escapeScalar
        self.environment = environment
        rawEscapes = lexer.rawEscapes
    }

    /// A `$…` reference's value, counted against the expansion limit: `ENV A=$A$A` forty times
    /// over would otherwise ask for a terabyte.
    private mutating func substitution() throws(ShellLexerFailure) -> String {
        let value = try processDollar()
        substituted += value.utf8.count
        guard substituted <= ShellLexer.maximumExpansion else {
            throw ShellLexerFailure(
                "variable substitution would make more than \(ShellLexer.maximumExpansion) bytes")
        }
        return value
    }

    func peek() -> Unicode.Scalar? { position < input.count ? input[position] : nil }

    @discardableResult
    mutating func next() -> Unicode.Scalar? {
        guard position < input.count else { return nil }
        defer { position += 1 }
        return input[position]
    }

    mutating func process() throws(ShellLexerFailure) -> (String, [String]) {
        try processUntil(nil, rawEscapes: rawEscapes)
    }

    /// Processes up to `stop` (consumed) or the end of the word; a missing `stop` is an error.
    mutating func processUntil(
        _ stop: Unicode.Scalar?,
        rawEscapes: Bool
    ) throws(ShellLexerFailure) -> (String, [String]) {
        let savedRawEscapes = self.rawEscapes
        self.rawEscapes = rawEscapes
        defer { self.rawEscapes = savedRawEscapes }

        var result = String.UnicodeScalarView()
        var words = WordSplitter()
        wordBuffer = String.UnicodeScalarView()
        scanning: while let scalar = peek() {
            if let stop, scalar == stop {
                next()
                return (String(result), words.finish(with: &wordBuffer))
            }
            switch scalar {
            case "$":
                let value = try substitution()
                result.append(contentsOf: value.unicodeScalars)
                words.addExpanded(value, to: &wordBuffer)
            case "<":
                let value = processPossibleHeredoc()
                result.append(contentsOf: value.unicodeScalars)
                words.addRaw(value, to: &wordBuffer)
            case "'" where !options.skipProcessQuotes:
                let value = try processSingleQuote()
                result.append(contentsOf: value.unicodeScalars)
                words.addRaw(value, to: &wordBuffer)
            case "\"" where !options.skipProcessQuotes:
                let value = try processDoubleQuote()
                result.append(contentsOf: value.unicodeScalars)
                words.addRaw(value, to: &wordBuffer)
            default:
                next()
                guard scalar == escapeToken else {
                    words.addCharacter(scalar, to: &wordBuffer)
                    result.append(scalar)
                    continue
                }
                if self.rawEscapes {
                    words.addRawCharacter(scalar, to: &wordBuffer)
                    result.append(scalar)
                }
                // The escape token protects the next character; at the end of the word it is dropped.
                guard let escaped = next() else { break scanning }
                words.addRawCharacter(escaped, to: &wordBuffer)
                result.append(escaped)
            }
        }
        if let stop {
            throw ShellLexerFailure("unexpected end of statement while looking for matching \(stop)")
        }
        return (String(result), words.finish(with: &wordBuffer))
    }

    /// Everything up to the next `'` is literal; nothing can be escaped, not even `'`.
    private mutating func processSingleQuote() throws(ShellLexerFailure) -> String {
        var result = String.UnicodeScalarView()
        if let quote = next(), options.rawQuotes { result.append(quote) }
        while true {
            guard let scalar = next() else {
                throw ShellLexerFailure("unexpected end of statement while looking for matching single-quote")
            }
            if scalar == "'" {
                if options.rawQuotes { result.append(scalar) }
                return String(result)
            }
            result.append(scalar)
        }
    }

    /// Everything up to the next unescaped `"` is literal except `$` references; the escape token only escapes
    /// `"`, `$` and itself, and is kept before anything else.
    private mutating func processDoubleQuote() throws(ShellLexerFailure) -> String {
        var result = String.UnicodeScalarView()
        if let quote = next(), options.rawQuotes { result.append(quote) }
        while true {
            guard let upcoming = peek() else {
                throw ShellLexerFailure("unexpected end of statement while looking for matching double-quote")
            }
            if upcoming == "\"" {
                next()
                if options.rawQuotes { result.append(upcoming) }
                return String(result)
            }
            if upcoming == "$" {
                result.append(contentsOf: try substitution().unicodeScalars)
                continue
            }
            var scalar = upcoming
            next()
            if scalar == escapeToken {
                if rawEscapes { result.append(scalar) }
                guard let escaped = peek() else { continue }
                if escaped == "\"" || escaped == "$" || escaped == escapeToken {
                    next()
                    scalar = escaped
                }
            }
            result.append(scalar)
        }
    }

    /// `<<` and the blanks after it stay together so that `<< EOF` is one heredoc word.
    private mutating func processPossibleHeredoc() -> String {
        next()
        guard peek() == "<" else { return "<" }
        next()
        var result = "<<"
        while let scalar = peek(), scalar == "\t" || scalar == "\r" || scalar == " " {
            result.unicodeScalars.append(scalar)
            next()
        }
        return result
    }

    /// Looks a variable up, remembering whether it was set.
    mutating func lookUp(_ name: String) -> String? {
        guard let value = environment[name] else {
            unmatched.insert(name)
            return nil
        }
        matched.insert(name)
        return value
    }
}
