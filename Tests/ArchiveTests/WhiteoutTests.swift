import Archive
import Testing

@Suite struct WhiteoutTests {
    @Test(arguments: [
        ("etc/passwd", Whiteout.Meaning.none),
        ("etc/.wh.passwd", .deletes(ArchivePath("etc/passwd"))),
        ("./.wh.tmp", .deletes(ArchivePath("tmp"))),
        ("var/lib/.wh..wh..opq", .opaque(directory: ArchivePath("var/lib"))),
        (".wh..wh..opq", .opaque(directory: ArchivePath(""))),
        ("a/.wh..hidden", .deletes(ArchivePath("a/.hidden"))),
    ])
    func meaningFollowsTheImageSpec(path: String, expected: Whiteout.Meaning) throws {
        #expect(try Whiteout.meaning(of: ArchivePath(path)) == expected)
    }

    @Test(arguments: ["a/.wh.", "a/.wh..", "a/.wh...", ".wh."])
    func meaninglessWhiteoutsAreRefused(path: String) {
        let error = #expect(throws: ArchiveError.self) { try Whiteout.meaning(of: ArchivePath(path)) }
        #expect(error?.code == .badWhiteout)
    }

    @Test func escapingWhiteoutIsRefused() {
        let error = #expect(throws: ArchiveError.self) { try Whiteout.meaning(of: ArchivePath("../.wh.x")) }
        #expect(error?.code == .nameNotLocal)
    }

    @Test func whiteoutPathPrefixesTheBaseName() {
        #expect(Whiteout.whiteoutPath(hiding: ArchivePath("etc/passwd")) == ArchivePath("etc/.wh.passwd"))
        #expect(Whiteout.whiteoutPath(hiding: ArchivePath("/tmp/")) == ArchivePath(".wh.tmp"))
    }
}
