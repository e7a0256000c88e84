import Testing

@testable import Lessons

@Suite struct CommandWordsTests {
    @Test(arguments: [
        ("images", ["images"]),
        ("  run   --name web  base ", ["run", "--name", "web", "base"]),
        (#"run base sh -c 'echo "hi" > /x'"#, ["run", "base", "sh", "-c", #"echo "hi" > /x"#]),
        (#"commit -c "CMD [\"cat\", \"/x\"]" web"#, ["commit", "-c", #"CMD ["cat", "/x"]"#, "web"]),
        (#"tag a b\ c"#, ["tag", "a", "b c"]),
        (#"tag '' x"#, ["tag", "", "x"]),
        ("push $REGISTRY/a:1", ["push", "${REGISTRY}/a:1"]),
        (#"push "${REGISTRY}/a b""#, ["push", "${REGISTRY}/a b"]),
        ("echo '$REGISTRY'", ["echo", "$REGISTRY"]),
    ])
    func linesSplitAsAShellWould(line: String, words: [String]) throws {
        #expect(try CommandWords.split(line, variables: ["REGISTRY"]) == words)
    }

    @Test(arguments: [
        (#"tag "a"#, "unterminated \" quote"),
        ("tag a\\", "a line cannot end with \\"),
        ("push ${REGISTRY", "unterminated ${…}"),
        ("rmi $IMAGE", "unknown variable $IMAGE (known here: $REGISTRY)"),
    ])
    func badLinesAreRefused(line: String, message: String) {
        #expect(throws: CommandWords.Failure(message: message)) {
            try CommandWords.split(line, variables: ["REGISTRY"])
        }
    }

    @Test func variablesAreFilledInAfterSplitting() throws {
        let words = try CommandWords.split("push $REGISTRY/a:1", variables: ["REGISTRY"])
        #expect(
            words.map { CommandWords.substitute($0, ["REGISTRY": "127.0.0.1:5000"]) } == ["push", "127.0.0.1:5000/a:1"])
    }
}
