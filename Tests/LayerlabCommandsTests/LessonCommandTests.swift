import Foundation
import LayerlabTestSupport
import Testing

/// `layerlab lesson` on the course's own lessons, as `make demo` runs them.
@Suite(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
struct LessonCommandTests {
    let folder = TemporaryDirectory("lesson-cli")

    static var lessons: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
    }

    func layerlab(_ arguments: [String]) async throws -> ProcessResult {
        try await runTool(
            ContainerCommandTests.executable, arguments, currentDirectory: folder.path, expectSuccess: false)
    }

    @Test func everyLessonRunsAndItsBookIsWrittenInBothLanguages() async throws {
        let output = folder.file("book")
        let result = try await layerlab(["lesson", "run", "--lessons", Self.lessons, "-o", output, "--lang", "zh"])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = try FileManager.default.contentsOfDirectory(atPath: Self.lessons).filter { $0.hasSuffix(".md") }
            .map { String($0.dropLast(3)) }.sorted()
        #expect(ids.count >= 9)
        let index = try String(contentsOfFile: output + "/README.md", encoding: .utf8)
        for id in ids {
            #expect(index.contains("](\(id)/zh.md)"))
            let chinese = try String(contentsOfFile: "\(output)/\(id)/zh.md", encoding: .utf8)
            let english = try String(contentsOfFile: "\(output)/\(id)/en.md", encoding: .utf8)
            #expect(chinese.contains("$ layerlab "), "\(id) shows no command")
            #expect(chinese != english)
        }
        #expect(result.stdoutText.contains("══ 删除镜像 ══"))
        let shown = URL(fileURLWithPath: output).standardizedFileURL.path
        #expect(result.stdoutText.contains("\(ids.count) lesson(s) done; the book is in \(shown)/README.md"))
        let html = try String(contentsOfFile: output + "/book.zh.html", encoding: .utf8)
        for id in ids { #expect(html.contains("<section id=\"\(id)\">")) }
        #expect(html.contains("<svg"))
    }

    /// The lesson's commands run in its own workspace: a relative output folder is this folder's.
    @Test func aRelativeOutputFolderGetsTheDiagrams() async throws {
        let result = try await layerlab(["lesson", "run", "--lessons", Self.lessons, "-o", "book", "--lang", "en", "6"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.file("book/06-tag/1-graph.zh.svg")))
        let html = try String(contentsOfFile: folder.file("book/book.en.html"), encoding: .utf8)
        #expect(html.contains("<figure class=\"diagram graph\"><svg"))
        // The terminal names the diagram in the language it speaks.
        let diagram = URL(fileURLWithPath: folder.file("book/06-tag/1-graph.en.svg")).standardizedFileURL.path
        #expect(result.stdoutText.contains("→ graph: \(diagram)\n"))
    }

    /// `--practice` (the default on a terminal): after lesson 06 the learner's own commands run on
    /// the lesson's start until its goal holds; in lesson 08 `skip` goes on without solving it.
    @Test func anExerciseTakesTheLearnersCommandsUntilTheGoalHolds() async throws {
        let typed = [
            "layerlab tag tour/busybox:1.0 tour/box:v1",  // a tag, but not the one the goal asks for
            "hint",
            "undo",
            "layerlab tag onlyone",  // refused by the parser: it did nothing, and does not count
            "layerlab images",  // only looks, and the goal does not ask for it: it does not count
            "docker tag tour/busybox:1.0 tour/box",
            "skip",
        ]
        let result = try await runTool(
            ContainerCommandTests.executable,
            ["lesson", "run", "--lessons", Self.lessons, "-o", "book", "--lang", "en", "--practice", "6", "8"],
            input: Data((typed.joined(separator: "\n") + "\n").utf8), currentDirectory: folder.path,
            expectSuccess: false)
        #expect(result.status == 0, "\(result.stderr)")
        let shown = result.stdoutText
        #expect(shown.contains("Your turn: type layerlab (or docker) commands"))
        #expect(!shown.contains("Reference solution"), "the solution stays hidden while the learner tries")
        #expect(shown.contains("☐ tour/busybox:1.0 and tour/box:latest are one image"), "\(shown)")
        #expect(shown.contains("Without a tag, Docker uses `latest`."))
        #expect(
            shown.contains(
                "The goal names tour/box:latest, but this command named the image tour/box:v1: the goal checks the whole name."
            ))
        #expect(shown.contains("Undone: `tag tour/busybox:1.0 tour/box:v1`."), "\(shown)")
        #expect(shown.contains("☑ tour/busybox:1.0 and tour/box:latest are one image"))
        #expect(shown.contains("Solved in 1 command(s); the reference solution takes 1."))
        // Lesson 08 was skipped: its exercise began, and nothing claims it solved.
        #expect(shown.components(separatedBy: "Your turn:").count == 3)
        #expect(shown.components(separatedBy: "Solved in").count == 2)
        #expect(shown.contains("2 lesson(s) done"))
    }

    /// Lesson 08 in the wrong order: the base's name first. The narration says why its image
    /// stays, the goal's last line stays open (that rmi deleted no image), and `hint` skips the
    /// hints for the line already done and gives the one about the order.
    @Test func removingTheBaseFirstLeavesItsImageAndTheHintSaysWhy() async throws {
        let typed = [
            "layerlab build -q -t tour/app:1.0 app",
            "layerlab images",
            "BASE=$(layerlab images -q tour/busybox:1.0)",
            "layerlab rmi $BASE",
            "layerlab rmi tour/busybox:1.0",
            "layerlab rmi tour/app:1.0",
            "hint",
            "skip",
        ]
        let result = try await runTool(
            ContainerCommandTests.executable,
            ["lesson", "run", "--lessons", Self.lessons, "-o", "book", "--lang", "en", "--practice", "8"],
            input: Data((typed.joined(separator: "\n") + "\n").utf8), currentDirectory: folder.path,
            expectSuccess: false)
        #expect(result.status == 0, "\(result.stderr)")
        let turn = try #require(result.stdoutText.components(separatedBy: "Your turn:").last)
        #expect(turn.contains("Named image built on it: tour/app:1.0."), "\(turn)")
        // Each command that did something is told first in one plain sentence, as the playground tells it.
        #expect(turn.contains("→ Nothing was removed: Docker refused."), "\(turn)")
        #expect(turn.contains("→ tour/app:1.0 is gone: its image was deleted"), "\(turn)")
        #expect(turn.contains("Remove tour/app:1.0 first (`rmi NAME`)"))
        #expect(turn.contains("stays: the image built on it (tour/app:1.0) still needs its layers."))
        #expect(turn.contains("☑ rmi tour/app:1.0 deleted its image, not only the name"))
        #expect(turn.contains("☐ rmi tour/busybox:1.0 deleted its image, not only the name"))
        #expect(turn.contains("rmi took only the name tour/busybox:1.0: its image stays"), "the setback is told")
        #expect(turn.contains("The base's name went first: its image stayed"))
        #expect(!turn.contains("First make the child image"), "the build is done: its hint is not given")
        // The exercise runs by the wall clock, as the playground does: nothing is years old.
        let table = turn.split(separator: "\n").drop { !$0.contains("REPOSITORY   ") }.prefix(3)
        #expect(table.count == 3 && table.allSatisfy { !$0.contains("years ago") }, "\(table)")
        #expect(table.dropFirst().allSatisfy { $0.contains(" ago ") }, "\(table)")
        #expect(!turn.contains("Solved in"))
    }

    @Test func listAndRunSayWhatIsWrongWithTheirArguments() async throws {
        let listed = try await layerlab(["lesson", "list", "--lessons", Self.lessons])
        #expect(listed.stdoutText.split(separator: "\n").first?.hasPrefix("LESSON") == true)
        #expect(listed.stdoutText.contains("01-search"))
        // From a folder without Lessons/, the checkout's lessons are found beside the executable.
        let found = try await layerlab(["lesson", "list"])
        #expect(found.stdoutText == listed.stdoutText)
        let unknown = try await layerlab(["lesson", "run", "--lessons", Self.lessons, "-o", folder.file("o"), "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("Error: nope: no such lesson; there are: 01-search, 02-pull"))
        let missing = try await layerlab(["lesson", "list", "--lessons", folder.file("absent")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read the lessons folder"))
    }
}
