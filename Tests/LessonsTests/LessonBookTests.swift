import Render
import Testing

@testable import Lessons

@Suite struct LessonBookTests {
    let entries: [LessonEntry] = [
        .title([.zh: "标签", .en: "Tags"]),
        .prose("both", language: nil),
        .prose("中文", language: .zh),
        .prose("English", language: .en),
        .command("layerlab images", output: "REPOSITORY\n", status: 0),
        .command("layerlab tag a b", output: "", status: 0),
        .file(path: "app/Dockerfile", content: "FROM a\n"),
        .diagram(kind: "rmi", paths: [.en: "06-tag/1-rmi.en.svg", .zh: "06-tag/1-rmi.zh.svg"]),
        .explanation([.zh: "▶ 解释\n", .en: "▶ explained\n"]),
    ]

    @Test func eachLanguageGetsItsOwnProseAndExplanation() {
        let english = LessonBook.page(entries, language: .en)
        #expect(
            english == """
                # Tags

                both

                English

                ```console
                $ layerlab images
                REPOSITORY
                ```

                ```console
                $ layerlab tag a b
                ```

                `app/Dockerfile`:

                ```
                FROM a
                ```

                ![rmi](1-rmi.en.svg)

                ```text
                ▶ explained
                ```


                """)
        let chinese = LessonBook.page(entries, language: .zh)
        #expect(chinese.hasPrefix("# 标签\n\nboth\n\n中文\n\n```console"))
        #expect(chinese.contains("▶ 解释") && !chinese.contains("English") && !chinese.contains("explained"))
    }

    @Test func theIndexLinksEveryLessonInBothLanguages() {
        let index = LessonBook.index([Lesson(id: "06-tag", titles: [.zh: "标签", .en: "Tags"])])
        #expect(index.contains("| 06-tag | [标签](06-tag/zh.md) | [Tags](06-tag/en.md) |"))
    }
}
