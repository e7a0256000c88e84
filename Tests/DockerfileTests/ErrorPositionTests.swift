import Dockerfile
import Testing

/// Errors carry the file, line and column of what is wrong, counting from 1 as editors do.
@Suite struct ErrorPositionTests {
    @Test func unterminatedHeredocPointsAtItsOpening() {
        let expected = DockerfileError(file: "app.Dockerfile", line: 3, column: 13, message: "unterminated heredoc")
        #expect(throws: expected) {
            try DockerfileParser.parse("FROM alpine\n\nRUN cat <<A <<B\nline\nA\nline\n", file: "app.Dockerfile")
        }
    }

    @Test func unknownFlagPointsAtTheFlag() throws {
        let parsed = try DockerfileParser.parse("FROM alpine\nCOPY --link \\\n    --chownn=1 a b\n")
        let expected = DockerfileError(
            file: "Dockerfile", line: 3, column: 5, message: "unknown flag: --chownn (did you mean chown?)")
        #expect(throws: expected) { try Instruction(node: parsed.nodes[1]) }
    }

    @Test func nonStringJSONPointsAtTheArray() {
        let expected = DockerfileError(
            file: "Dockerfile", line: 2, column: 13,
            message: "when using JSON array syntax, arrays must be comprised of strings only")
        #expect(throws: expected) { try DockerfileParser.parse("FROM alpine\nENTRYPOINT  [\"sh\", [\"-c\"]]\n") }
    }

    @Test func malformedJSONIsNotAnError() throws {
        let parsed = try DockerfileParser.parse("FROM alpine\nCMD [\"sh\", \"-c\"\n")
        #expect(parsed.nodes[1].next == ["[\"sh\", \"-c\""])
        let cmd = try #require(try Instruction(node: parsed.nodes[1]).payload as? CmdInstruction)
        #expect(cmd.commandLine.prependShell)
    }

    @Test func unknownInstructionPointsAtTheKeyword() throws {
        let parsed = try DockerfileParser.parse("FROM alpine\n  RUNN echo\n")
        let expected = DockerfileError(
            file: "Dockerfile", line: 2, column: 3, message: "unknown instruction: RUNN (did you mean RUN?)")
        #expect(throws: expected) { try Instruction(node: parsed.nodes[1]) }
    }

    @Test func envWithoutValuePointsAtTheArguments() {
        let expected = DockerfileError(file: "Dockerfile", line: 3, column: 5, message: "ENV must have two arguments")
        #expect(throws: expected) { try DockerfileParser.parse("FROM busybox\n\nENV PATH\n") }
    }

    @Test func descriptionIsFileLineColumnMessage() {
        let error = DockerfileError(file: "Dockerfile", line: 3, column: 5, message: "ENV must have two arguments")
        #expect(error.description == "Dockerfile:3:5: ENV must have two arguments")
    }
}
