import Foundation
import UnionFS

/// The built-ins that print: `echo`, `printf`, `cat` and `env`, as busybox's applets do.
extension Builtins {
    static let textBuiltins: [String: Builtin] = [
        "echo": Builtin(run: echo),
        "printf": Builtin(run: printf),
        "cat": Builtin(run: cat),
        "env": Builtin(run: env),
    ]

    /// busybox `echo`: `-n` (no newline), `-e` (backslash escapes), `-E` (none, the default),
    /// recognised only as whole leading arguments made of those letters.
    private static func echo(_: Shell, _ invocation: Invocation) throws -> Int32 {
        var arguments = invocation.arguments[...]
        var newline = true
        var escapes = false
        while let first = arguments.first, first.count > 1, first.hasPrefix("-"),
            first.dropFirst().allSatisfy({ "neE".contains($0) })
        {
            for letter in first.dropFirst() {
                switch letter {
                case "n": newline = false
                case "e": escapes = true
                default: escapes = false
                }
            }
            arguments = arguments.dropFirst()
        }
        var text = arguments.joined(separator: " ")
        if escapes {
            let (expanded, stop) = BackslashEscapes.expand(text, octalNeedsZero: true)
            text = expanded
            if stop { newline = false }
        }
        invocation.write(newline ? text + "\n" : text)
        return 0
    }

    /// `printf FORMAT [ARGUMENT…]`: the format is used again while arguments remain.
    private static func printf(_: Shell, _ invocation: Invocation) throws -> Int32 {
        guard let format = invocation.arguments.first else {
            return invocation.fail("usage: printf FORMAT [ARGUMENT]...")
        }
        var formatter = PrintfFormatter(arguments: Array(invocation.arguments.dropFirst()))
        repeat {
            let done = formatter.format(format)
            if done { break }
        } while formatter.hasArgumentsLeft
        invocation.write(formatter.output)
        if let problem = formatter.problem { return invocation.fail(problem) }
        return 0
    }

    /// `cat [FILE…]`; `-` or no file is standard input.
    private static func cat(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        let files = invocation.arguments.isEmpty ? ["-"] : invocation.arguments
        var status: Int32 = 0
        for file in files {
            if file == "-" {
                invocation.streams.output.write(invocation.streams.input)
                continue
            }
            do {
                guard case .existing(let entry) = try shell.resolve(file, followingLast: true) else {
                    throw PathProblem.notFound
                }
                guard entry.kind != .directory else {
                    status = invocation.fail("read error: Is a directory")
                    continue
                }
                invocation.streams.output.write(try shell.view.contents(of: entry))
            } catch {
                status = invocation.fail("can't open '\(file)': \(try reason(error))")
            }
        }
        return status
    }

    /// `env` prints the environment; `env [-i] [-u NAME] [NAME=VALUE…] COMMAND…` runs a command
    /// with it changed.
    private static func env(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        var environment = invocation.environment
        var arguments = invocation.arguments[...]
        while let argument = arguments.first {
            if argument == "-i" || argument == "-" {
                environment = []
            } else if argument == "-u", arguments.count > 1 {
                arguments = arguments.dropFirst()
                let name = arguments.first
                environment.removeAll { $0.0 == name }
            } else if let equals = argument.firstIndex(of: "="), argument.first != "=" {
                environment = Shell.overlaid(
                    environment,
                    with: [(String(argument[..<equals]), String(argument[argument.index(after: equals)...]))])
            } else {
                break
            }
            arguments = arguments.dropFirst()
        }
        guard !arguments.isEmpty else {
            for (key, value) in environment { invocation.write("\(key)=\(value)\n") }
            return 0
        }
        let child = Shell(
            layer: shell.layer, user: shell.user, environment: environment, workingDirectory: shell.workingDirectory,
            streams: invocation.streams, depth: shell.depth + 1)
        return try child.invoke(Array(arguments), assignments: [], streams: invocation.streams)
    }
}

/// The backslash escapes of `echo -e`, `printf`'s format and `%b`.
enum BackslashEscapes {
    /// - Parameter octalNeedsZero: `\0NNN` (echo, `%b`) rather than `\NNN` (printf's format).
    /// - Returns: the text with escapes replaced, and whether `\c` asked to stop all output.
    static func expand(_ text: String, octalNeedsZero: Bool) -> (String, stop: Bool) {
        var result: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            guard byte == UInt8(ascii: "\\"), let letter = bytes.first else {
                result.append(byte)
                continue
            }
            bytes = bytes.dropFirst()
            switch letter {
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "a"): result.append(0x07)
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "v"): result.append(0x0B)
            case UInt8(ascii: "e"): result.append(0x1B)
            case UInt8(ascii: "\\"): result.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "c"): return (String(decoding: result, as: UTF8.self), true)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var digits = octalNeedsZero && letter == UInt8(ascii: "0") ? [] : [letter]
                while digits.count < 3, let next = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(next) {
                    digits.append(next)
                    bytes = bytes.dropFirst()
                }
                if octalNeedsZero && letter != UInt8(ascii: "0") {
                    result += [UInt8(ascii: "\\")] + digits
                } else {
                    result.append(
                        UInt8(truncatingIfNeeded: Int(String(decoding: digits, as: UTF8.self), radix: 8) ?? 0))
                }
            default:
                result += [UInt8(ascii: "\\"), letter]
            }
        }
        return (String(decoding: result, as: UTF8.self), false)
    }
}
