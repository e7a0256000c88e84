import Render
import Testing

@testable import Playground

/// What the command box makes of a line: the playground's own commands, a layerlab (or docker)
/// command, `NAME=$(…)`, and lines it refuses with a reason.
struct PlaygroundInputTests {
    let variables = ["REGISTRY": "127.0.0.1:5000", "BASE": "0796c228e994"]

    func parsed(_ line: String) -> Result<PlaygroundInput, PlaygroundError> {
        PlaygroundInput.parse(line, variables: variables)
    }

    @Test(arguments: [
        ("help", PlaygroundInput.help), ("levels", .levels), ("level 8", .level("8")), ("sandbox", .sandbox),
        ("hint", .hint), ("undo", .undo), ("reset", .reset), ("show goal", .showGoal), ("goal", .showGoal),
        ("solution", .showSolution),
        ("show solution", .showSolution),
        ("images", .command(["images"])), ("docker images -a", .command(["images", "-a"])),
        ("layerlab rmi \"$BASE\"", .command(["rmi", "0796c228e994"])),
        ("push $REGISTRY/tour/web:1.0", .command(["push", "127.0.0.1:5000/tour/web:1.0"])),
        (
            "run --name x tour/busybox:1.0 sh -c 'echo hi > /a'",
            .command(["run", "--name", "x", "tour/busybox:1.0", "sh", "-c", "echo hi > /a"])
        ),
        ("ID=$(layerlab images -q tour/busybox:1.0)", .capture("ID", ["images", "-q", "tour/busybox:1.0"])),
        // Words that only look like the playground's commands are layerlab's.
        ("level", .command(["level"])), ("show", .command(["show"])),
        ("ls", .listFiles(nil)), ("ls app", .listFiles("app")), ("cat app/Dockerfile", .showFile("app/Dockerfile")),
        // Help reads nothing of the store: it is run, but not counted as a move.
        ("help build", .consult(["help", "build"])), ("docker rmi --help", .consult(["rmi", "--help"])),
    ])
    func linesAreRead(line: String, input: PlaygroundInput) {
        #expect(parsed(line) == .success(input))
    }

    @Test(arguments: [
        ("playground", "`playground` does not run inside the playground"),
        ("docker lesson run", "`lesson` does not run inside the playground"),
        ("registry serve", "`registry` does not run inside the playground"),
        ("container-shim --root /tmp ID", "`container-shim` does not run inside the playground"),
        ("docker", "docker: which command? Try `help`."),
        ("rmi 'open", "unterminated ' quote"),
        ("rmi $NOPE", "unknown variable $NOPE (known here: $BASE, $REGISTRY)"),
        ("ID=$(help)", "$(…) takes a layerlab command"),
        ("docker run -it tour/busybox:1.0 sh", PlaygroundInput.noInteractiveShell.message),
        ("run --name x -i tour/busybox:1.0 sh", PlaygroundInput.noInteractiveShell.message),
    ])
    func badLinesSayWhy(line: String, message: String) {
        guard case .failure(let error) = parsed(line) else {
            Issue.record("\(line) was taken")
            return
        }
        #expect(error.message == message)
    }

    /// A pipe or a redirection is no command's word: the box has no shell. Quoted, it is the container's.
    @Test func aShellsPipesAndRedirectionsAreRefusedUnlessQuoted() {
        for line in ["echo 'FROM x' | docker build -t a:1 -", "run tour/busybox:1.0 echo hi > /x", "images && ps"] {
            guard case .failure(let error) = parsed(line) else {
                Issue.record("\(line) was taken")
                continue
            }
            #expect(error.message.contains("no shell") && error.message(.zh).contains("没有 shell"), "\(line)")
        }
        guard case .success(.command(let words)) = parsed("run tour/busybox:1.0 sh -c 'echo hi > /x'") else {
            Issue.record("a quoted redirection is the container's")
            return
        }
        #expect(words.last == "echo hi > /x")
    }

    /// The Chinese page says it in Chinese, where the playground has the words.
    @Test func badLinesSayWhyInChinese() {
        for line in ["playground", "docker", "docker run -it tour/busybox:1.0 sh", "ID=$(help)"] {
            guard case .failure(let error) = parsed(line) else {
                Issue.record("\(line) was taken")
                continue
            }
            #expect(error.message(.zh).unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(line)")
        }
    }
}
