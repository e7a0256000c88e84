import Dockerfile
import Testing

/// Variable substitution in the instructions BuildKit expands before running them.
@Suite struct ExpansionTests {
    static let environment = ["DIR": "/app", "USER": "nobody", "PORTS": "80 443/udp", "NAME": "x y", "EMPTY": ""]

    static func expanded(_ line: String, _ environment: [String: String] = environment) throws -> Instruction {
        let node = try DockerfileParser.parse(line).nodes[0]
        return try Instruction(node: node).expanded(with: ShellLexer(), environment: environment)
    }

    @Test func pathsUsersAndSignalsAreExpanded() throws {
        #expect((try Self.expanded("WORKDIR $DIR/src").payload as? WorkdirInstruction)?.path == "/app/src")
        #expect(
            (try Self.expanded("USER ${USER}:${GROUP:-nogroup}").payload as? UserInstruction)?.user == "nobody:nogroup")
        #expect((try Self.expanded("STOPSIGNAL SIG${S:-TERM}").payload as? StopSignalInstruction)?.signal == "SIGTERM")
        #expect((try Self.expanded("VOLUME $DIR /data").payload as? VolumeInstruction)?.volumes == ["/app", "/data"])
    }

    @Test func envAndLabelExpandKeysAndValues() throws {
        let env = try Self.expanded(#"ENV HOME=$DIR "GREETING"="hello $NAME""#).payload as? EnvInstruction
        #expect(
            env?.pairs == [KeyValuePair(key: "HOME", value: "/app"), KeyValuePair(key: "GREETING", value: "hello x y")])
        let label = try Self.expanded("LABEL owner=$USER").payload as? LabelInstruction
        #expect(label?.pairs == [KeyValuePair(key: "owner", value: "nobody")])
    }

    @Test func exposeSplitsExpandedPorts() throws {
        #expect(
            (try Self.expanded("EXPOSE $PORTS 8080").payload as? ExposeInstruction)?.ports == ["80", "443/udp", "8080"])
    }

    @Test func copyExpandsPathsAndHeredocsButNotFrom() throws {
        let copy = try Self.expanded(
            "COPY --from=$STAGE --chown=$USER <<EOF <<'RAW' $DIR/a $DIR/\n\"$NAME\"\nEOF\n$NAME\nRAW\n")
        let instruction = try #require(copy.payload as? CopyInstruction)
        #expect(instruction.from == "$STAGE")
        #expect(instruction.chown == "nobody")
        #expect(instruction.sources.sourcePaths == ["/app/a"])
        #expect(instruction.sources.destination == "/app/")
        #expect(instruction.sources.sourceContents.map(\.data) == ["\"x y\"\n", "$NAME\n"])
    }

    @Test func fromExpandsWithTheGivenArguments() throws {
        let from = try Self.expanded("FROM --platform=$P alpine:${V:-latest}", ["P": "linux/arm64"])
        #expect((from.payload as? FromInstruction)?.baseName == "alpine:latest")
        #expect((from.payload as? FromInstruction)?.platform == "linux/arm64")
        #expect(throws: DockerfileError.self) { try Self.expanded("FROM $EMPTY") }
    }

    @Test func commandsAreLeftToTheShell() throws {
        let run = try Self.expanded("RUN echo $DIR")
        #expect((run.payload as? RunInstruction)?.commandLine.arguments == ["echo $DIR"])
    }

    @Test func lexerErrorsAreReportedAtTheInstruction() throws {
        let expected = DockerfileError(
            file: "Dockerfile", line: 1, column: 1, message: #"failed to process "${DIR": syntax error: missing '}'"#)
        #expect(throws: expected) { try Self.expanded("WORKDIR ${DIR") }
    }
}
