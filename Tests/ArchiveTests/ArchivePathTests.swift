import Archive
import Testing

@Suite struct ArchivePathTests {
    @Test(arguments: [
        ("a/b", "a/b", true),
        ("./a/b/", "a/b", true),
        ("/abs/x", "abs/x", true),
        ("a//b/./c", "a/b/c", true),
        ("a/../b", "b", true),
        ("./", "", true),
        ("../evil", "evil", false),
        ("a/../../evil", "evil", false),
        ("/../x", "x", false),
    ])
    func cleanedResolvesDotsLexicallyAndIsLocalReportsEscapes(raw: String, cleaned: String, isLocal: Bool) {
        let path = ArchivePath(raw)
        #expect(path.cleaned == ArchivePath(cleaned))
        #expect(path.isLocal == isLocal)
    }

    @Test func normalizedRefusesEscapingNames() {
        let error = #expect(throws: ArchiveError.self) { try ArchivePath("a/../../x").normalized() }
        #expect(error?.code == .nameNotLocal)
    }

    @Test func normalizedRefusesNUL() {
        let error = #expect(throws: ArchiveError.self) { try ArchivePath(bytes: [0x61, 0, 0x62]).normalized() }
        #expect(error?.code == .nameNotLocal)
    }

    @Test func nonUTF8BytesAreKeptExactly() throws {
        let path = ArchivePath(bytes: [0x2e, 0x2f, 0x62, 0xff, 0x2f])
        #expect(try path.normalized().bytes == [0x62, 0xff])
        #expect(path.description.contains("\u{FFFD}"))
    }

    @Test func ordersByBytes() {
        #expect(ArchivePath("a-b") < ArchivePath("a/b"))
        #expect(ArchivePath(bytes: [0x7f]) < ArchivePath(bytes: [0xff]))
    }
}
