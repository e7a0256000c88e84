import UnionFS

/// A command the built-in shell runs itself.
struct Builtin: Sendable {
    /// Whether `NAME=value cmd` keeps the assignments in the shell afterwards, as for sh's
    /// special built-ins (`export`, `set`, `:` …, XCU 2.14).
    var keepsAssignments = false
    var run: @Sendable (Shell, Invocation) throws -> Int32
}

/// One run of a built-in: its arguments and descriptors.
struct Invocation {
    /// The name it was called by, without a folder (`/bin/echo` → `echo`).
    var name: String
    var arguments: [String]
    /// The exported variables with the command's own assignments.
    var environment: [(String, String)]
    var streams: CommandStreams

    func write(_ text: String) { streams.output.write(text) }

    /// Writes `name: message` to standard error.
    /// - Returns: 1, the status of a failed command.
    func fail(_ message: String) -> Int32 {
        streams.error.write("\(name): \(message)\n")
        return 1
    }

    /// The leading `-xyz` options that `known` lists, and the operands after them (`--` ends the
    /// options), as busybox's `getopt32` reads them.
    /// - Returns: `nil` after writing a usage message when an option is unknown.
    func options(_ known: String) -> (flags: Set<Character>, operands: [String])? {
        var flags = Set<Character>()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                index += 1
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else { break }
            for flag in argument.dropFirst() {
                guard known.contains(flag) else {
                    _ = fail("invalid option -- '\(flag)'")
                    return nil
                }
                flags.insert(flag)
            }
            index += 1
        }
        return (flags, Array(arguments[index...]))
    }
}

/// The message a file operation's failure shows, as `strerror` says it.
func reason(_ error: any Error) throws -> String {
    if let problem = error as? PathProblem { return problem.description }
    guard let error = error as? UnionError else { throw error }
    switch error.code {
    case .notFound: return "No such file or directory"
    case .alreadyExists: return "File exists"
    case .isADirectory: return "Is a directory"
    case .notADirectory: return "Not a directory"
    case .directoryNotEmpty: return "Directory not empty"
    case .notARegularFile: return "Not a regular file"
    case .badPath: return error.message
    default: throw error
    }
}

/// Every built-in by name: the documented subset.
enum Builtins {
    static let all: [String: Builtin] = {
        var all: [String: Builtin] = [:]
        for (name, builtin) in shellBuiltins.merging(textBuiltins, uniquingKeysWith: { a, _ in a })
            .merging(fileBuiltins, uniquingKeysWith: { a, _ in a })
            .merging(copyBuiltins, uniquingKeysWith: { a, _ in a })
            .merging(sleepBuiltins, uniquingKeysWith: { a, _ in a })
        {
            all[name] = builtin
        }
        all["test"] = Builtin { shell, invocation in TestExpression.run(shell, invocation, bracket: false) }
        all["["] = Builtin { shell, invocation in TestExpression.run(shell, invocation, bracket: true) }
        return all
    }()

    /// The names, sorted, for messages.
    static var names: [String] { all.keys.sorted() }
}
