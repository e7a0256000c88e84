import Archive
import Foundation
import Glibc
import LayerlabTestSupport
import Testing

@Suite struct TarWriterTests {
    let temp = TemporaryDirectory("tar-writer")

    static let longName = "dir/" + String(repeating: "n", count: 120)
    static let veryLongName = (0..<4).map { _ in String(repeating: "v", count: 80) }.joined(separator: "/")
    static let longTarget = String(repeating: "t", count: 160)

    static var sampleEntries: [TarFixtureEntry] {
        var file = TarFixtureEntry.file("dir/file.txt", "hello world", mode: 0o640)
        file.entry.modificationTime = TarTime(seconds: 1_600_000_000)
        file.entry.uid = 1000
        file.entry.gid = 1001
        file.entry.userName = "ünïcode"
        var xattrFile = TarFixtureEntry.file("dir/xattr", "x")
        xattrFile.entry.xattrs = ["user.comment": Array("hi".utf8), "security.capability": [1, 2, 3]]
        var bigIDs = TarFixtureEntry.file("bigids", "")
        bigIDs.entry.uid = 3_000_000
        bigIDs.entry.gid = 3_000_001
        var old = TarFixtureEntry.file("old", "")
        old.entry.modificationTime = TarTime(seconds: -86_400)
        return [
            .directory("dir", mode: 0o755),
            file,
            xattrFile,
            .file(longName, "long"),
            .file(veryLongName, "very long"),
            .symlink("dir/longlink", to: longTarget),
            .symlink("dir/link", to: "file.txt"),
            .hardlink("dir/hard", to: "dir/file.txt"),
            TarFixtureEntry(TarEntry(path: "dir/pipe", kind: .fifo, mode: 0o600)),
            TarFixtureEntry(
                TarEntry(path: "dir/null", kind: .characterDevice, mode: 0o666, deviceMajor: 1, deviceMinor: 3)),
            TarFixtureEntry(TarEntry(path: "dir/sda", kind: .blockDevice, mode: 0o660, deviceMajor: 8, deviceMinor: 0)),
            TarFixtureEntry(TarEntry(path: ArchivePath(bytes: Array("dir/bad".utf8) + [0xff]), kind: .regular)),
            bigIDs,
            old,
        ]
    }

    @Test func readsBackEveryFieldWithOurReader() throws {
        let bytes = try makeTar(Self.sampleEntries)
        var reader = TarReader(BufferSource(bytes))
        var read: [TarEntry] = []
        while let entry = try reader.next() { read.append(entry) }
        let expected = Self.sampleEntries.map { item -> TarEntry in
            var entry = item.entry
            if entry.kind == .directory { entry.path = ArchivePath(entry.path.description + "/") }
            return entry
        }
        #expect(read == expected)
    }

    @Test func outputIsDeterministicAndEndsWith1024ZeroBytes() throws {
        let a = try makeTar(Self.sampleEntries)
        let b = try makeTar(Self.sampleEntries)
        #expect(a == b)
        #expect(a.count % 512 == 0)
        #expect(a.suffix(1024).allSatisfy { $0 == 0 })
        #expect(!a.dropLast(1024).suffix(512).allSatisfy { $0 == 0 })
    }

    @Test func shortASCIIEntriesNeedNoPAXHeader() throws {
        let bytes = try makeTar([.file("a/b.txt", "x"), .directory("a")])
        #expect(bytes.count == 512 + 512 + 512 + 1024)
        #expect(bytes[156] == UInt8(ascii: "0"))
        #expect(Array(bytes[1024..<1026]) == Array("a/".utf8))
        #expect(Array(bytes[257..<265]) == Array("ustar\u{0}00".utf8))
    }

    @Test func subsecondTimesAreDroppedByDefault() throws {
        var file = TarFixtureEntry.file("f", "")
        file.entry.modificationTime = TarTime(seconds: 100, nanoseconds: 5)
        file.entry.accessTime = TarTime(seconds: 7)
        var reader = TarReader(BufferSource(try makeTar([file])))
        let entry = try #require(try reader.next())
        #expect(entry.modificationTime == TarTime(seconds: 100))
        #expect(entry.accessTime == nil)
    }

    @Test func subsecondTimesAreKeptWhenAsked() throws {
        var writer = TarWriter(BufferSink(), writesSubsecondTimes: true)
        try writer.append(TarEntry(path: "f", kind: .regular, modificationTime: TarTime(seconds: 100, nanoseconds: 5)))
        try writer.finish()
        var reader = TarReader(BufferSource(writer.sink.bytes))
        #expect(try reader.next()?.modificationTime == TarTime(seconds: 100, nanoseconds: 5))
    }

    @Test func contentMustMatchTheDeclaredSize() throws {
        var writer = TarWriter(BufferSink())
        try writer.append(TarEntry(path: "f", kind: .regular, size: 4))
        let tooLong = #expect(throws: ArchiveError.self) {
            try Array("12345".utf8).withUnsafeBytes { try writer.writeContent($0) }
        }
        #expect(tooLong?.code == .sizeMismatch)
        try Array("12".utf8).withUnsafeBytes { try writer.writeContent($0) }
        let short = #expect(throws: ArchiveError.self) { try writer.finish() }
        #expect(short?.code == .sizeMismatch)

        var other = TarWriter(BufferSink())
        try other.append(TarEntry(path: "g", kind: .regular, size: 4))
        var source = BufferSource(Array("123456".utf8))
        let longer = #expect(throws: ArchiveError.self) { try other.writeContent(from: &source) }
        #expect(longer?.code == .sizeMismatch)
    }

    @Test(.enabled(if: TestEnvironment.has("tar"), "needs GNU tar"))
    func gnuTarListsWhatWeWrite() async throws {
        let archive = temp.file("ours.tar")
        try Data(try makeTar(Self.sampleEntries)).write(to: URL(fileURLWithPath: archive))
        let theirs = try await gnuTarListing(archive)
        let ours = Self.sampleEntries.map { item -> ListingLine in
            var entry = item.entry
            if entry.kind == .directory { entry.path = ArchivePath(entry.path.description + "/") }
            return ListingLine(entry)
        }
        #expect(theirs.count == ours.count)
        for (gnu, mine) in zip(theirs, ours) {
            #expect(gnu == mine)
        }
    }

    @Test(.enabled(if: TestEnvironment.has("tar"), "needs GNU tar"))
    func gnuTarExtractsWhatWeWrite() async throws {
        let entries = Self.sampleEntries.filter { $0.entry.kind != .characterDevice && $0.entry.kind != .blockDevice }
        let archive = temp.file("ours.tar")
        try Data(try makeTar(entries)).write(to: URL(fileURLWithPath: archive))
        let out = temp.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try await gnuTar(["-xf", archive, "-C", out, "--no-same-owner"])
        #expect(FileManager.default.contents(atPath: out + "/dir/file.txt") == Data("hello world".utf8))
        #expect(FileManager.default.contents(atPath: out + "/" + Self.longName) == Data("long".utf8))
        #expect(FileManager.default.contents(atPath: out + "/" + Self.veryLongName) == Data("very long".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/dir/longlink") == Self.longTarget)
        var a = stat()
        var b = stat()
        #expect(lstat(out + "/dir/hard", &a) == 0 && lstat(out + "/dir/file.txt", &b) == 0 && a.st_ino == b.st_ino)
        #expect(b.st_mtim.tv_sec == 1_600_000_000)
        #expect(b.st_mode & 0o777 == 0o640)
        var bad = stat()
        #expect(lstat(cPath(Array((out + "/dir/bad").utf8) + [0xff]), &bad) == 0)
    }
}
