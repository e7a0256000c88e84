import Foundation
import LayerlabTestSupport
import Render
import Testing
import Trace

@testable import Lessons

/// The built `layerlab`, which runs the lessons' commands as `layerlab lesson run` does with itself.
enum BuiltLayerlab {
    static var path: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("layerlab")
            .path
    }
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }
}

@Suite(.enabled(if: BuiltLayerlab.isBuilt, "needs the layerlab executable built"))
struct LessonRunnerTests {
    let folder = TemporaryDirectory("lesson-runner")

    func run(_ body: String, front: String = "") async throws -> [LessonEntry] {
        let text = "---\ntitle: 测试\ntitle.en: Test\nfixtures: busybox-rootfs\n\(front)---\n" + body
        let lesson = try LessonParser.parse(text, id: "07-test", file: "07-test.md")
        return try await LessonRunner(
            executor: ProcessExecutor(executable: BuiltLayerlab.path), outputFolder: folder.path
        ).run(lesson)
    }

    @Test func commandsRunOnAStoreOfTheirOwnAndTheirTracesAreDrawnAndExplained() async throws {
        let entries = try await run(
            """
            ```layerlab setup
            import rootfs.tar base:1
            run --name keeper base:1 echo hi
            ```

            ```layerlab capture=ID
            images -q base:1
            ```

            ```layerlab fails
            rmi $ID
            ```

            ```expect
            conflict: unable to delete
            ```

            ```diagram rmi
            ```

            ```explain
            ```

            ```graph
            ```
            """)
        #expect(entries.first == .title([.zh: "测试", .en: "Test"]))
        let commands = entries.compactMap {
            if case .command(let typed, let output, let status) = $0 { (typed, output, status) } else { nil }
        }
        // Setup is run but not shown.
        #expect(commands.map(\.0).first == "layerlab images -q base:1")
        let id = try #require(commands.first?.1.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(id.count == 12)
        #expect(commands.last?.0 == "layerlab rmi \(id)")
        #expect(commands.last?.2 == 1)
        let diagrams = entries.compactMap { if case .diagram(let kind, let paths) = $0 { (kind, paths) } else { nil } }
        #expect(diagrams.map(\.0) == ["rmi", "graph"])
        #expect(diagrams.map { $0.1[.en] } == ["07-test/1-rmi.en.svg", "07-test/2-graph.en.svg"])
        #expect(diagrams.map { $0.1[.zh] } == ["07-test/1-rmi.zh.svg", "07-test/2-graph.zh.svg"])
        // Each drawn in its own language: the Chinese one in Chinese words and a CJK font.
        for (_, paths) in diagrams {
            let english = try String(contentsOfFile: folder.file(try #require(paths[.en])), encoding: .utf8)
            let chinese = try String(contentsOfFile: folder.file(try #require(paths[.zh])), encoding: .utf8)
            #expect(english.contains("<svg") && english.contains("image "))
            #expect(chinese.contains("镜像") && chinese.contains("font-family=\"Noto Sans CJK SC\""))
            #expect(!chinese.contains(">image "))
        }
        let explanation = try #require(
            entries.compactMap { if case .explanation(let texts) = $0 { texts } else { nil } }.first)
        #expect(explanation[.en]?.contains("container") == true)
        #expect(explanation[.zh]?.contains("容器") == true)
    }

    @Test func aMissingExpectedLineIsTheLessonsErrorAtThatLine() async throws {
        let error = try #require(
            await #expect(throws: LessonError.self) {
                try await run("```layerlab\nimages\n```\n\n```expect\nREPOSITORY\nno-such-image\n```\n")
            })
        #expect(error.file == "07-test.md" && error.line == 10)
        #expect(error.message.hasPrefix("the output above has no \"no-such-image\"; it was:\nREPOSITORY"))
    }

    @Test func aCommandFailingOrSucceedingAgainstTheLessonsWordIsAnError() async throws {
        let failed = try #require(
            await #expect(throws: LessonError.self) { try await run("```layerlab\nrmi ghost:1\n```\n") })
        #expect(failed.line == 6)
        #expect(failed.message == "`layerlab rmi ghost:1` failed (exit 1):\nError: No such image: ghost:1\n")
        let succeeded = try #require(
            await #expect(throws: LessonError.self) { try await run("```layerlab fails\nimages\n```\n") })
        #expect(succeeded.message.hasPrefix("`layerlab images` was meant to fail, but it succeeded"))
    }

    @Test func aLessonWithARegistryPushesAndPullsThroughItsOwn() async throws {
        let entries = try await run(
            """
            ```layerlab
            import rootfs.tar base:1
            tag base:1 $REGISTRY/team/base:1
            push $REGISTRY/team/base:1
            rmi base:1 $REGISTRY/team/base:1
            pull $REGISTRY/team/base:1
            ```

            ```expect
            Pushed
            Pull complete
            ```

            ```diagram http
            ```
            """, front: "registry: open\n")
        let pushed = entries.compactMap {
            if case .command(let typed, _, _) = $0, typed.contains("push") { typed } else { nil }
        }
        #expect(pushed.count == 1)
        #expect(pushed.first?.hasPrefix("layerlab push 127.0.0.1:") == true)
        #expect(FileManager.default.fileExists(atPath: folder.file("07-test/1-http.zh.svg")))
    }
}

/// An exercise tried for real: the reference solution run from the lesson's start, undo, and a
/// solution that misses its goal failing the lesson.
@Suite(.enabled(if: BuiltLayerlab.isBuilt, "needs the layerlab executable built"))
struct ExerciseRunTests {
    let folder = TemporaryDirectory("exercise-run")

    func lesson(_ exercise: String) throws -> Lesson {
        let text = """
            ---
            title: x
            fixtures: busybox-rootfs
            ---
            ```layerlab setup
            import rootfs.tar tour/busybox:1.0
            ```
            ```layerlab
            tag tour/busybox:1.0 tour/shown:1.0
            ```

            """ + exercise
        return try LessonParser.parse(text, id: "07-exercise", file: "07-exercise.md")
    }

    @Test func theReferenceSolutionReachesTheGoalFromTheLessonsStart() async throws {
        let lesson = try lesson(
            "```goal\nsame-image tour/busybox:1.0 tour/box:latest\nno-image tour/shown:1.0\n```\n"
                + "```solution\ntag tour/busybox:1.0 tour/box\n```\n")
        let entries = try await LessonRunner(
            executor: ProcessExecutor(executable: BuiltLayerlab.path), outputFolder: folder.path
        ).run(lesson)
        guard case .exercise(let report) = entries.last else {
            Issue.record("the last entry is not the exercise: \(String(describing: entries.last))")
            return
        }
        #expect(report.solved && report.referenceLength == 1)
        #expect(report.commands.map(\.typed) == ["layerlab tag tour/busybox:1.0 tour/box"])
        // The start has the setup's image, not the lesson's visible tag.
        #expect(report.goal.map(\.holds) == [true, true])
        #expect(report.finalStore.images.count == 1 && report.finalStore.images[0].references.count == 2)
    }

    @Test func aSolutionThatMissesItsGoalFailsTheLessonAtTheGoal() async throws {
        let lesson = try lesson("```goal\nimage tour/never:1.0\n```\n```solution\nimages\n```\n")
        let error = await #expect(throws: LessonError.self) {
            try await LessonRunner(
                executor: ProcessExecutor(executable: BuiltLayerlab.path), outputFolder: folder.path
            ).run(lesson)
        }
        #expect(error?.line == 11)
        #expect(error?.message.contains("✗ an image is named tour/never:1.0") == true, "\(String(describing: error))")
    }

    @Test func undoPutsTheStoreBackAsItWasBeforeTheLastCommand() async throws {
        let lesson = try lesson(
            "```goal\nimage tour/box:1.0\n```\n```solution\ntag tour/busybox:1.0 tour/box:1.0\n```\n")
        let workspace = try await ExerciseWorkspace.open(
            lesson, executor: ProcessExecutor(executable: BuiltLayerlab.path))
        let tagged = try await workspace.run(["tag", "tour/busybox:1.0", "tour/box:1.0"])
        #expect(tagged.output.status == 0 && !tagged.records.isEmpty)
        #expect(await workspace.progress.map(\.holds) == [true])
        #expect(try await workspace.undo())
        #expect(await workspace.progress.map(\.holds) == [false])
        // The store itself went back, not only the events: the name is gone.
        let listed = try await workspace.run(["images", "--format", "{{.Repository}}:{{.Tag}}"])
        #expect(listed.output.text == "tour/busybox:1.0\n")
        #expect(try await workspace.undo())
        #expect(try await workspace.undo() == false)
        await workspace.close()
    }
}
