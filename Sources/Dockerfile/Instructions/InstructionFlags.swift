/// BuildKit's `BFlags`: checks an instruction's `--name[=value]` flags against the ones it accepts.
struct InstructionFlags {
    enum Kind {
        /// `--link`, `--link=true`, `--link=false`.
        case bool
        /// `--from=builder`; the last occurrence wins, but repeating it is an error.
        case string
        /// `--exclude=a --exclude=b`: may repeat.
        case strings
    }

    /// A flag that cannot be accepted, and the flag it is about.
    struct Failure: Error {
        var message: String
        var flagIndex: Int
    }

    private(set) var strings: [String: String] = [:]
    private(set) var lists: [String: [String]] = [:]
    private(set) var bools: [String: Bool] = [:]
    /// The flags given, in the order first used.
    private(set) var used: [String] = []

    /// Reads `arguments` against `accepted`. A lone `--` ends the flags, as in POSIX utilities.
    init(_ arguments: [String], accepting accepted: [String: Kind]) throws(Failure) {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { return }
            guard argument.hasPrefix("--") else {
                throw Failure(message: "arg should start with -- : \(argument)", flagIndex: index)
            }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let flag = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : nil
            let name = String(flag.dropFirst(2))
            guard let kind = accepted[name] else {
                let hint = Suggestion.suffix(for: name, among: Array(accepted.keys), caseSensitive: true)
                throw Failure(message: "unknown flag: \(flag)\(hint)", flagIndex: index)
            }
            if used.contains(name) && kind != .strings {
                throw Failure(message: "duplicate flag specified: \(flag)", flagIndex: index)
            }
            if !used.contains(name) { used.append(name) }
            try record(name: name, flag: flag, value: value, kind: kind, index: index)
        }
    }

    private mutating func record(name: String, flag: String, value: String?, kind: Kind, index: Int) throws(Failure) {
        switch kind {
        case .bool:
            // A bare `--link` is true; `--link=` (an empty value after `=`) is not allowed.
            if value?.isEmpty == true { throw Failure(message: "missing a value on flag: \(flag)", flagIndex: index) }
            switch value?.lowercased() {
            case nil, "true": bools[name] = true
            case "false": bools[name] = false
            default:
                throw Failure(
                    message: "expecting boolean value for flag \(flag), not: \(value ?? "")", flagIndex: index)
            }
        case .string:
            guard let value else { throw Failure(message: "missing a value on flag: \(flag)", flagIndex: index) }
            strings[name] = value
        case .strings:
            guard let value else { throw Failure(message: "missing a value on flag: \(flag)", flagIndex: index) }
            lists[name, default: []].append(value)
        }
    }

    /// A string flag's value, nil when absent or empty.
    func string(_ name: String) -> String? {
        strings[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func bool(_ name: String) -> Bool { bools[name] ?? false }

    func list(_ name: String) -> [String] { lists[name] ?? [] }

    func isUsed(_ name: String) -> Bool { used.contains(name) }
}
