import Dockerfile
import Testing

/// How physical lines become instructions: continuations, comments inside them, line numbers, warnings.
@Suite struct ParserLineTests {
    /// BuildKit's TestParseWarnsOnEmptyContinutationLine.
    @Test func emptyContinuationLinesAreSkippedWithAWarning() throws {
        let parsed = try DockerfileParser.parse(
            """

            FROM alpine:3.6

            RUN valid \\
                continuation

            RUN something \\

                following \\

                more

            RUN another \\

                thing

            RUN non-indented \\
            # this is a comment
               after-comment

            RUN indented \\
                # this is an indented comment
                comment
            \t
            """)
        #expect(parsed.warnings.count == 2)
        #expect(parsed.warnings[0].short == "Empty continuation line found in: RUN something     following     more")
        #expect(parsed.warnings[1].short.contains("RUN another     thing"))
        #expect(parsed.warnings[0].detail.contains("will become errors in a future release"))
        #expect(parsed.nodes[4].next == ["non-indented    after-comment"])
        #expect(parsed.nodes[5].next == ["indented     comment"])
    }

    /// The shape of BuildKit's TestParseIncludesLineNumbers: comments and blank lines between instructions, an
    /// instruction over two lines and one over fifteen.
    @Test func instructionsKnowTheirLines() throws {
        let text = [
            "# ESCAPE=\\", "", "", "", "FROM brimstone/ubuntu:14.04", "", "", "# TORUN -v /var/run/docker.sock", "",
            "", "ENV GOPATH \\", "/go", "", "", "", "", "RUN apt-get update \\",
        ]
        let continued = Array(repeating: "  && true \\", count: 13) + ["  && true"]
        let parsed = try DockerfileParser.parse((text + continued).joined(separator: "\n") + "\n")
        #expect(parsed.root.startLine == 5)
        #expect(parsed.root.endLine == 31)
        #expect(parsed.nodes.map { [$0.startLine, $0.endLine] } == [[5, 5], [11, 12], [17, 31]])
    }

    @Test func keywordAndArgumentPositionsAreRecorded() throws {
        let parsed = try DockerfileParser.parse("FROM busybox\n   COPY --chown=1 \\\n  --link a b\n")
        let copy = parsed.nodes[1]
        #expect(copy.position == SourcePosition(line: 2, column: 4))
        #expect(copy.flagPositions == [SourcePosition(line: 2, column: 9), SourcePosition(line: 3, column: 3)])
        #expect(copy.argumentsPosition == SourcePosition(line: 3, column: 10))
    }

    @Test func windowsLineEndingsAreTrimmed() throws {
        let parsed = try DockerfileParser.parse("FROM busybox\r\nRUN echo a \\\r\n  b\r\n")
        #expect(parsed.dump() == "(from \"busybox\")\n(run \"echo a   b\")")
    }

    @Test func theBacktickContinuesLinesWhenItIsTheEscapeToken() throws {
        let parsed = try DockerfileParser.parse("# escape=`\nFROM busybox\nRUN dir c:\\ `\n  /b\n")
        #expect(parsed.nodes[1].next == ["dir c:\\   /b"])
    }

    @Test func commentsAboveAnInstructionAreKept() throws {
        let parsed = try DockerfileParser.parse("# first\n#\n# second\n# third\nFROM busybox\nRUN true\n")
        #expect(parsed.nodes[0].comments == ["second", "third"])
        #expect(parsed.nodes[1].comments.isEmpty)
    }

    @Test func unknownInstructionsParseWithAnEmptyArgument() throws {
        let parsed = try DockerfileParser.parse("FROM busybox\nFOO bar baz\n")
        #expect(parsed.dump() == "(from \"busybox\")\n(foo \"\")")
    }

    @Test func onbuildHoldsItsTriggerAsAChild() throws {
        let parsed = try DockerfileParser.parse("FROM busybox\nONBUILD COPY --from=x a b\nonbuild RUN [\"ls\"]\n")
        #expect(
            parsed.dump() == "(from \"busybox\")\n(onbuild (copy [\"--from=x\"] \"a\" \"b\"))\n(onbuild (run \"ls\"))")
        #expect(parsed.nodes[2].children[0].isJSON)
    }

    @Test func healthcheckKeepsItsTypeAndCommand() throws {
        let parsed = try DockerfileParser.parse("FROM busybox\nHEALTHCHECK --retries=3 CMD [\"true\"]\n")
        #expect(parsed.nodes[1].next == ["CMD", "true"])
        #expect(parsed.nodes[1].flags == ["--retries=3"])
        #expect(parsed.nodes[1].isJSON)
    }

    @Test func dumpQuotesLikeGo() throws {
        // U+00A0 is a space to `ENV a=...` word splitting, but not to the legacy form's separator.
        let parsed = try DockerfileParser.parse("FROM busybox\nENV a \u{00A0}é\u{7F}\u{1F600}\u{E000}\n")
        #expect(parsed.nodes[1].dump() == #"env "a" "\u00a0é\x7f😀\ue000" """#)
    }

    @Test func anEmptyFileOrOneWithOnlyCommentsIsAnError() {
        let empty = DockerfileError(file: "Dockerfile", line: 1, message: "file with no instructions")
        #expect(throws: empty) { try DockerfileParser.parse("") }
        let comments = DockerfileError(file: "Dockerfile", line: 3, message: "file with no instructions")
        #expect(throws: comments) { try DockerfileParser.parse("# one\n# two\n\n") }
    }
}
