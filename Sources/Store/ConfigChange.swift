import Foundation
import OCI

/// One `docker commit --change` (`-c`) instruction: a Dockerfile line applied to the new image's config.
///
/// moby's `BuildFromConfig` (builder/dockerfile/builder.go) accepts CMD, ENTRYPOINT, ENV, EXPOSE,
/// LABEL, ONBUILD, USER, VOLUME and WORKDIR; layerlab takes the ones a course needs.
public enum ConfigChange: Sendable, Equatable {
    case cmd([String])
    case entrypoint([String])
    case env([(String, String)])
    case expose([String])
    case label([(String, String)])
    case user(String)
    case workdir(String)

    public static func == (lhs: ConfigChange, rhs: ConfigChange) -> Bool {
        switch (lhs, rhs) {
        case (.cmd(let a), .cmd(let b)), (.entrypoint(let a), .entrypoint(let b)), (.expose(let a), .expose(let b)):
            a == b
        case (.env(let a), .env(let b)), (.label(let a), .label(let b)):
            a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        case (.user(let a), .user(let b)), (.workdir(let a), .workdir(let b)):
            a == b
        default:
            false
        }
    }

    /// Parses `INSTRUCTION arguments` as Docker's Dockerfile parser reads it.
    /// - Throws: ``StoreError/Code/invalidInput`` with moby's message for an instruction commit does not take.
    public init(parsing line: String) throws(StoreError) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let keyword = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
        switch keyword.uppercased() {
        case "CMD": self = .cmd(Self.command(rest))
        case "ENTRYPOINT": self = .entrypoint(Self.command(rest))
        case "ENV": self = .env(try Self.pairs(rest, instruction: "ENV", allowsSpaceForm: true))
        case "LABEL": self = .label(try Self.pairs(rest, instruction: "LABEL", allowsSpaceForm: false))
        case "EXPOSE":
            let ports = Self.words(rest).map { $0.contains("/") ? $0 : $0 + "/tcp" }
            guard !ports.isEmpty else { throw Self.needsArgument("EXPOSE") }
            self = .expose(ports)
        case "USER":
            guard !rest.isEmpty else { throw Self.needsArgument("USER") }
            self = .user(rest)
        case "WORKDIR":
            guard !rest.isEmpty else { throw Self.needsArgument("WORKDIR") }
            self = .workdir(rest)
        default:
            throw StoreError(.invalidInput, "\(keyword.uppercased()) is not a valid change command")
        }
    }

    /// Applies the change to `config` as the Dockerfile instruction would.
    public func apply(to config: inout ContainerConfig) {
        switch self {
        case .cmd(let command): config.cmd = command
        case .entrypoint(let command): config.entrypoint = command
        case .env(let pairs):
            var env = config.env ?? []
            for (key, value) in pairs {
                env.removeAll { $0 == key || $0.hasPrefix(key + "=") }
                env.append("\(key)=\(value)")
            }
            config.env = env
        case .expose(let ports):
            var exposed = config.exposedPorts ?? [:]
            for port in ports { exposed[port] = EmptyObject() }
            config.exposedPorts = exposed
        case .label(let pairs):
            var labels = config.labels ?? [:]
            for (key, value) in pairs { labels[key] = value }
            config.labels = labels
        case .user(let user): config.user = user
        case .workdir(let folder):
            let base = config.workingDir ?? "/"
            config.workingDir =
                folder.hasPrefix("/") ? folder : (base.hasSuffix("/") ? base : base + "/") + folder
        }
    }

    /// JSON form (`["sh", "-c", "…"]`) or shell form, which runs through `/bin/sh -c`.
    private static func command(_ text: String) -> [String] {
        if text.hasPrefix("["), let array = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) {
            return array
        }
        return ["/bin/sh", "-c", text]
    }

    /// `KEY=VALUE …` pairs (quotes removed), or for ENV the old `KEY VALUE` form.
    private static func pairs(_ text: String, instruction: String, allowsSpaceForm: Bool) throws(StoreError)
        -> [(String, String)]
    {
        let words = words(text)
        guard let first = words.first else { throw needsArgument(instruction) }
        if !first.contains("=") {
            guard allowsSpaceForm, words.count >= 2 else {
                throw StoreError(.invalidInput, "\(instruction) names can not be blank: expected KEY=VALUE")
            }
            let value = text.dropFirst(first.count).trimmingCharacters(in: .whitespaces)
            return [(first, value)]
        }
        var result: [(String, String)] = []
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw StoreError(.invalidInput, "\(instruction): \"\(word)\" is not KEY=VALUE")
            }
            result.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
        }
        return result
    }

    /// Words split at unquoted spaces, with double or single quotes removed.
    private static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    private static func needsArgument(_ instruction: String) -> StoreError {
        StoreError(.invalidInput, "\(instruction) requires at least one argument")
    }
}
