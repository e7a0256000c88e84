extension ShellWordProcessor {
    /// A `$` reference: `$NAME`, `${NAME}` or `${NAME<modifier>word}`.
    mutating func processDollar() throws(ShellLexerFailure) -> String {
        next()
        guard peek() == "{" else {
            let name = processName()
            if name.isEmpty { return "$" }
            let value = lookUp(name)
            if value == nil && options.skipUnsetEnvironment { return "$" + name }
            return value ?? ""
        }
        next()
        switch peek() {
        case nil: throw ShellLexerFailure("syntax error: missing '}'")
        case "{", "}", ":": throw ShellLexerFailure("syntax error: bad substitution")
        default: break
        }
        let name = processName()
        guard let modifier = next() else { throw ShellLexerFailure("syntax error: missing '}'") }
        switch modifier {
        case "}":
            let value = lookUp(name)
            if value == nil && options.skipUnsetEnvironment { return "${\(name)}" }
            return value ?? ""
        case ":":
            guard let modifier = next() else { throw ShellLexerFailure("syntax error: missing '}'") }
            return try processModifier(name: name, modifier: modifier, nullIsUnset: true)
        case "+", "-", "?", "#", "%":
            return try processModifier(name: name, modifier: modifier, nullIsUnset: false)
        case "/":
            return try processReplacement(name: name)
        default:
            throw ShellLexerFailure("unsupported modifier (\(modifier)) in substitution")
        }
    }

    /// `${NAME-word}`, `${NAME+word}`, `${NAME?word}`, `${NAME#pattern}` and `${NAME%pattern}`, and with `:`
    /// (`nullIsUnset`) the forms of the first three that treat an empty value as unset.
    private mutating func processModifier(
        name: String,
        modifier: Unicode.Scalar,
        nullIsUnset: Bool
    ) throws(ShellLexerFailure) -> String {
        let written = (nullIsUnset ? ":" : "") + String(modifier)
        let isPattern = modifier == "#" || modifier == "%"
        if nullIsUnset && isPattern {
            throw ShellLexerFailure("unsupported modifier (\(written)) in substitution")
        }
        // Patterns keep their escapes so that `\*` stays a literal star.
        let word: String
        do {
            word = try processUntil("}", rawEscapes: isPattern).0
        } catch {
            if peek() == nil { throw ShellLexerFailure("syntax error: missing '}'") }
            throw error
        }
        let value = lookUp(name)
        if value == nil && options.skipUnsetEnvironment { return "${\(name)\(written)\(word)}" }
        let text = value ?? ""
        let treatAsUnset = value == nil || (nullIsUnset && text.isEmpty)
        switch modifier {
        case "-":
            return treatAsUnset ? word : text
        case "+":
            return treatAsUnset ? "" : word
        case "?":
            if value == nil {
                throw ShellLexerFailure("\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
            }
            if treatAsUnset {
                throw ShellLexerFailure("\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
            }
            return text
        case "#", "%":
            let greedy = word.unicodeScalars.first == modifier
            let pattern = greedy ? String(word.unicodeScalars.dropFirst()) : word
            return try modifier == "%"
                ? ShellPattern.trimSuffix(pattern, from: text, greedy: greedy)
                : ShellPattern.trimPrefix(pattern, from: text, greedy: greedy)
        default:
            throw ShellLexerFailure("unsupported modifier (\(written)) in substitution")
        }
    }

    /// `${NAME/pattern/replacement}` replaces the first (longest) match, `${NAME//pattern/replacement}` all.
    private mutating func processReplacement(name: String) throws(ShellLexerFailure) -> String {
        let replaceAll = peek() == "/"
        if replaceAll { next() }
        let pattern: String
        do {
            pattern = try processUntil("/", rawEscapes: true).0
        } catch {
            if peek() == nil { throw ShellLexerFailure("syntax error: missing '/' in ${}") }
            throw error
        }
        let replacement: String
        do {
            replacement = try processUntil("}", rawEscapes: true).0
        } catch {
            if peek() == nil { throw ShellLexerFailure("syntax error: missing '}'") }
            throw error
        }
        let value = lookUp(name)
        if value == nil && options.skipUnsetEnvironment { return "${\(name)/\(pattern)/\(replacement)}" }
        let matcher = try ShellPattern.compile(pattern, greedy: true, anchored: false)
        return replaceAll
            ? matcher.replacingAll(in: value ?? "", with: replacement)
            : matcher.replacingFirst(in: value ?? "", with: replacement)
    }

    /// A variable name: letters, digits and `_`; or a run of digits (a positional parameter); or one of the
    /// shell's special parameters such as `$@`. None of the last two is ever set in a Dockerfile.
    private mutating func processName() -> String {
        var name = String.UnicodeScalarView()
        while let scalar = peek() {
            if name.isEmpty && scalar.isGoDigit {
                while let digit = peek(), digit.isGoDigit {
                    name.append(digit)
                    next()
                }
                return String(name)
            }
            if name.isEmpty && Self.isSpecialParameter(scalar) {
                next()
                return String(scalar)
            }
            guard scalar.isGoLetter || scalar.isGoDigit || scalar == "_" else { break }
            name.append(scalar)
            next()
        }
        return String(name)
    }

    private static func isSpecialParameter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "@", "*", "#", "?", "-", "$", "!", "0": true
        default: false
        }
    }
}
