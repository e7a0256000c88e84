import Render
import Testing
import Trace

@testable import Lessons

/// The exercise blocks of a lesson file: ```goal, ```solution, ```hint.
struct ExerciseParserTests {
    let front = "---\ntitle: x\nfixtures: busybox-rootfs\n---\n```layerlab setup\nimport rootfs.tar a:1\n```\n"

    @Test func anExerciseIsReadWithItsGoalSolutionAndHintsInEachLanguage() throws {
        let lesson = try LessonParser.parse(
            front + """
                ```file app/Dockerfile
                FROM a:1
                ```
                ```file aside/Dockerfile
                FROM a:1
                ```
                ```layerlab
                images
                ```
                :::zh
                **练习**：构建 `app`。
                :::
                :::en
                **Exercise**: build `app`.
                :::
                ```goal
                shared-layer a:1 b:1
                rmi-refused child
                dangling 0
                ```
                ```hint zh
                先构建。
                ```
                ```hint en
                Build first,
                then look.
                ```
                ```solution
                build -t b:1 app
                ```
                ```solution capture=ID
                images -q a:1
                ```
                ```solution
                rmi $ID
                ```
                """, id: "t", file: "t.md")
        let exercise = try #require(lesson.exercise)
        #expect(exercise.goal == [.sharedLayer("a:1", "b:1"), .rmiRefused(.child), .dangling(0)])
        #expect(exercise.line == 23)
        #expect(exercise.task(.en) == "**Exercise**: build `app`.")
        #expect(exercise.task(.zh) == "**练习**：构建 `app`。")
        // `aside` is the lesson text's, which neither the task nor the solution names.
        #expect(Exercise.files(of: lesson).map(\.path) == ["app/Dockerfile"])
        #expect(Exercise.files(of: lesson).first?.content.contains("FROM a:1") == true)
        // `images -q` only looks, and the goal does not ask for it: it does not count.
        #expect(exercise.referenceLength == 2)
        #expect(!exercise.counts(["images", "-q", "a:1"]) && !exercise.counts(["image", "history", "a:1"]))
        #expect(exercise.counts(["rmi", "a:1"]) && exercise.counts(["image", "rm", "a:1"]))
        var asking = exercise
        asking.goal.append(.ran(.history))
        #expect(asking.counts(["history", "b:1"]) && asking.counts(["image", "history", "b:1"]))
        #expect(!asking.counts(["ps", "-a"]))
        #expect(exercise.solution.map(\.capture) == [nil, "ID", nil])
        #expect(exercise.hints(.en).map(\.text) == ["Build first, then look."])
        #expect(exercise.hints(.zh).map(\.text) == ["先构建。"])
        #expect(
            exercise.solutionLines == [
                "layerlab build -t b:1 app", "ID=$(layerlab images -q a:1)", "layerlab rmi \"${ID}\"",
            ])
        // The start is the setup and the files (both, the aside too), not the visible commands.
        #expect(lesson.exerciseStart.count == 3)
    }

    @Test func aHintForAGoalLineIsGivenOnlyUntilThatLineHolds() throws {
        let lesson = try LessonParser.parse(
            front + """
                ```goal
                image a:1
                image b:1
                ```
                ```hint en for=1
                Import a.
                ```
                ```hint en
                Look around.
                ```
                ```hint en for=2
                Import b.
                ```
                ```solution
                images
                ```
                """, id: "t", file: "t.md")
        let exercise = try #require(lesson.exercise)
        #expect(exercise.hints(.en).map(\.goalLine) == [1, nil, 2])
        // Nothing done yet: the hints come one by one, in order.
        let nothing = ExerciseState(start: [], attempt: [])
        func next(_ given: Set<Int>, holding: [Bool]) -> (shown: [String], given: Set<Int>) {
            exercise.nextHints(.en, given: given) { $0.helps(holding: holding, state: nothing, variables: [:]) }
        }
        var hints = next([], holding: [false, false])
        #expect(hints.shown == ["Import a."])
        hints = next(hints.given, holding: [false, false])
        #expect(hints.shown == ["Import a.", "Look around."])
        // Line 1 holds now: its hint is no longer shown, and the next one comes.
        hints = next(hints.given, holding: [true, false])
        #expect(hints.shown == ["Look around.", "Import b."])
        // A learner who did line 1 before asking skips its hint.
        #expect(next([], holding: [true, false]).shown == ["Look around."])
        // Every hint given: asking again repeats those that still help.
        #expect(next([0, 1, 2], holding: [true, false]).shown == ["Look around.", "Import b."])
    }

    /// A line's first step has its own hint, which ends when that step is done, though the line
    /// does not hold yet.
    @Test func aHintUntilAStepEndsOnceTheStepIsDone() throws {
        let lesson = try LessonParser.parse(
            front + """
                ```goal
                same-image a:1 b:1
                ```
                ```hint en for=1 until=image a:1 until=container-count 2
                Import a.
                ```
                ```hint en for=1
                Tag it b.
                ```
                ```hint en for=1 when=container web
                Remove the container web.
                ```
                ```solution
                images
                ```
                """, id: "t", file: "t.md")
        let exercise = try #require(lesson.exercise)
        #expect(exercise.hints(.en).first?.until == [.image("a:1"), .containerCount(2)])
        #expect(exercise.hints(.en).last?.when == [.container("web")])
        func next(_ state: ExerciseState) -> [String] {
            exercise.nextHints(.en, given: []) { $0.helps(holding: [false], state: state, variables: [:]) }.shown
        }
        #expect(next(ExerciseState(start: [], attempt: [])) == ["Import a."])
        // The setup made `a:1` and the container web: the first step is done, its hint is not given;
        // the hint for the container fits now, after those before it.
        let setUp = ExerciseState(start: try ExerciseStateTests.start(), attempt: [])
        #expect(next(setUp) == ["Tag it b."])
        #expect(
            exercise.nextHints(.en, given: [1]) { $0.helps(holding: [false], state: setUp, variables: [:]) }.shown
                == ["Tag it b.", "Remove the container web."])
    }

    private static let hintUsage =
        "```hint takes, after its language, for=N (the goal line it leads to, from 1), until=CONDITION (a goal "
        + "line's words: once it holds, the hint stops) and when=CONDITION (the hint fits only while it holds)"

    @Test(arguments: [
        ("```goal\n```\n```solution\nimages\n```\n", 8, "an empty ```goal block"),
        ("```goal\nimage a:1\n```\n", 8, "the ```goal has no ```solution block: every exercise shows it can be done"),
        ("```solution\nimages\n```\n", 1, "a ```solution without a ```goal block"),
        ("```hint zh\n提示\n```\n", 8, "```hint without a ```goal block"),
        ("```hint\nx\n```\n", 8, "```hint needs its language: ```hint zh or ```hint en"),
        ("```hint fr\nx\n```\n", 8, "```hint needs its language: ```hint zh or ```hint en"),
        ("```hint en\n\n```\n", 8, "an empty ```hint block"),
        (
            "```goal\nimage a:1\n```\n```hint en for=first\nx\n```\n", 11,
            Self.hintUsage
        ),
        ("```goal\nimage a:1\n```\n```hint en for=1 for=1\nx\n```\n", 11, Self.hintUsage),
        ("```goal\nimage a:1\n```\n```hint en soon\nx\n```\n", 11, Self.hintUsage),
        ("```goal\nimage a:1\n```\n```hint en until=image\nx\n```\n", 11, "until=: `image` takes one image name"),
        ("```goal\nimage a:1\n```\n```hint en when=no-image\nx\n```\n", 11, "when=: `no-image` takes one image name"),
        (
            "```goal\nimage a:1\n```\n```hint en until=later\nx\n```\n", 11,
            "until=: unknown goal \"later\" (\(GoalCondition.names.joined(separator: ", ")))"
        ),
        (
            "```goal\nimage a:1\n```\n```hint en for=2\nx\n```\n```solution\nimages\n```\n", 11,
            "a ```hint for=2, but the ```goal has 1 line(s)"
        ),
        ("```goal\nimage a:1\n```\n```goal\nimage a:1\n```\n", 11, "a second ```goal block: a lesson has one exercise"),
        ("```goal fast\nimage a:1\n```\n", 8, "```goal takes no options"),
        ("```goal\nimage a:1\n```\n```solution setup\nimages\n```\n", 11, "```solution takes only capture=NAME"),
        ("```goal\nwin\n```\n", 9, "unknown goal \"win\" (\(GoalCondition.names.joined(separator: ", ")))"),
        ("```goal\nimage\n```\n", 9, "`image` takes one image name"),
        ("```goal\nsame-image a:1\n```\n", 9, "`same-image` takes two image names"),
        ("```goal\nlayer-count a:1 many\n```\n", 9, "`layer-count` takes an image name and a number"),
        ("```goal\ndangling -1\n```\n", 9, "`dangling` takes a number"),
        ("```goal\ncontainer-count none\n```\n", 9, "`container-count` takes a number"),
        ("```goal\nrmi-refused running\n```\n", 9, "`rmi-refused` takes one reason: child or container"),
        ("```goal\npush-reused now\n```\n", 9, "`push-reused` takes nothing after it"),
        ("```goal\nno-container\n```\n", 9, "`no-container` takes one container name"),
        (
            "```goal\npulled $REGISTRY/a\n```\n", 9,
            "$REGISTRY needs `registry: open` or `registry: token` in the front matter"
        ),
    ])
    func badExercisesSayWhatAndWhere(body: String, line: Int, message: String) {
        #expect(throws: LessonError(file: "bad.md", line: line, message)) {
            try LessonParser.parse(front + body, id: "bad", file: "bad.md")
        }
    }
}
