import Dockerfile
import Foundation
import Testing

/// One line of BuildKit's `envVarTest`: `PLATFORM|input|expected`, where `error` means the input must fail.
struct EnvironmentVariableCase: Sendable, CustomTestStringConvertible {
    var line: Int
    var platform: String
    var input: String
    var expected: String

    var testDescription: String { "line \(line): \(input)" }

    /// The variables BuildKit's `TestShellParser4EnvVars` sets (see its lex_test.go).
    static let environment = ["PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""]

    /// All cases of the file, read as lex_test.go reads them: comment and blank lines skipped, fields trimmed.
    static let all: [EnvironmentVariableCase] = PeerCases.lines("shell/envVarTest").enumerated().compactMap {
        index, line in
        if line.hasPrefix("#") { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        let fields = trimmed.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard fields.count == 3 else { return nil }
        return EnvironmentVariableCase(line: index + 1, platform: fields[0], input: fields[1], expected: fields[2])
    }

    /// Cases for Unix (`U`) and all platforms (`A`); `W` cases describe Windows' case-insensitive variables.
    static let unix = all.filter { $0.platform != "W" }
    static let windowsOnly = all.filter { $0.platform == "W" }
}

/// One line of BuildKit's `wordsTest`: `input|word1,word2,...`, with the `ENV k=v` lines above it in effect.
struct WordsCase: Sendable, CustomTestStringConvertible {
    var line: Int
    var input: String
    var expected: [String]
    var environment: [String: String]

    var testDescription: String { "line \(line): \(input)" }

    static let all: [WordsCase] = {
        var environment: [String: String] = [:]
        var cases: [WordsCase] = []
        for (index, line) in PeerCases.lines("shell/wordsTest").enumerated() {
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("ENV ") {
                // As lex_test.go does: everything after `ENV` and its spaces, trailing spaces included.
                let assignment = line.dropFirst(3).drop { $0 == " " }
                let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                environment[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                continue
            }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 2 else { continue }
            let expected = fields[1].drop { $0 == " " }.split(separator: ",", omittingEmptySubsequences: false)
            cases.append(
                WordsCase(
                    line: index + 1, input: fields[0].trimmingCharacters(in: .whitespacesAndNewlines),
                    expected: expected.map(String.init), environment: environment))
        }
        return cases
    }()
}

@Suite struct ShellLexerPeerTests {
    @Test func peerDataIsPresent() {
        #expect(EnvironmentVariableCase.unix.count == 228)
        #expect(WordsCase.all.count == 24)
    }

    /// Windows-only lines are not run: on Linux variable names are case-sensitive, so `$pwd` is not `$PWD`.
    @Test func windowsOnlyCasesAreCounted() {
        #expect(EnvironmentVariableCase.windowsOnly.count == 2)
    }

    @Test(arguments: EnvironmentVariableCase.unix)
    func environmentVariableCase(_ testCase: EnvironmentVariableCase) throws {
        let lexer = ShellLexer()
        let environment = EnvironmentVariableCase.environment
        if testCase.expected == "error" {
            #expect(throws: ShellLexerError.self) { try lexer.processWord(testCase.input, environment: environment) }
        } else {
            #expect(try lexer.processWord(testCase.input, environment: environment) == testCase.expected)
        }
    }

    @Test(arguments: WordsCase.all)
    func wordsCase(_ testCase: WordsCase) {
        let lexer = ShellLexer()
        let words = (try? lexer.processWords(testCase.input, environment: testCase.environment)) ?? ["error"]
        #expect(words == testCase.expected)
    }
}
