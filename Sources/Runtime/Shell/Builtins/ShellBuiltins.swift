import Foundation
import UnionFS

/// The built-ins that change the shell itself: `cd`, `export`, `unset`, `set`, `exit`, `:`,
/// `true`, `false`, `pwd`, and `sh`, which starts a child shell.
extension Builtins {
    static let shellBuiltins: [String: Builtin] = [
        "cd": Builtin(run: changeDirectory),
        "export": Builtin(keepsAssignments: true, run: export),
        "unset": Builtin(keepsAssignments: true, run: unset),
        "set": Builtin(keepsAssignments: true, run: set),
        "exit": Builtin(keepsAssignments: true, run: exit),
        ":": Builtin(keepsAssignments: true) { _, _ in 0 },
        "true": Builtin { _, _ in 0 },
        "false": Builtin { _, _ in 1 },
        "pwd": Builtin { shell, invocation in
            invocation.write(shell.workingDirectory + "\n")
            return 0
        },
        "sh": Builtin(run: shell),
    ]

    private static func changeDirectory(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        var target = invocation.arguments.first { $0 != "--" } ?? shell.variables["HOME"] ?? "/"
        if target == "-" {
            target = shell.variables["OLDPWD"] ?? shell.workingDirectory
            invocation.write(target + "\n")
        }
        do {
            guard case .existing(let entry) = try shell.resolve(target, followingLast: true) else {
                throw PathProblem.notFound
            }
            guard entry.kind == .directory else { throw PathProblem.notADirectory }
        } catch {
            _ = invocation.fail("can't cd to \(target): \(try reason(error))")
            return 2
        }
        shell.variables["OLDPWD"] = shell.workingDirectory
        shell.workingDirectory = shell.absolute(target)
        shell.variables["PWD"] = shell.workingDirectory
        return 0
    }

    private static func export(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        let names = invocation.arguments.filter { $0 != "-p" }
        guard !names.isEmpty else {
            for (key, value) in shell.environment { invocation.write("export \(key)=\(Shell.quoted(value))\n") }
            return 0
        }
        for argument in names {
            let key = String(argument.prefix { $0 != "=" })
            guard Self.isName(key) else { return invocation.fail("\(argument): bad variable name") }
            if key.count < argument.count { shell.variables[key] = String(argument.dropFirst(key.count + 1)) }
            if !shell.exported.contains(key) { shell.exported.append(key) }
        }
        return 0
    }

    private static func unset(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        for name in invocation.arguments where !name.hasPrefix("-") {
            shell.variables[name] = nil
            shell.exported.removeAll { $0 == name }
        }
        return 0
    }

    private static func set(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        var arguments = invocation.arguments[...]
        guard !arguments.isEmpty else {
            for key in shell.variables.keys.sorted() {
                invocation.write("\(key)=\(Shell.quoted(shell.variables[key] ?? ""))\n")
            }
            return 0
        }
        while let argument = arguments.first, argument.hasPrefix("-") || argument.hasPrefix("+") {
            arguments = arguments.dropFirst()
            if argument == "--" {
                shell.positional = Array(arguments)
                return 0
            }
            let on = argument.hasPrefix("-")
            var letters = Array(argument.dropFirst())
            if letters == ["o"] {
                guard let option = arguments.first, let letter = longOptions[option] else {
                    return invocation.fail("\(arguments.first ?? ""): invalid option name")
                }
                arguments = arguments.dropFirst()
                letters = [letter]
            }
            for letter in letters {
                switch letter {
                case "e": shell.options.errexit = on
                case "u": shell.options.nounset = on
                case "x": shell.options.xtrace = on
                default: return invocation.fail("-\(letter): invalid option (the built-in shell knows -e, -u, -x)")
                }
            }
        }
        if !arguments.isEmpty { shell.positional = Array(arguments) }
        return 0
    }

    private static let longOptions: [String: Character] = ["errexit": "e", "nounset": "u", "xtrace": "x"]

    private static func exit(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        guard let argument = invocation.arguments.first else { throw ShellExit(status: shell.lastStatus) }
        guard let status = Int32(argument), status >= 0 else {
            _ = invocation.fail("Illegal number: \(argument)")
            throw ShellExit(status: 2)
        }
        throw ShellExit(status: status & 0xff)
    }

    /// `sh -c SCRIPT [NAME [ARG…]]`, `sh FILE [ARG…]`, or `sh` reading its standard input; with
    /// `-e`, `-u`, `-x` as for `set`.
    private static func shell(_ parent: Shell, _ invocation: Invocation) throws -> Int32 {
        guard parent.depth < Shell.maximumDepth else {
            return invocation.fail("shells nested more than \(Shell.maximumDepth) deep")
        }
        var arguments = invocation.arguments[...]
        var options = Shell.Options()
        var command = false
        while let argument = arguments.first, argument.hasPrefix("-"), argument.count > 1 {
            arguments = arguments.dropFirst()
            if argument == "--" { break }
            for letter in argument.dropFirst() {
                switch letter {
                case "c": command = true
                case "e": options.errexit = true
                case "u": options.nounset = true
                case "x": options.xtrace = true
                default: return invocation.fail("-\(letter): invalid option (the built-in shell knows -c, -e, -u, -x)")
                }
            }
        }
        let source: String
        var name = invocation.name
        if command {
            guard let script = arguments.popFirst() else { return invocation.fail("-c requires an argument") }
            source = script
            if let given = arguments.popFirst() { name = given }
        } else if let file = arguments.popFirst() {
            guard case .existing(let entry)? = try? parent.resolve(file, followingLast: true), entry.kind == .regular,
                let bytes = try? parent.view.contents(of: entry)
            else {
                _ = invocation.fail("can't open '\(file)': No such file or directory")
                return 127
            }
            source = String(decoding: bytes, as: UTF8.self)
            name = file
        } else {
            source = String(decoding: invocation.streams.input, as: UTF8.self)
        }
        let child = Shell(
            layer: parent.layer, user: parent.user, environment: invocation.environment,
            workingDirectory: parent.workingDirectory, streams: invocation.streams, name: name,
            positional: Array(arguments), depth: parent.depth + 1)
        child.options = options
        return try child.run(source: source)
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ShellTokenizer.startsName(first) else { return false }
        return text.unicodeScalars.allSatisfy { ShellTokenizer.startsName($0) || ("0"..."9").contains($0) }
    }
}
