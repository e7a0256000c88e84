import Foundation
import LayerlabTestSupport
import Render
import Testing

@testable import Lessons

@Suite struct LessonCatalogTests {
    let folder = TemporaryDirectory("lesson-catalog")

    func write(_ name: String, title: String) throws {
        try folder.write(name, "---\ntitle: \(title)\n---\n")
    }

    @Test func lessonsAreNumberedFilesInTheOrderOfTheirNames() throws {
        try write("02-pull.md", title: "拉取")
        try write("10-more.md", title: "更多")
        try write("01-search.md", title: "搜索")
        try folder.write("README.md", "not a lesson")
        try folder.write("03-notes.txt", "not a lesson either")
        let lessons = try LessonCatalog.load(folder: folder.path)
        #expect(lessons.map(\.id) == ["01-search", "02-pull", "10-more"])
        #expect(lessons.map { $0.title(.zh) } == ["搜索", "拉取", "更多"])
        // No English title: the Chinese one stands in.
        #expect(lessons[0].title(.en) == "搜索")
    }

    @Test func lessonsArePickedByIdNumberOrName() throws {
        try write("01-search.md", title: "a")
        try write("02-pull.md", title: "b")
        try write("03-images.md", title: "c")
        let lessons = try LessonCatalog.load(folder: folder.path)
        #expect(try LessonCatalog.select([], from: lessons).count == 3)
        #expect(
            try LessonCatalog.select(["3", "01-search", "pull"], from: lessons).map(\.id) == [
                "01-search", "02-pull", "03-images",
            ])
        #expect(throws: LessonError(file: "push", "no such lesson; there are: 01-search, 02-pull, 03-images")) {
            try LessonCatalog.select(["push"], from: lessons)
        }
    }

    @Test func aBadLessonNamesItsFileAndLine() throws {
        try folder.write("01-bad.md", "---\ntitle: x\nlevel: 3\n---\n")
        #expect(
            throws: LessonError(
                file: folder.file("01-bad.md"), line: 3,
                "unknown front matter key \"level\" (title, title.en, registry, fixtures)")
        ) {
            try LessonCatalog.load(folder: folder.path)
        }
        #expect(throws: LessonError.self) { try LessonCatalog.load(folder: folder.file("missing")) }
    }
}
