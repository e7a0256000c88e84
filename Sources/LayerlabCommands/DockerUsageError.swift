import ArgumentParser
import Foundation

/// A mistake in the command line, worded as the docker CLI words it (cobra's and docker/cli's
/// `cli/required.go` messages), with its exit status: 125 for a flag, 1 otherwise.
struct DockerUsageError {
    var text: String
    var status: Int32

    /// Reads the argument parser's `message` for a mistake Docker names its own way; `nil` for
    /// anything else (help, a value that does not parse, a validation error).
    init?(message: String, arguments: [String]) {
        let command = Self.commandPath(arguments)
        let path = (["layerlab"] + command.map(\.name)).joined(separator: " ")
        if let option = Self.quoted(message, after: "Unknown option '") {
            let flag =
                option.hasPrefix("--")
                ? "unknown flag: \(option)" : "unknown shorthand flag: '\(option.dropFirst())' in \(option)"
            self.init(text: "\(flag)\nSee '\(path) --help'.", status: 125)
        } else if let option = Self.quoted(message, after: "Missing value for '") {
            let name = option.split(separator: " ").first.map(String.init) ?? option
            let flag = name.hasPrefix("--") ? name : "'\(name.dropFirst())' in \(name)"
            self.init(text: "flag needs an argument: \(flag)\nSee '\(path) --help'.", status: 125)
        } else if let extra = Self.quoted(message, after: "Unexpected argument '")
            ?? Self.quoted(message, within: " unexpected arguments: '"), command.isEmpty
        {
            // The parser says "2 unexpected arguments: 'layers', 'x'" for an unknown command with an
            // argument; Docker names the command whatever follows it.
            self.init(text: "layerlab: '\(extra)' is not a layerlab command.\nSee 'layerlab --help'", status: 1)
        } else if message.hasPrefix("Missing expected argument") || message.hasPrefix("Unexpected argument")
            || message.contains(" unexpected arguments: "),
            let last = command.last
        {
            self.init(text: Self.arityMessage(last.type, path: path), status: 1)
        } else {
            return nil
        }
    }

    private init(text: String, status: Int32) {
        self.text = text
        self.status = status
    }

    /// `"layerlab rmi" requires at least 1 argument.` and the rest of docker/cli's message.
    static func arityMessage(_ command: any ParsableCommand.Type, path: String) -> String {
        let positional = positionalArguments(Layerlab.usageString(for: command))
        let required = positional.filter { !$0.optional }.count
        let most = positional.count
        func noun(_ count: Int) -> String { count == 1 ? "argument" : "arguments" }
        let requirement =
            if positional.last?.variadic == true {
                "requires at least \(required) \(noun(required))"
            } else if required == most {
                "requires exactly \(most) \(noun(most))"
            } else if required == 0 {
                "requires at most \(most) \(noun(most))"
            } else {
                "requires at least \(required) and at most \(most) \(noun(most))"
            }
        let usage = ([path, "[OPTIONS]"] + positional.map(\.text)).joined(separator: " ")
        var summary = command.configuration.abstract
        if summary.hasSuffix(".") { summary.removeLast() }
        return "\"\(path)\" \(requirement).\nSee '\(path) --help'.\n\nUsage:  \(usage)\n\n\(summary)"
    }

    /// The positional arguments of a usage line (`<source> <target>`, `[<repository>]`,
    /// `<images> ...`): its words outside brackets, less options and their values.
    static func positionalArguments(_ usage: String) -> [(text: String, optional: Bool, variadic: Bool)] {
        var words: [String] = []
        var depth = 0
        for character in usage {
            if character == " " && depth == 0 {
                words.append("")
                continue
            }
            if words.isEmpty { words.append("") }
            if character == "[" { depth += 1 }
            if character == "]" { depth -= 1 }
            words[words.count - 1].append(character)
        }
        var result: [(text: String, optional: Bool, variadic: Bool)] = []
        var afterOption = false
        for word in words where !word.isEmpty {
            defer { afterOption = word.hasPrefix("-") }
            if word == "...", !result.isEmpty {
                result[result.count - 1].variadic = true
                result[result.count - 1].text += " ..."
            } else if word.hasPrefix("<"), !afterOption {
                result.append((word, false, false))
            } else if word.hasPrefix("[<"), word != "[<options>]" {  // a long usage line's options
                result.append((word, true, false))
            }
        }
        return result
    }

    /// The subcommands the arguments name (`image prune` is two), with their types.
    static func commandPath(_ arguments: [String]) -> [(name: String, type: any ParsableCommand.Type)] {
        var path: [(name: String, type: any ParsableCommand.Type)] = []
        var choices = Layerlab.configuration.subcommands
        for argument in arguments where !argument.hasPrefix("-") {
            guard let match = choices.first(where: { $0._commandName == argument }) else { break }
            path.append((argument, match))
            choices = match.configuration.subcommands
            if choices.isEmpty { break }
        }
        return path
    }

    /// The text between `prefix` and the next `'`.
    /// The quoted word after `text`, wherever in `message` it is ("2 unexpected arguments: 'a', 'b'").
    static func quoted(_ message: String, within text: String) -> String? {
        guard let range = message.range(of: text) else { return nil }
        return quoted(String(message[range.upperBound...]), after: "")
    }

    static func quoted(_ message: String, after prefix: String) -> String? {
        guard message.hasPrefix(prefix) else { return nil }
        return message.dropFirst(prefix.count).split(separator: "'", omittingEmptySubsequences: false).first.map(
            String.init)
    }
}
