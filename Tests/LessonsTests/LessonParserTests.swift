import Render
import Testing

@testable import Lessons

@Suite struct LessonParserTests {
    static let complete = """
        ---
        title: 删除镜像
        title.en: Removing images
        registry: token
        fixtures: busybox-rootfs
        ---

        Both languages.

        :::zh
        中文。

        ```sh
        docker rmi IMAGE
        ```
        :::

        :::en
        English.
        :::

        ```layerlab setup
        import rootfs.tar base:1
        ```

        ```layerlab
        $ layerlab tag base:1 "$REGISTRY/a b:1"
        # a comment
        images
        ```

        ```expect
          base
        ```

        ```layerlab capture=ID
        images -q base:1
        ```

        ```layerlab fails
        rmi ${ID}
        ```

        ```file app/Dockerfile
        FROM base:1
        ```

        ```diagram rmi
        ```

        ```graph -a
        ```

        ```explain
        ```
        """

    @Test func everyKindOfStepIsRead() throws {
        let lesson = try LessonParser.parse(Self.complete, id: "08-rmi", file: "08-rmi.md")
        #expect(lesson.id == "08-rmi")
        #expect(lesson.source == "08-rmi.md")
        #expect(lesson.titles == [.zh: "删除镜像", .en: "Removing images"])
        #expect(lesson.registry == .token)
        #expect(lesson.fixtures == [.busyboxRootfs])
        #expect(
            lesson.steps == [
                .prose("Both languages.", language: nil),
                .prose("中文。\n\n```sh\ndocker rmi IMAGE\n```", language: .zh),
                .prose("English.", language: .en),
                .commands(.init(commands: [["import", "rootfs.tar", "base:1"]], hidden: true, line: 22)),
                .commands(.init(commands: [["tag", "base:1", "${REGISTRY}/a b:1"], ["images"]], line: 26)),
                .expect(["base"], line: 32),
                .commands(.init(commands: [["images", "-q", "base:1"]], capture: "ID", line: 36)),
                .commands(.init(commands: [["rmi", "${ID}"]], failing: true, line: 40)),
                .file(path: "app/Dockerfile", content: "FROM base:1\n", line: 44),
                .diagram(kind: "rmi", line: 48),
                .graph(arguments: ["-a"], line: 51),
                .explain(line: 54),
            ])
    }

    @Test(arguments: [
        ("title: x\n---\n", 1, "a lesson starts with a front matter between --- lines"),
        ("---\ntitle: x\n", 1, "the front matter is never closed with ---"),
        ("---\ntitle x\n---\n", 2, "expected `key: value`, found \"title x\""),
        (
            "---\ntitle: x\nauthor: me\n---\n", 3,
            "unknown front matter key \"author\" (title, title.en, registry, fixtures)"
        ),
        ("---\ntitle: x\nregistry: hub\n---\n", 3, "registry must be open or token, not \"hub\""),
        ("---\ntitle: x\nfixtures: alpine\n---\n", 3, "unknown fixture \"alpine\" (there is busybox-rootfs)"),
        ("---\nregistry: open\n---\n", 1, "the front matter has no title"),
        ("---\ntitle: x\n---\n```layerlab\nimages\n", 4, "the ``` block is never closed"),
        ("---\ntitle: x\n---\n:::zh\n文字\n", 4, "the :::zh section is never closed"),
        ("---\ntitle: x\n---\n:::zh\n:::en\n", 5, ":::en inside another section: close it with ::: first"),
        ("---\ntitle: x\n---\n:::\n", 4, "::: closes no section"),
        ("---\ntitle: x\n---\n:::fr\n", 4, "unknown section :::fr (:::zh or :::en)"),
        (
            "---\ntitle: x\n---\n:::zh\n```layerlab\nimages\n```\n:::\n", 5,
            "a ```layerlab block belongs outside :::zh sections"
        ),
        ("---\ntitle: x\n---\n```expect\nx\n```\n", 4, "```expect before any ```layerlab block"),
        ("---\ntitle: x\n---\n```layerlab\nimages\n```\n```expect\n```\n", 7, "an empty ```expect block"),
        (
            "---\ntitle: x\n---\n```diagram\n```\n", 4,
            "```diagram needs one kind: build, http, layers, rmi, transfer, union"
        ),
        (
            "---\ntitle: x\n---\n```diagram rmi\n```\n", 4,
            "```diagram before any ```layerlab block: nothing is traced yet"
        ),
        ("---\ntitle: x\n---\n```explain\n```\n", 4, "```explain before any ```layerlab block: nothing is traced yet"),
        ("---\ntitle: x\n---\n```file /etc/passwd\n```\n", 4, "```file needs one relative path inside the workspace"),
        ("---\ntitle: x\n---\n```file a/../../x\n```\n", 4, "```file needs one relative path inside the workspace"),
        (
            "---\ntitle: x\n---\n```layerlab quietly\nimages\n```\n", 4,
            "unknown ```layerlab option \"quietly\" (setup, fails, capture=NAME in capitals)"
        ),
        (
            "---\ntitle: x\n---\n```layerlab capture=id\nimages\n```\n", 4,
            "unknown ```layerlab option \"capture=id\" (setup, fails, capture=NAME in capitals)"
        ),
        ("---\ntitle: x\n---\n```layerlab capture=ID\nimages\nps\n```\n", 4, "capture=ID needs a block of one command"),
        ("---\ntitle: x\n---\n```layerlab\n```\n", 4, "an empty ```layerlab block"),
        ("---\ntitle: x\n---\n```layerlab\n\nrmi $ID\n```\n", 6, "unknown variable $ID (known here: none)"),
        (
            "---\ntitle: x\n---\n```layerlab\npush $REGISTRY/a\n```\n", 5,
            "$REGISTRY needs `registry: open` or `registry: token` in the front matter"
        ),
        ("---\ntitle: x\n---\n```layerlab\nrun x sh -c 'echo\n```\n", 5, "unterminated ' quote"),
        ("---\ntitle: x\n---\n```layerlab\nlayerlab\n```\n", 5, "no command after layerlab"),
    ])
    func badLessonsSayWhatAndWhere(text: String, line: Int, message: String) {
        #expect(throws: LessonError(file: "bad.md", line: line, message)) {
            try LessonParser.parse(text, id: "bad", file: "bad.md")
        }
    }

    @Test func otherFencesAreProseEvenWhenTheyLookLikeCommands() throws {
        let lesson = try LessonParser.parse(
            "---\ntitle: x\n---\n```console\n$ layerlab images\n```\n", id: "x", file: "x.md")
        #expect(lesson.steps == [.prose("```console\n$ layerlab images\n```", language: nil)])
    }
}
