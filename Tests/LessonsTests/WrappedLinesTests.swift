import Testing

@testable import Lessons

/// A lesson's wrapped source lines, joined as a reader expects in each language.
struct WrappedLinesTests {
    @Test func englishLinesJoinWithASpaceAndChineseWithNothing() {
        #expect(WrappedLines.joined(["give it a name", "  and look"]) == "give it a name and look")
        #expect(WrappedLines.joined(["两个名字指向同一个镜像）。", "看看新名字"]) == "两个名字指向同一个镜像）。看看新名字")
        // Beside a Chinese character either way, Latin words and code join with nothing too.
        #expect(WrappedLines.joined(["先运行", "`images`，再看"]) == "先运行`images`，再看")
        #expect(WrappedLines.joined(["用 `tag`", "起名字"]) == "用 `tag`起名字")
        #expect(WrappedLines.joined(["", "one", ""]) == "one")
    }

    @Test func paragraphsStayApart() {
        #expect(WrappedLines.unwrapped("a\nb\n\n第一\n第二") == "a b\n\n第一第二")
    }
}
