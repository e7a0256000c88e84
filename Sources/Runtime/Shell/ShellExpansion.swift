import Foundation
import UnionFS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Word expansion (XCU 2.6): tilde, parameters, field splitting on blanks and pathname
/// expansion, in that order. `IFS` is always space, tab and newline in this subset.
extension Shell {
    /// The fields a command word becomes.
    /// - Throws: ``ShellExit`` for `${x?}` or `set -u` on an unset variable.
    func fields(of word: ShellWord) throws -> [String] {
        var fields: [String] = []
        var current = PendingField()
        func finish() {
            if current.exists { fields += current.isPattern ? glob(current.pattern) ?? [current.text] : [current.text] }
            current = PendingField()
        }
        for part in word.parts {
            switch part {
            case .literal(let text, let quoted):
                current.add(text, quoted: quoted)
            case .tilde:
                current.add(variables["HOME"] ?? user.home, quoted: true)
            case .parameter(let expansion, quoted: true) where expansion.name == "@" && expansion.operation == nil:
                for (index, value) in positional.enumerated() {
                    if index > 0 { finish() }
                    current.add(value, quoted: true)
                }
            case .parameter(let expansion, let quoted):
                let value = try expand(expansion)
                guard !quoted else {
                    current.add(value, quoted: true)
                    continue
                }
                let pieces = value.split(whereSeparator: Self.isBlank)
                if value.first.map(Self.isBlank) == true { finish() }
                for (index, piece) in pieces.enumerated() {
                    if index > 0 { finish() }
                    current.add(String(piece), quoted: true)
                }
                if value.last.map(Self.isBlank) == true { finish() }
            }
        }
        finish()
        return fields
    }

    /// A word expanded to one string, without field splitting or pathname expansion: an
    /// assignment's value, a redirection's target, the word of `${x:-word}`.
    func string(of word: ShellWord) throws -> String {
        var text = ""
        for part in word.parts {
            switch part {
            case .literal(let literal, _): text += literal
            case .tilde: text += variables["HOME"] ?? user.home
            case .parameter(let expansion, _): text += try expand(expansion)
            }
        }
        return text
    }

    /// A word as an `fnmatch` pattern: quoted text and expansions match only themselves.
    private func pattern(of word: ShellWord) throws -> String {
        var pattern = ""
        for part in word.parts {
            switch part {
            case .literal(let text, let quoted): pattern += quoted ? Self.escapingPattern(text) : text
            case .tilde: pattern += Self.escapingPattern(variables["HOME"] ?? user.home)
            case .parameter(let expansion, let quoted):
                let value = try expand(expansion)
                pattern += quoted ? Self.escapingPattern(value) : value
            }
        }
        return pattern
    }

    // MARK: - Parameters

    /// The value of a parameter, `nil` when unset.
    func parameter(_ name: String) -> String? {
        switch name {
        case "?": return String(lastStatus)
        case "#": return String(positional.count)
        case "@", "*": return positional.joined(separator: " ")
        case "$": return "1"  // the shell is the container's first process
        case "0": return self.name
        case "-": return (options.errexit ? "e" : "") + (options.nounset ? "u" : "") + (options.xtrace ? "x" : "")
        case "!": return nil
        default:
            if let number = Int(name), number > 0 {
                return positional.indices.contains(number - 1) ? positional[number - 1] : nil
            }
            return variables[name]
        }
    }

    /// `$NAME` and `${NAME op word}` (XCU 2.6.2).
    func expand(_ expansion: ParameterExpansion) throws -> String {
        let name = expansion.name
        let value = parameter(name)
        func isMissing(_ whenNull: Bool) -> Bool { value == nil || (whenNull && value?.isEmpty == true) }
        switch expansion.operation {
        case nil:
            return try value ?? unset(name)
        case .useDefault(let word, let whenNull):
            return isMissing(whenNull) ? try string(of: word) : value ?? ""
        case .assignDefault(let word, let whenNull):
            guard isMissing(whenNull) else { return value ?? "" }
            let assigned = try string(of: word)
            variables[name] = assigned
            return assigned
        case .errorIfUnset(let word, let whenNull):
            guard isMissing(whenNull) else { return value ?? "" }
            let message = try string(of: word)
            streams.error.write("\(self.name): \(name): \(message.isEmpty ? "parameter not set" : message)\n")
            throw ShellExit(status: 2)
        case .useAlternative(let word, let whenNull):
            return isMissing(whenNull) ? "" : try string(of: word)
        case .length:
            return String((try value ?? unset(name)).count)
        case .removePrefix(let word, let longest):
            let text = try value ?? unset(name)
            let pattern = try pattern(of: word)
            let cuts = longest ? Array((0...text.count).reversed()) : Array(0...text.count)
            for cut in cuts where Self.matches(pattern, String(text.prefix(cut))) { return String(text.dropFirst(cut)) }
            return text
        case .removeSuffix(let word, let longest):
            let text = try value ?? unset(name)
            let pattern = try pattern(of: word)
            let cuts = longest ? Array((0...text.count).reversed()) : Array(0...text.count)
            for cut in cuts where Self.matches(pattern, String(text.suffix(cut))) { return String(text.dropLast(cut)) }
            return text
        }
    }

    /// An unset parameter: empty, or the end of the shell under `set -u`.
    private func unset(_ name: String) throws -> String {
        guard options.nounset, name != "@", name != "*" else { return "" }
        streams.error.write("\(self.name): \(name): parameter not set\n")
        throw ShellExit(status: 2)
    }

    // MARK: - Pathname expansion

    /// The paths of the merged view that `pattern` matches, sorted; `nil` when none does (the
    /// word then stays as it is, XCU 2.13.3). Hidden names match only a pattern starting with `.`.
    func glob(_ pattern: String) -> [String]? {
        let absolute = pattern.hasPrefix("/")
        var candidates = [absolute ? "/" : ""]
        for component in pattern.split(separator: "/").map(String.init) {
            if Self.hasPatternCharacters(component) {
                candidates = candidates.flatMap { prefix -> [String] in
                    let folder = prefix.isEmpty ? "." : prefix
                    guard case .existing(let entry)? = try? resolve(folder, followingLast: true),
                        entry.kind == .directory, let children = try? view.list(entry.path)
                    else { return [] }
                    return children.map(\.name).filter { Self.matches(component, $0, hidingDotFiles: true) }
                        .map { Self.join(prefix, $0) }
                }
            } else {
                let literal = Self.unescapingPattern(component)
                candidates = candidates.map { Self.join($0, literal) }
            }
            if candidates.isEmpty { return nil }
        }
        let found = candidates.filter { (try? resolve($0, followingLast: false)).map(\.exists) == true }
        return found.isEmpty ? nil : found.sorted()
    }

    private static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : prefix.hasSuffix("/") ? prefix + name : prefix + "/" + name
    }

    static func matches(_ pattern: String, _ text: String, hidingDotFiles: Bool = false) -> Bool {
        fnmatch(pattern, text, hidingDotFiles ? FNM_PERIOD : 0) == 0
    }

    static func hasPatternCharacters(_ text: String) -> Bool {
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if "*?[".contains(character) {
                return true
            }
        }
        return false
    }

    static func escapingPattern(_ text: String) -> String {
        var result = ""
        for character in text {
            if "*?[]\\".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private static func unescapingPattern(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }

    static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" || character == "\n" }
}

/// A field being built: its text, and its text as a pattern when unquoted glob characters
/// are in it.
private struct PendingField {
    var text = ""
    var pattern = ""
    var exists = false
    var isPattern = false

    mutating func add(_ piece: String, quoted: Bool) {
        text += piece
        if quoted {
            pattern += Shell.escapingPattern(piece)
        } else {
            pattern += piece
            if Shell.hasPatternCharacters(piece) { isPattern = true }
        }
        exists = exists || quoted || !piece.isEmpty
    }
}
