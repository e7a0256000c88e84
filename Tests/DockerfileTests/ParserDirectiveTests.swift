import Dockerfile
import Testing

/// Parser directives at the top of a file: `# syntax=`, `# escape=`, `# check=`.
@Suite struct ParserDirectiveTests {
    @Test func directivesAreReadAndNotKeptAsComments() throws {
        let parsed = try DockerfileParser.parse(
            """
            # syntax = docker/dockerfile:1.7
            # escape=`
            # check=skip=all
            # a comment
            FROM busybox
            """)
        #expect(parsed.syntax == "docker/dockerfile:1.7")
        #expect(parsed.escapeToken == "`")
        #expect(parsed.check == "skip=all")
        #expect(parsed.nodes[0].comments == ["a comment"])
    }

    /// BuildKit's TestDirectives: names are case-insensitive.
    @Test func directiveNamesIgnoreCase() throws {
        let parsed = try DockerfileParser.parse("# EScape=`\nFROM busybox\n")
        #expect(parsed.escapeToken == "`")
    }

    @Test func directivesStopAtTheFirstOtherLine() throws {
        let afterBlankLine = try DockerfileParser.parse("\n# escape=`\nFROM busybox\n")
        #expect(afterBlankLine.escapeToken == "\\")
        let afterComment = try DockerfileParser.parse("# hello\n# escape=`\nFROM busybox\n")
        #expect(afterComment.escapeToken == "\\")
        let unknownDirective = try DockerfileParser.parse("# key=value\n# escape=`\nFROM busybox\n")
        #expect(unknownDirective.escapeToken == "\\")
    }

    @Test func aRepeatedDirectiveIsAnError() {
        #expect(
            throws: DockerfileError(
                file: "Dockerfile", line: 2, message: "only one escape parser directive can be used")
        ) {
            try DockerfileParser.parse("# escape=`\n# escape=`\nFROM busybox\n")
        }
    }

    @Test func onlyBackslashAndBacktickCanEscape() {
        #expect(
            throws: DockerfileError(
                file: "Dockerfile", line: 1, message: "invalid escape token '$' does not match ` or \\")
        ) {
            try DockerfileParser.parse("# escape=$\nFROM busybox\n")
        }
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let parsed = try DockerfileParser.parse("\u{FEFF}# escape=`\nFROM busybox\n")
        #expect(parsed.escapeToken == "`")
        #expect(parsed.dump() == #"(from "busybox")"#)
    }
}
