import Dockerfile
import Testing

/// Typed instructions, after BuildKit's instructions/parse_test.go and its heredoc and flag tests.
@Suite struct InstructionTests {
    /// The instructions of a Dockerfile, each parsed on its own.
    static func instructions(_ text: String) throws(DockerfileError) -> [Instruction] {
        var instructions: [Instruction] = []
        for node in try DockerfileParser.parse(text).nodes { instructions.append(try Instruction(node: node)) }
        return instructions
    }

    static func instruction(_ line: String) throws(DockerfileError) -> Instruction {
        try Instruction(node: DockerfileParser.parse(line).nodes[0])
    }

    static func message(_ line: String) -> String? {
        do {
            _ = try instruction(line)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: ["MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL"])
    func needsExactlyOneArgument(_ keyword: String) {
        #expect(Self.message(keyword) == "\(keyword) requires exactly one argument")
    }

    @Test(arguments: ["ENV", "LABEL", "ONBUILD", "HEALTHCHECK", "EXPOSE", "VOLUME", "ARG"])
    func needsAtLeastOneArgument(_ keyword: String) {
        #expect(Self.message(keyword) == "\(keyword) requires at least one argument")
    }

    @Test(arguments: ["ADD", "COPY"])
    func needsADestination(_ keyword: String) {
        #expect(
            Self.message("\(keyword) arg1")
                == "\(keyword) requires at least two arguments, but only one was provided. "
                + "Destination could not be determined")
    }

    /// TestErrorCases and TestErrorCasesHeredoc.
    @Test(arguments: [
        ("COPY\t\n\t\tquux \\\n      bar", "COPY requires at least two arguments"),
        ("ONBUILD FROM scratch", "FROM isn't allowed as an ONBUILD trigger"),
        ("MAINTAINER --boo joe@example.com", "unknown flag: --boo"),
        ("ONBUILD ONBUILD RUN touch foobar", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        ("FOO bar", "unknown instruction: FOO"),
        ("foo bar", "unknown instruction: foo"),
        ("COPY /foo <<EOF\nEOF", "COPY cannot accept a heredoc as a destination"),
        ("FROM a AS 1st", "invalid name for build stage: \"1st\", name can't start with a number or contain symbols"),
        ("FROM a b", "FROM requires either one or three arguments"),
        ("SHELL sh -c", "SHELL requires the arguments to be in JSON form"),
        ("SHELL []", "SHELL requires at least one argument"),
        ("RUN --network=bridge true", "invalid network mode \"bridge\""),
        ("RUN --security=open true", "security \"open\" is not valid"),
        ("COPY --link=maybe a b", "expecting boolean value for flag --link, not: maybe"),
        ("COPY --link= a b", "missing a value on flag: --link"),
        ("COPY --from a b", "missing a value on flag: --from"),
        ("COPY --from=a --from=b a b", "duplicate flag specified: --from"),
        ("HEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments"),
        ("HEALTHCHECK CONNECT TCP 7000", "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)"),
        ("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD"),
        ("HEALTHCHECK --interval=50ns CMD true", "Interval \"interval\" cannot be less than 1ms"),
        ("HEALTHCHECK --timeout=5 CMD true", "time: missing unit in duration \"5\""),
        ("HEALTHCHECK --timeout=5y CMD true", "time: unknown unit \"y\" in duration \"5y\""),
        ("HEALTHCHECK --retries=-1 CMD true", "--retries cannot be negative (-1)"),
        ("HEALTHCHECK --retries=x CMD true", "strconv.ParseInt: parsing \"x\": invalid syntax"),
        ("ARG =x", "ARG names can not be blank"),
        ("ENV =x", "ENV names can not be blank"),
    ])
    func refusesWithBuildKitsMessage(_ dockerfile: String, _ message: String) {
        #expect(Self.message(dockerfile)?.hasPrefix(message) == true, "got \(Self.message(dockerfile) ?? "no error")")
    }

    @Test func runKeepsItsFlagsAndForm() throws {
        let run = try Self.instruction("RUN --mount=type=tmpfs,target=/foo/ --network=none echo hello")
        let expected = RunInstruction(
            source: run.source, commandLine: ShellCommandLine(arguments: ["echo hello"], prependShell: true),
            mounts: ["type=tmpfs,target=/foo/"], network: "none", flagsUsed: ["mount", "network"])
        #expect(run == .run(expected))
        let exec = try Self.instruction(#"RUN ["echo", "hello"]"#)
        #expect(
            exec
                == .run(
                    RunInstruction(
                        source: exec.source,
                        commandLine: ShellCommandLine(arguments: ["echo", "hello"], prependShell: false))))
    }

    @Test func runHeredocsBecomeFiles() throws {
        let run = try Self.instruction("RUN <<-EOF bash\n\techo hi\nEOF\n")
        let instruction = try #require(run.payload as? RunInstruction)
        #expect(instruction.commandLine.arguments == ["<<-EOF bash"])
        #expect(instruction.commandLine.files == [ShellInlineFile(name: "EOF", data: "\techo hi\n", chomp: true)])
    }

    /// TestCopyHeredoc.
    @Test func copyHeredocsBecomeInlineSources() throws {
        let copy = try Self.instruction("COPY --chown=1:1 --link <<-EOF <<'RAW' /bar\n\tTESTING\nEOF\n$X\nRAW\n")
        let sources = SourcesAndDestination(
            sourcePaths: [],
            sourceContents: [
                InlineSource(path: "EOF", data: "TESTING\n", expand: true),
                InlineSource(path: "RAW", data: "$X\n", expand: false),
            ],
            destination: "/bar")
        #expect(copy == .copy(CopyInstruction(source: copy.source, sources: sources, chown: "1:1", link: true)))
    }

    @Test func addKeepsAllItsFlags() throws {
        let add = try Self.instruction(
            "ADD --chmod=644 --keep-git-dir=false --checksum=sha256:abc --unpack --exclude=*.md --exclude=x a b /c")
        let expected = AddInstruction(
            source: add.source, sources: SourcesAndDestination(sourcePaths: ["a", "b"], destination: "/c"),
            chmod: "644", keepGitDirectory: false, checksum: "sha256:abc", unpack: true, excludes: ["*.md", "x"])
        #expect(add == .add(expected))
    }

    @Test func copyFlags() throws {
        let copy = try Self.instruction("COPY --from=build --parents --exclude=a -- --b c")
        let expected = CopyInstruction(
            source: copy.source, sources: SourcesAndDestination(sourcePaths: ["--b"], destination: "c"),
            from: "build", parents: true, excludes: ["a"])
        #expect(copy == .copy(expected))
    }

    /// TestHealthCheckCmd and friends.
    @Test func healthcheckBecomesTheImageConfigsTest() throws {
        let shell = try Self.instruction("HEALTHCHECK --interval=1m30s --retries=3 CMD hello world")
        let exec = try Self.instruction(#"HEALTHCHECK --start-period=1.5s CMD ["hello", "world"]"#)
        let none = try Self.instruction("HEALTHCHECK --interval=whatever NONE")
        #expect(
            shell
                == .healthcheck(
                    HealthcheckInstruction(
                        source: shell.source, test: ["CMD-SHELL", "hello world"], interval: .seconds(90), retries: 3)))
        #expect(
            exec
                == .healthcheck(
                    HealthcheckInstruction(
                        source: exec.source, test: ["CMD", "hello", "world"], startPeriod: .milliseconds(1500))))
        #expect(none == .healthcheck(HealthcheckInstruction(source: none.source, test: ["NONE"])))
    }

    @Test func envAndLabelPairs() throws {
        let instructions = try Self.instructions("ENV a=1 b=\"two words\"\nENV legacy value with spaces\nLABEL x=y")
        #expect(
            instructions.map(\.payload).compactMap { ($0 as? EnvInstruction)?.pairs } == [
                [KeyValuePair(key: "a", value: "1"), KeyValuePair(key: "b", value: "\"two words\"")],
                [KeyValuePair(key: "legacy", value: "value with spaces", hasDelimiter: false)],
            ])
        #expect((instructions[2].payload as? LabelInstruction)?.pairs == [KeyValuePair(key: "x", value: "y")])
    }

    /// TestCommentsDetection: `# NAME text` above an ARG documents NAME.
    @Test func argumentsAreDocumentedByCommentsAbove() throws {
        let instructions = try Self.instructions("# bar defines bar\n# baz is something else\nARG bar baz=123 qux\n")
        let arg = try #require(instructions[0].payload as? ArgInstruction)
        #expect(
            arg.arguments == [
                ArgDefinition(key: "bar", documentation: "defines bar"),
                ArgDefinition(key: "baz", value: "123", documentation: "is something else"),
                ArgDefinition(key: "qux"),
            ])
    }

    @Test func exposeSortsItsPorts() throws {
        let expose = try Self.instruction("EXPOSE 8080 443/tcp 80")
        #expect((expose.payload as? ExposeInstruction)?.ports == ["443/tcp", "80", "8080"])
    }

    @Test func onbuildKeepsItsTriggerText() throws {
        let onbuild = try Self.instruction("  onbuild   RUN <<EOF\necho hi\nEOF\n")
        #expect((onbuild.payload as? OnbuildInstruction)?.expression == "RUN <<EOF\necho hi\nEOF")
    }

    @Test func stopSignalAndArgIgnoreFlagsLikeBuildKit() throws {
        #expect((try Self.instruction("STOPSIGNAL --x SIGKILL").payload as? StopSignalInstruction)?.signal == "SIGKILL")
        #expect((try Self.instruction("ARG --x a").payload as? ArgInstruction)?.arguments == [ArgDefinition(key: "a")])
    }

    @Test func sourceRecordsWhereAndWhat() throws {
        let instructions = try Self.instructions("FROM a\n\n  RUN echo \\\n   hi\n")
        let source = instructions[1].source
        #expect(source.keyword == "RUN")
        #expect(source.original == "RUN echo    hi")
        #expect(source.location == SourceLocation(file: "Dockerfile", startLine: 3, endLine: 4, column: 3))
    }
}
