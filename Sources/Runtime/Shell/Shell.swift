import Archive
import Foundation
import UnionFS

/// The built-in shell: runs scripts of a subset of POSIX sh on a container's read-write layer,
/// with no process, no host file and no clock involved, so the same script on the same image
/// always makes the same layer.
///
/// One `Shell` is one `sh` process: its variables, working directory, options and last status.
/// `sh -c` starts a child shell with the exported variables. Not `Sendable`: it lives inside
/// one run.
final class Shell {
    /// `set -e`, `set -u`, `set -x`.
    struct Options {
        var errexit = false
        var nounset = false
        var xtrace = false
    }

    let layer: ContainerLayer
    let user: ContainerUser
    var variables: [String: String]
    /// Exported names in the order they were first exported, which is the order `env` prints.
    var exported: [String]
    /// `$0` and `$1`….
    var name: String
    var positional: [String]
    /// The logical working directory, absolute.
    var workingDirectory: String
    var lastStatus: Int32 = 0
    var options = Options()
    /// The script line being run, for messages.
    var line = 1
    /// The standard descriptors the shell itself was given.
    let streams: CommandStreams
    /// How many shells this one is nested in (`sh -c` in `sh -c`), bounded so a script that runs
    /// itself cannot recurse without end.
    let depth: Int

    static let maximumDepth = 32

    init(
        layer: ContainerLayer, user: ContainerUser, environment: [(String, String)], workingDirectory: String,
        streams: CommandStreams, name: String = "sh", positional: [String] = [], depth: Int = 0
    ) {
        self.layer = layer
        self.user = user
        self.variables = [:]
        self.exported = []
        for (key, value) in environment where variables[key] == nil {
            variables[key] = value
            exported.append(key)
        }
        self.workingDirectory = workingDirectory
        variables["PWD"] = workingDirectory
        self.streams = streams
        self.name = name
        self.positional = positional
        self.depth = depth
    }

    /// The exported variables, in `env`'s order.
    var environment: [(String, String)] {
        exported.compactMap { key in variables[key].map { (key, $0) } }
    }

    /// The merged view the shell reads.
    var view: UnionView { layer.merged }

    // MARK: - Running

    /// Runs `source` to the end or to `exit`.
    /// - Returns: the exit status: the last command's, `exit`'s, or 2 for a syntax error.
    /// - Throws: ``ShellTokenizer/Unsupported``, ``UnsupportedCommand`` and ``UnionError`` (I/O).
    func run(source: String) throws -> Int32 {
        let script: ShellScript
        do {
            script = try ShellParser.parse(source)
        } catch let error as ShellSyntaxError {
            streams.error.write("\(name): line \(error.line): syntax error: \(error.message)\n")
            return 2
        }
        do {
            return try execute(script)
        } catch let exit as ShellExit {
            return exit.status
        }
    }

    private func execute(_ script: ShellScript) throws -> Int32 {
        for list in script.lists {
            let (status, errexitApplies) = try execute(list)
            lastStatus = status
            if options.errexit && status != 0 && errexitApplies { throw ShellExit(status: status) }
        }
        return lastStatus
    }

    /// Runs an and-or list.
    /// - Returns: its status, and whether `set -e` applies to it: only when the list's last
    ///   command ran and was not negated (XCU 2.14, `set -e`).
    private func execute(_ list: AndOrList) throws -> (Int32, Bool) {
        var status = try execute(list.first)
        var errexitApplies = list.rest.isEmpty && !list.first.negated
        for (offset, (connector, command)) in list.rest.enumerated() {
            lastStatus = status
            guard (connector == .and) == (status == 0) else {
                errexitApplies = false
                continue
            }
            status = try execute(command)
            errexitApplies = offset == list.rest.count - 1 && !command.negated
        }
        return (status, errexitApplies)
    }

    private func execute(_ command: SimpleCommand) throws -> Int32 {
        line = command.line
        var arguments: [String] = []
        for word in command.words { arguments += try fields(of: word) }
        let assignments = try command.assignments.map { ($0.name, try string(of: $0.value)) }
        if options.xtrace {
            let shown = assignments.map { "\($0)=\(Self.quoted($1))" } + arguments.map(Self.quoted)
            streams.error.write("+ \(shown.joined(separator: " "))\n")
        }
        guard let streams = try redirect(command.redirections) else { return 1 }
        let status: Int32
        if arguments.isEmpty {
            for (key, value) in assignments { variables[key] = value }
            status = 0
        } else {
            status = try invoke(arguments, assignments: assignments, streams: streams)
        }
        try streams.flush(to: layer)
        return command.negated ? (status == 0 ? 1 : 0) : status
    }

    /// Runs a command by name: a built-in, or "not found" as sh says it.
    /// - Throws: ``UnsupportedCommand`` for a program the image has but the shell cannot run.
    func invoke(_ arguments: [String], assignments: [(String, String)], streams: CommandStreams) throws -> Int32 {
        let command = arguments[0]
        guard let builtin = try builtin(named: command) else {
            streams.error.write("\(name): \(command): not found\n")
            return 127
        }
        if builtin.keepsAssignments {
            for (key, value) in assignments { variables[key] = value }
        }
        let invocation = Invocation(
            name: (command as NSString).lastPathComponent, arguments: Array(arguments.dropFirst()),
            environment: Self.overlaid(environment, with: assignments), streams: streams)
        return try builtin.run(self, invocation)
    }

    /// The built-in for `command`. A path (`/bin/echo`) names the built-in of its last
    /// component when the image has a file there, as an exec of busybox's applet would.
    /// - Returns: `nil` when neither a built-in nor a program of the image has that name.
    /// - Throws: ``UnsupportedCommand`` when the image has a program the shell cannot run.
    private func builtin(named command: String) throws -> Builtin? {
        if command.contains("/") {
            guard case .existing = try? resolve(command, followingLast: true) else { return nil }
            let base = (command as NSString).lastPathComponent
            if let builtin = Builtins.all[base] { return builtin }
            throw UnsupportedCommand(command: command, line: line)
        }
        if let builtin = Builtins.all[command] { return builtin }
        for folder in (variables["PATH"] ?? "").split(separator: ":") where folder.hasPrefix("/") {
            if case .existing(let entry)? = try? resolve("\(folder)/\(command)", followingLast: true),
                entry.kind == .regular
            {
                throw UnsupportedCommand(command: command, line: line)
            }
        }
        return nil
    }

    /// `environment` with `assignments` replacing or adding variables, in order.
    static func overlaid(_ environment: [(String, String)], with assignments: [(String, String)]) -> [(String, String)]
    {
        var result = environment
        for (key, value) in assignments {
            if let index = result.firstIndex(where: { $0.0 == key }) {
                result[index].1 = value
            } else {
                result.append((key, value))
            }
        }
        return result
    }

    /// An argument as `set -x` shows it: quoted when it is empty or has characters sh reads.
    static func quoted(_ argument: String) -> String {
        let plain = argument.unicodeScalars.allSatisfy {
            $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0))
        }
        if plain && !argument.isEmpty { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// `exit`, or an error that ends a non-interactive shell (`${x?}`, `set -u`).
struct ShellExit: Error {
    var status: Int32
}

/// A program of the image that the built-in shell cannot run.
struct UnsupportedCommand: Error {
    var command: String
    var line: Int
}
