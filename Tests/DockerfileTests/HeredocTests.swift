import Dockerfile
import Testing

/// Here-documents, after BuildKit's parser_heredoc_test.go.
@Suite struct HeredocTests {
    static let dockerfile = """
        FROM alpine:3.6

        USER <<INVALID
        INVALID

        RUN <<EMPTY
        EMPTY

        RUN 3<<EMPTY2
        EMPTY2

        RUN "<<NOHEREDOC"

        RUN <<-UNINDENT2
        \tbaz
        \tquux
        \tUNINDENT2

        RUN <<-'NOEXPAND'
        \tdon't expand $NAME
        NOEXPAND

        RUN <<COMMENT
        # internal comment
        echo foo bar # trailing comment
        COMMENT

        RUN --mount=type=cache,target=/foo <<MOUNT
        echo hello
        MOUNT

        COPY <<X <<Y /dest
        Y
        X
        X
        Y

        RUN <<eo'f'
        echo foo
        eof

        RUN <<eo\\'f
        echo foo
        eo'f

        RUN <<'e'o\\'f
        echo foo
        eo'f

        RUN <<'one two'
        echo bar
        one two

        RUN <<$EOF
        $EOF

        RUN <<  EOF  > foo
        EOF

        """

    static let expected: [[Heredoc]] = [
        [],
        [],
        [],
        [Heredoc(name: "EMPTY", expand: true)],
        [Heredoc(name: "EMPTY2", fileDescriptor: 3, expand: true)],
        [],
        [Heredoc(name: "UNINDENT2", expand: true, chomp: true, content: "\tbaz\n\tquux\n")],
        [Heredoc(name: "NOEXPAND", expand: false, chomp: true, content: "\tdon't expand $NAME\n")],
        [Heredoc(name: "COMMENT", expand: true, content: "# internal comment\necho foo bar # trailing comment\n")],
        [Heredoc(name: "MOUNT", expand: true, content: "echo hello\n")],
        [Heredoc(name: "X", expand: true, content: "Y\n"), Heredoc(name: "Y", expand: true, content: "X\n")],
        [Heredoc(name: "eof", expand: false, content: "echo foo\n")],
        [Heredoc(name: "eo'f", expand: true, content: "echo foo\n")],
        [Heredoc(name: "eo'f", expand: false, content: "echo foo\n")],
        [Heredoc(name: "one two", expand: false, content: "echo bar\n")],
        [Heredoc(name: "$EOF", expand: true)],
        [Heredoc(name: "EOF", expand: true)],
    ]

    @Test func heredocsAreReadFromTheFollowingLines() throws {
        let parsed = try DockerfileParser.parse(Self.dockerfile)
        #expect(parsed.nodes.map(\.heredocs) == Self.expected)
    }

    @Test func execFormHasNoHeredocs() throws {
        let parsed = try DockerfileParser.parse("FROM alpine\nRUN [\"<<EOF\"]\nRUN [\"<<'EOF'\"]\n")
        #expect(parsed.nodes.allSatisfy { $0.heredocs.isEmpty })
    }

    @Test func onbuildTriggersCanHaveHeredocs() throws {
        let parsed = try DockerfileParser.parse("FROM alpine\nONBUILD RUN <<EOF\necho hi\nEOF\n")
        #expect(parsed.nodes[1].heredocs == [Heredoc(name: "EOF", expand: true, content: "echo hi\n")])
        #expect(parsed.nodes[1].endLine == 4)
    }

    /// From TestHeredocsFromLine and TestParseHeredocHelpers. `<<- EOF` opens no heredoc: the lexer keeps blanks
    /// after `<<` in the word but not after `<<-` (BuildKit's own test of it passes without checking anything).
    @Test(arguments: [
        ("RUN <<-EOF", ["EOF"]), ("RUN <<- EOF", []), ("RUN << -EOF", ["-EOF"]), ("RUN <<'EOF'", ["EOF"]),
        ("RUN 4<<EOF", ["EOF"]), ("RUN <<EOF <<EOF2", ["EOF", "EOF2"]), ("RUN '<<EOF'", []), ("RUN \"<<EOF\"", []),
        ("RUN <<EO\"F\"", ["EOF"]), ("RUN <<<EOF", []), ("RUN <<", []), ("RUN <<-", []),
    ])
    func heredocNamesOnALine(_ line: String, _ names: [String]) throws {
        let terminators = names.map { $0 + "\n" }.joined()
        let parsed = try DockerfileParser.parse(line + "\n" + terminators)
        #expect(parsed.nodes[0].heredocs.map(\.name) == names)
    }

    /// BuildKit ignores a line its lexer cannot split, so unbalanced quotes leave the `<<` as plain text.
    @Test(arguments: ["RUN <<'EOF", "RUN <<\"EOF", "RUN <<EOF'", "RUN <<EOF\""])
    func unbalancedQuotesOpenNoHeredoc(_ line: String) throws {
        let parsed = try DockerfileParser.parse(line + "\nEOF\n")
        #expect(parsed.nodes.count == 2)
        #expect(parsed.nodes[0].heredocs.isEmpty)
    }
}
