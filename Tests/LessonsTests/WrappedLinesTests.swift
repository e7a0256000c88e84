import Testing

@testable import Lessons

/// A lesson's wrapped source lines, joined as a reader expects in each language.
struct WrappedLinesTests {
    @Test func englishLinesJoinWithASpaceAndChineseCharactersWithNothing() {
        #expect(WrappedLines.joined(["give it a name", "  and look"]) == "give it a name and look")
        #expect(WrappedLines.joined(["两个名字指向同一个镜像）。", "看看新名字"]) == "两个名字指向同一个镜像）。看看新名字")
        // Chinese beside Latin words or code takes a space, as the lessons write it; punctuation none.
        #expect(WrappedLines.joined(["先运行", "`images`，再看"]) == "先运行 `images`，再看")
        #expect(WrappedLines.joined(["再用 `history`", "看看"]) == "再用 `history` 看看")
        #expect(WrappedLines.joined(["名字（`tour/web`）", "指向它"]) == "名字（`tour/web`）指向它")
        #expect(WrappedLines.joined(["", "one", ""]) == "one")
    }

    @Test func paragraphsStayApart() {
        #expect(WrappedLines.unwrapped("a\nb\n\n第一\n第二") == "a b\n\n第一第二")
    }
}
