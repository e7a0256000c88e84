import Archive
import Foundation
import Glibc
import LayerlabTestSupport
import Testing

@Suite struct DirectoryArchiverTests {
    let temp = TemporaryDirectory("archiver")
    var tree: String { temp.file("tree") }

    init() throws {
        try temp.write("tree/a/b", "b")
        try temp.write("tree/a-c", "c")
        try temp.write("tree/z/.wh.gone", "")
        try FileManager.default.createDirectory(atPath: temp.file("tree/empty"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: temp.file("tree/link"), withDestinationPath: "/etc/passwd")
        try FileManager.default.linkItem(atPath: temp.file("tree/a/b"), toPath: temp.file("tree/hard"))
        _ = mkfifo(temp.file("tree/pipe"), 0o600)
    }

    func archive(_ archiver: DirectoryArchiver) throws -> (DirectoryArchiver.Summary, [TarEntry]) {
        var writer = TarWriter(BufferSink())
        let summary = try archiver.write(to: &writer)
        try writer.finish()
        var reader = TarReader(BufferSource(writer.sink.bytes))
        var entries: [TarEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        return (summary, entries)
    }

    @Test func walksDepthFirstInByteOrderWithParentsFirst() throws {
        let (summary, entries) = try archive(DirectoryArchiver(root: tree))
        #expect(
            entries.map(\.path.description) == [
                "a/", "a/b", "a-c", "empty/", "hard", "link", "pipe", "z/", "z/.wh.gone",
            ])
        #expect(summary.entries == entries.count)
    }

    @Test func symlinksAreWrittenAsLinksNeverFollowed() throws {
        let (_, entries) = try archive(DirectoryArchiver(root: tree))
        let link = try #require(entries.first { $0.path == "link" })
        #expect(link.kind == .symlink)
        #expect(link.linkTarget == "/etc/passwd")
        #expect(link.size == 0)
    }

    @Test func secondPathOfAnInodeIsAHardlinkToTheFirst() throws {
        let (_, entries) = try archive(DirectoryArchiver(root: tree))
        let first = try #require(entries.first { $0.path == "a/b" })
        let second = try #require(entries.first { $0.path == "hard" })
        #expect(first.kind == .regular && first.size == 1)
        #expect(second.kind == .hardlink && second.linkTarget == "a/b")
    }

    @Test func overridesSetTimeAndOwnerAndRootIsIncludedOnRequest() throws {
        let archiver = DirectoryArchiver(
            root: tree, modificationTime: TarTime(seconds: 42), owner: .init(uid: 0, gid: 0), includesRoot: true)
        let (_, entries) = try archive(archiver)
        #expect(entries.first?.path == "./")
        #expect(entries.allSatisfy { $0.modificationTime == TarTime(seconds: 42) && $0.uid == 0 && $0.gid == 0 })
    }

    @Test func sameTreeGivesSameBytes() throws {
        var one = TarWriter(BufferSink())
        var two = TarWriter(BufferSink())
        try DirectoryArchiver(root: tree, modificationTime: TarTime(seconds: 1)).write(to: &one)
        try DirectoryArchiver(root: tree, modificationTime: TarTime(seconds: 1)).write(to: &two)
        #expect(one.sink.bytes == two.sink.bytes)
    }

    @Test func deepTreesNeedNoRecursion() throws {
        var path = tree + "/deep"
        for _ in 0..<300 { path += "/d" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data("bottom".utf8).write(to: URL(fileURLWithPath: path + "/file"))
        let (_, entries) = try archive(DirectoryArchiver(root: tree + "/deep"))
        #expect(entries.count == 301)
        #expect(entries.last?.path.components.count == 301)
    }

    @Test func extractingAnArchivedTreeReproducesIt() throws {
        var writer = TarWriter(BufferSink())
        try DirectoryArchiver(root: tree, modificationTime: TarTime(seconds: 7)).write(to: &writer)
        try writer.finish()
        let copy = temp.file("copy")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        var reader = TarReader(BufferSource(writer.sink.bytes))
        _ = try LayerExtractor(root: copy).apply(&reader)
        var again = TarWriter(BufferSink())
        try DirectoryArchiver(root: copy, modificationTime: TarTime(seconds: 7)).write(to: &again)
        try again.finish()
        #expect(again.sink.bytes == writer.sink.bytes)
    }
}
