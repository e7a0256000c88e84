import Foundation
import UnionFS

/// `test EXPRESSION` and `[ EXPRESSION ]` (XCU `test`): status 0 when true, 1 when false,
/// 2 for a malformed expression. File tests look through the merged view with symlinks
/// followed (except `-h`/`-L`); permissions are those of root, which the built-in shell is
/// to the image's files.
struct TestExpression {
    private var tokens: ArraySlice<String>
    private let shell: Shell

    static func run(_ shell: Shell, _ invocation: Invocation, bracket: Bool) -> Int32 {
        var arguments = invocation.arguments
        if bracket {
            guard arguments.last == "]" else {
                _ = invocation.fail("missing ]")
                return 2
            }
            arguments.removeLast()
        }
        var expression = TestExpression(tokens: arguments[...], shell: shell)
        do {
            let value = try expression.parseOr()
            guard expression.tokens.isEmpty else {
                throw TestSyntaxError(
                    message: "\(expression.tokens[expression.tokens.startIndex]): unexpected operator")
            }
            return value ? 0 : 1
        } catch let error as TestSyntaxError {
            _ = invocation.fail(error.message)
            return 2
        } catch {
            return 2
        }
    }

    private init(tokens: ArraySlice<String>, shell: Shell) {
        self.tokens = tokens
        self.shell = shell
    }

    // MARK: - Grammar: or := and (-o and)*; and := not (-a not)*; not := ! not | primary

    private mutating func parseOr() throws -> Bool {
        var value = try parseAnd()
        while tokens.first == "-o", tokens.count > 1 {
            tokens = tokens.dropFirst()
            value = try parseAnd() || value
        }
        return value
    }

    private mutating func parseAnd() throws -> Bool {
        var value = try parseNot()
        while tokens.first == "-a", tokens.count > 1 {
            tokens = tokens.dropFirst()
            value = try parseNot() && value
        }
        return value
    }

    private mutating func parseNot() throws -> Bool {
        if tokens.first == "!", tokens.count > 1 {
            tokens = tokens.dropFirst()
            return !(try parseNot())
        }
        return try primary()
    }

    private mutating func primary() throws -> Bool {
        guard let first = tokens.popFirst() else { return false }
        if first == "(", let close = tokens.firstIndex(of: ")") {
            var inner = TestExpression(tokens: tokens[..<close], shell: shell)
            let value = try inner.parseOr()
            tokens = tokens[(close + 1)...]
            return value
        }
        if tokens.count >= 2, let operation = tokens.first, Self.binaryOperators.contains(operation) {
            tokens = tokens.dropFirst()
            let right = tokens.popFirst() ?? ""
            return try binary(first, operation, right)
        }
        if first.count == 2, first.hasPrefix("-"), let operand = tokens.first,
            !(tokens.count >= 2 && Self.binaryOperators.contains(tokens[tokens.startIndex + 1]))
        {
            tokens = tokens.dropFirst()
            return try unary(first, operand)
        }
        return !first.isEmpty
    }

    private static let binaryOperators: Set<String> = ["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge"]

    private func binary(_ left: String, _ operation: String, _ right: String) throws -> Bool {
        switch operation {
        case "=", "==": return left == right
        case "!=": return left != right
        default:
            guard let a = Int(left.trimmingCharacters(in: .whitespaces)) else {
                throw TestSyntaxError(message: "\(left): bad number")
            }
            guard let b = Int(right.trimmingCharacters(in: .whitespaces)) else {
                throw TestSyntaxError(message: "\(right): bad number")
            }
            switch operation {
            case "-eq": return a == b
            case "-ne": return a != b
            case "-lt": return a < b
            case "-le": return a <= b
            case "-gt": return a > b
            default: return a >= b
            }
        }
    }

    private func unary(_ operation: String, _ operand: String) throws -> Bool {
        switch operation {
        case "-z": return operand.isEmpty
        case "-n": return !operand.isEmpty
        case "-h", "-L": return entry(operand, following: false)?.kind == .symlink
        case "-e", "-r", "-w": return entry(operand, following: true) != nil
        case "-f": return entry(operand, following: true)?.kind == .regular
        case "-d": return entry(operand, following: true)?.kind == .directory
        case "-s": return (entry(operand, following: true)?.size ?? 0) > 0
        case "-x":
            guard let found = entry(operand, following: true) else { return false }
            return found.kind == .directory || found.mode & 0o111 != 0
        case "-p": return entry(operand, following: true)?.kind == .fifo
        case "-c": return entry(operand, following: true)?.kind == .characterDevice
        case "-b": return entry(operand, following: true)?.kind == .blockDevice
        case "-S": return entry(operand, following: true)?.kind == .socket
        case "-u": return (entry(operand, following: true)?.mode ?? 0) & 0o4000 != 0
        case "-g": return (entry(operand, following: true)?.mode ?? 0) & 0o2000 != 0
        case "-k": return (entry(operand, following: true)?.mode ?? 0) & 0o1000 != 0
        default: throw TestSyntaxError(message: "\(operation): unknown operand")
        }
    }

    private func entry(_ path: String, following: Bool) -> MergedEntry? {
        guard case .existing(let entry)? = try? shell.resolve(path, followingLast: following) else { return nil }
        return entry
    }
}

private struct TestSyntaxError: Error {
    var message: String
}
