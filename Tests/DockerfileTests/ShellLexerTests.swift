import Dockerfile
import Testing

/// A substitution case from BuildKit's TestProcessWithMatches; `expected` nil means an error.
struct SubstitutionCase: Sendable, CustomTestStringConvertible {
    var input: String
    var environment: [String: String]
    var expected: String?
    var matched: Set<String> = []
    var unmatched: Set<String> = []

    var testDescription: String { input }
}

@Suite struct ShellLexerTests {
    static let setAndEmpty = ["FOO": "xxx", "BAR": ""]

    static let substitutions: [SubstitutionCase] = [
        SubstitutionCase(input: "x", environment: ["DUMMY": "dummy"], expected: "x"),
        SubstitutionCase(input: "x ${UNUSED}", environment: ["DUMMY": "dummy"], expected: "x ", unmatched: ["UNUSED"]),
        SubstitutionCase(input: "x ${FOO}", environment: ["FOO": "y"], expected: "x y", matched: ["FOO"]),
        SubstitutionCase(
            input: "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", environment: setAndEmpty, expected: "xxx  ccc",
            matched: ["FOO", "BAR"], unmatched: ["BAZ"]),
        SubstitutionCase(
            input: "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", environment: setAndEmpty, expected: "xxx bbb ccc",
            matched: ["FOO", "BAR"], unmatched: ["BAZ"]),
        SubstitutionCase(input: "${FOO:-}", environment: setAndEmpty, expected: "xxx", matched: ["FOO"]),
        SubstitutionCase(input: "${FOO:-}", environment: [:], expected: "", unmatched: ["FOO"]),
        SubstitutionCase(
            input: "${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", environment: setAndEmpty, expected: "aaa bbb ",
            matched: ["FOO", "BAR"], unmatched: ["BAZ"]),
        SubstitutionCase(
            input: "${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", environment: setAndEmpty, expected: "aaa  ",
            matched: ["FOO", "BAR"], unmatched: ["BAZ"]),
        SubstitutionCase(input: "${FOO?aaa}", environment: setAndEmpty, expected: "xxx", matched: ["FOO"]),
        SubstitutionCase(input: "${BAR?bbb}", environment: setAndEmpty, expected: "", matched: ["BAR"]),
        SubstitutionCase(input: "${BAZ?ccc}", environment: setAndEmpty, expected: nil),
        SubstitutionCase(input: "${FOO:?aaa}", environment: setAndEmpty, expected: "xxx", matched: ["FOO"]),
        SubstitutionCase(input: "${BAR:?bbb}", environment: setAndEmpty, expected: nil),
        SubstitutionCase(input: "${BAZ:?ccc}", environment: setAndEmpty, expected: nil),
        SubstitutionCase(input: "${BAZ:?}", environment: setAndEmpty, expected: nil),
        SubstitutionCase(input: "${FOO=aaa}", environment: setAndEmpty, expected: nil),
        SubstitutionCase(input: "${FOO=:aaa}", environment: setAndEmpty, expected: nil),
        SubstitutionCase(input: "${FOO=}", environment: [:], expected: nil),
        SubstitutionCase(
            input: #"${FOO#()[]{\}^$.\*\?|\\}"#, environment: ["FOO": #"()[]{}^$.*?|\x"#], expected: "x",
            matched: ["FOO"]),
        SubstitutionCase(input: #"${FOO%%\**}"#, environment: ["FOO": "xx**"], expected: "xx", matched: ["FOO"]),
        SubstitutionCase(input: "${FOO#*x*y}", environment: ["FOO": "xxyy"], expected: "y", matched: ["FOO"]),
        SubstitutionCase(input: "${FOO#*}", environment: ["FOO": "xxyy"], expected: "xxyy", matched: ["FOO"]),
        SubstitutionCase(
            input: "${FOO#$BAR}", environment: ["FOO": "xxyy", "BAR": "x"], expected: "xyy", matched: ["FOO", "BAR"]),
        SubstitutionCase(
            input: "${FOO#$BAR}", environment: ["FOO": "xxyy", "BAR": ""], expected: "xxyy", matched: ["FOO", "BAR"]),
        SubstitutionCase(input: "${FOO#}", environment: ["FOO": "xxyy"], expected: "xxyy", matched: ["FOO"]),
        SubstitutionCase(input: "${FOO##*x}", environment: ["FOO": "xxyy"], expected: "yy", matched: ["FOO"]),
        SubstitutionCase(input: "${FOO##}", environment: ["FOO": "xxyy"], expected: "xxyy", matched: ["FOO"]),
        SubstitutionCase(input: #"${FOO#?\?}"#, environment: ["FOO": "???y"], expected: "?y", matched: ["FOO"]),
        SubstitutionCase(
            input: "${ABC:-.}${FOO%x}${ABC:-.}", environment: ["FOO": "xxyy"], expected: ".xxyy.", matched: ["FOO"],
            unmatched: ["ABC"]),
        SubstitutionCase(input: #"${FOO%%\**\*}"#, environment: ["FOO": "a***yy*"], expected: "a", matched: ["FOO"]),
        SubstitutionCase(input: "${FOO%}", environment: ["FOO": "xxyy"], expected: "xxyy", matched: ["FOO"]),
        SubstitutionCase(
            input: "${FOO%%$BAR}", environment: ["FOO": "xxyy", "BAR": ""], expected: "xxyy",
            matched: ["FOO", "BAR"]),
        SubstitutionCase(input: "${FOO:#}", environment: [:], expected: nil),
        SubstitutionCase(input: "${FOO:##}", environment: [:], expected: nil),
        SubstitutionCase(input: "${FOO:%}", environment: [:], expected: nil),
        SubstitutionCase(input: "${FOO:%%}", environment: [:], expected: nil),
        SubstitutionCase(
            input: "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", environment: ["FOO": "/foo*/*/*.txt", "NEEDLE": #"\*/"#],
            expected: "/foo.*/*.txt - /foo..*.txt", matched: ["FOO", "NEEDLE"]),
        SubstitutionCase(
            input: "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", environment: ["FOO": "/tmp/tmp/bar.txt", "NEEDLE": "/tmp"],
            expected: "/tmp/bar.txt - /bar.txt", matched: ["FOO", "NEEDLE"]),
        SubstitutionCase(
            input: "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            environment: ["FOO": "/a/foo/b/c.txt", "NEEDLE": "/?/", "REPLACEMENT": "/"],
            expected: "/foo/b/c.txt - /foo/c.txt", matched: ["FOO", "NEEDLE", "REPLACEMENT"]),
        SubstitutionCase(
            input: "${FOO/$NEEDLE/$REPLACEMENT}",
            environment: ["FOO": "http://google.de", "NEEDLE": "http://", "REPLACEMENT": "https://"],
            expected: "https://google.de", matched: ["FOO", "NEEDLE", "REPLACEMENT"]),
        SubstitutionCase(
            input: #"${FOO//\//\/}"#, environment: ["FOO": "/tmp/foo.txt"], expected: #"\/tmp\/foo.txt"#,
            matched: ["FOO"]),
        SubstitutionCase(
            input: "${FOO/$BAR/ww}", environment: ["FOO": "xxyy", "BAR": ""], expected: "wwxxyy",
            matched: ["FOO", "BAR"]),
        SubstitutionCase(input: "${FOO//ww}", environment: ["FOO": "xxyy"], expected: nil),
        SubstitutionCase(input: "${FOO//}", environment: ["FOO": "xxyy"], expected: nil),
        SubstitutionCase(input: "${FOO///}", environment: ["FOO": "xxyy"], expected: "xxyy", matched: ["FOO"]),
        SubstitutionCase(input: "${FOO///}", environment: [:], expected: "", unmatched: ["FOO"]),
    ]

    @Test(arguments: substitutions)
    func substitution(_ testCase: SubstitutionCase) throws {
        let lexer = ShellLexer()
        guard let expected = testCase.expected else {
            #expect(throws: ShellLexerError.self) {
                try lexer.processWord(testCase.input, environment: testCase.environment)
            }
            return
        }
        let result = try lexer.process(testCase.input, environment: testCase.environment)
        #expect(result.result == expected)
        #expect(result.matched == testCase.matched)
        #expect(result.unmatched == testCase.unmatched)
    }

    /// TestShellParserMandatoryEnvVars: `?` fails with the given message, after expanding it.
    /// R-L4: `ENV A=$A$A` doubles a value; forty of them would ask for a terabyte. One word's
    /// substitutions stop at 1 MiB, with a reason.
    @Test func substitutionsStopAtTheExpansionLimit() throws {
        let lexer = ShellLexer()
        let half = String(repeating: "x", count: ShellLexer.maximumExpansion / 2)
        #expect(try lexer.processWord("$A$A", environment: ["A": half]).utf8.count == ShellLexer.maximumExpansion)
        do {
            _ = try lexer.processWord("$A$A$A", environment: ["A": half])
            Issue.record("expanded past the limit")
        } catch {
            #expect(error.message == "variable substitution would make more than 1048576 bytes")
        }
        // Many small references add up the same way.
        let many = String(repeating: "${B}", count: 300_000)
        #expect(throws: ShellLexerError.self) { try lexer.processWord(many, environment: ["B": "abcd"]) }
    }

    @Test func mandatoryVariablesReportTheirMessage() throws {
        let lexer = ShellLexer()
        #expect(
            try lexer.processWord("${VAR:?message here$ARG}", environment: ["VAR": "plain", "ARG": "x"]) == "plain")
        #expect(try lexer.processWord("${VAR?message here$ARG}", environment: ["VAR": "", "ARG": "x"]) == "")
        let error = ShellLexerError(word: "${VAR?message here$ARG}", message: "VAR: message herex")
        #expect(throws: error) { try lexer.processWord("${VAR?message here$ARG}", environment: ["ARG": "x"]) }
        #expect(error.description == #"failed to process "${VAR?message here$ARG}": VAR: message herex"#)
    }

    /// TestProcessWithMatchesPlatform: the release-file name pattern BuildKit itself uses.
    @Test(arguments: [("v7", "something-v1.2.3.linux-arm-v7.tar.gz"), ("", "something-v1.2.3.linux-arm.tar.gz")])
    func optionalSuffixes(_ variant: String, _ expected: String) throws {
        let word = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz"
        let environment = ["VERSION": "v1.2.3", "TARGETOS": "linux", "TARGETARCH": "arm", "TARGETVARIANT": variant]
        #expect(try ShellLexer().processWord(word, environment: environment) == expected)
    }

    @Test func rawQuotesAndSkippingUnsetVariablesKeepTheText() throws {
        var lexer = ShellLexer()
        lexer.rawQuotes = true
        lexer.skipUnsetEnvironment = true
        let word = #"'$A' "${B:-x}" $C ${D/a/b} $E"#
        #expect(try lexer.processWord(word, environment: ["E": "e"]) == #"'$A' "${B:-x}" $C ${D/a/b} e"#)
    }

    @Test func backtickCanBeTheEscapeToken() throws {
        let lexer = ShellLexer(escapeToken: "`")
        #expect(try lexer.processWord(#"c:\dir `$HOME "a`"b""#, environment: ["HOME": "/root"]) == #"c:\dir $HOME a"b"#)
    }

    @Test func wordsSplitOnUnquotedSpacesIncludingThoseFromVariables() throws {
        let words = try ShellLexer().processWords(#"a${X}b "c d" e\ f"#, environment: ["X": "1 2"])
        #expect(words == ["a1", "2b", "c d", "e f"])
    }

    /// BuildKit's word splitting loses what precedes a `${NAME:-word}`-style substitution in the same word (its
    /// nested scan clears the shared word buffer); `processWord` is not affected. Kept because it decides which
    /// words are heredocs.
    @Test func wordsLoseTheirStartBeforeAModifierLikeBuildKit() throws {
        let lexer = ShellLexer()
        #expect(try lexer.processWords("a${X:-b}c d", environment: [:]) == ["bc", "d"])
        #expect(try lexer.processWord("a${X:-b}c d", environment: [:]) == "abc d")
        let parsed = try DockerfileParser.parse("RUN <<EOF${X:-}\nFROM alpine\n")
        #expect(parsed.nodes.count == 2)
    }

    /// BuildKit hands `//`'s replacement to Go's `ReplaceAllString`, whose templates read `$0` as the match. A `$`
    /// only survives the lexer escaped, and the escape survives too; `/` (first match only) takes it literally.
    @Test func replaceAllUsesGoTemplateSyntax() throws {
        let lexer = ShellLexer()
        #expect(try lexer.processWord(#"${V//o/<\$0>}"#, environment: ["V": "foo"]) == #"f<\o><\o>"#)
        #expect(try lexer.processWord(#"${V/o/<\$0>}"#, environment: ["V": "foo"]) == #"f<\$0>o"#)
        #expect(try lexer.processWord(#"${V//x*/-}"#, environment: ["V": "ab"]) == "ab")
    }
}
