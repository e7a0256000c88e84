import Archive
import Foundation
import Glibc
import LayerlabTestSupport
import Testing

@Suite struct LayerExtractorTests {
    let temp = TemporaryDirectory("extract")
    var root: String { temp.file("root") }

    init() throws {
        try FileManager.default.createDirectory(atPath: temp.file("root"), withIntermediateDirectories: false)
    }

    @discardableResult
    func apply(_ entries: [TarFixtureEntry]) throws -> ExtractionSummary {
        var reader = TarReader(BufferSource(try makeTar(entries)))
        return try LayerExtractor(root: root).apply(&reader)
    }

    func contents(_ relative: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func lstat(_ relative: String) -> stat? {
        var info = stat()
        return Glibc.lstat(root + "/" + relative, &info) == 0 ? info : nil
    }

    @Test func extractsFilesDirectoriesLinksAndFifos() throws {
        var file = TarFixtureEntry.file("d/f.txt", "hello", mode: 0o640)
        file.entry.modificationTime = TarTime(seconds: 1_500_000_000)
        var directory = TarFixtureEntry.directory("d", mode: 0o750)
        directory.entry.modificationTime = TarTime(seconds: 1_400_000_000)
        let fifo = TarFixtureEntry(TarEntry(path: "d/pipe", kind: .fifo, mode: 0o600))
        let summary = try apply([
            directory, file, .symlink("d/link", to: "f.txt"), .hardlink("d/hard", to: "d/f.txt"), fifo,
        ])
        #expect(summary.entries == 5)
        // As moby counts a layer: the file once (its hard link adds nothing) and the link's target.
        #expect(summary.bytes == 5 + "f.txt".utf8.count)
        #expect(contents("d/f.txt") == "hello")
        #expect(lstat("d/f.txt").map { $0.st_mode & 0o7777 } == 0o640)
        #expect(lstat("d/f.txt").map { $0.st_mtim.tv_sec } == 1_500_000_000)
        // The directory's time is set after its children were created.
        #expect(lstat("d").map { $0.st_mtim.tv_sec } == 1_400_000_000)
        #expect(lstat("d").map { $0.st_mode & 0o7777 } == 0o750)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/d/link") == "f.txt")
        #expect(lstat("d/hard").map { $0.st_ino } == lstat("d/f.txt").map { $0.st_ino })
        #expect(lstat("d/pipe").map { $0.st_mode & S_IFMT } == S_IFIFO)
    }

    @Test func missingParentsAreCreated() throws {
        try apply([.file("a/b/c/file", "x")])
        #expect(contents("a/b/c/file") == "x")
        #expect(lstat("a/b").map { $0.st_mode & 0o777 } == 0o755)
    }

    @Test func lastEntryWinsAndTypeChangesReplace() throws {
        try apply([
            .file("x", "first"), .file("x", "second"),
            .directory("y"), .file("y/inner", "i"), .file("y", "now a file"),
            .file("z", "was a file"), .directory("z"),
            .symlink("s", to: "nowhere"), .file("s", "replaced link"),
        ])
        #expect(contents("x") == "second")
        #expect(contents("y") == "now a file")
        #expect(lstat("z").map { $0.st_mode & S_IFMT } == S_IFDIR)
        #expect(contents("s") == "replaced link")
    }

    @Test func directoryOverDirectoryMerges() throws {
        try apply([.directory("d"), .file("d/one", "1"), .directory("d", mode: 0o700), .file("d/two", "2")])
        #expect(contents("d/one") == "1")
        #expect(contents("d/two") == "2")
        #expect(lstat("d").map { $0.st_mode & 0o777 } == 0o700)
    }

    @Test func whiteoutsAreKeptAsEmptyFiles() throws {
        try apply([.directory("etc"), .file("etc/.wh.passwd"), .file("var/.wh..wh..opq")])
        #expect(contents("etc/.wh.passwd") == "")
        #expect(contents("var/.wh..wh..opq") == "")
    }

    @Test(arguments: ["a/.wh.", "a/.wh..", "a/.wh..."])
    func meaninglessWhiteoutsAreRefused(name: String) throws {
        let error = #expect(throws: ArchiveError.self) { try apply([.file(name)]) }
        #expect(error?.code == .badWhiteout)
    }

    @Test func hardlinkToDirectoryIsRefused() throws {
        let error = #expect(throws: ArchiveError.self) { try apply([.directory("d"), .hardlink("h", to: "d")]) }
        #expect(error?.code == .badLink)
    }

    @Test func hardlinkForwardReferenceAndSelfAreRefused() throws {
        let forward = #expect(throws: ArchiveError.self) { try apply([.hardlink("h", to: "later"), .file("later")]) }
        #expect(forward?.code == .badLink)
        let selfLink = #expect(throws: ArchiveError.self) { try apply([.hardlink("me", to: "me")]) }
        #expect(selfLink?.code == .badLink)
    }

    @Test func rootEntryThatIsNotADirectoryIsRefused() throws {
        let error = #expect(throws: ArchiveError.self) { try apply([.file("./", "x")]) }
        #expect(error?.code == .nameNotLocal)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func devicesAreCreatedOnlyWhenAllowed() throws {
        let device = TarFixtureEntry(
            TarEntry(path: "dev/null", kind: .characterDevice, mode: 0o666, deviceMajor: 1, deviceMinor: 3))
        var reader = TarReader(BufferSource(try makeTar([device])))
        var extractor = LayerExtractor(root: root)
        extractor.createsDevices = false
        let summary = try extractor.apply(&reader)
        #expect(summary.skippedDevices == 1)
        #expect(lstat("dev/null") == nil)
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root: mknod"))
    func devicesAreCreatedAsRoot() throws {
        let device = TarFixtureEntry(
            TarEntry(path: "null", kind: .characterDevice, mode: 0o666, deviceMajor: 1, deviceMinor: 3))
        let summary = try apply([device])
        if summary.skippedDevices == 0 {
            #expect(lstat("null").map { $0.st_mode & S_IFMT } == S_IFCHR)
            #expect(lstat("null").map { $0.st_rdev } == 0x103)
        }
    }

    @Test(.enabled(if: TestEnvironment.isRoot, "needs root: chown"))
    func ownersAreSetAsRoot() throws {
        var file = TarFixtureEntry.file("owned", "x", mode: 0o4755)
        file.entry.uid = 1234
        file.entry.gid = 5678
        try apply([file])
        #expect(lstat("owned").map { $0.st_uid } == 1234)
        #expect(lstat("owned").map { $0.st_gid } == 5678)
        // Mode is set after the owner, so setuid survives chown.
        #expect(lstat("owned").map { $0.st_mode & 0o7777 } == 0o4755)
    }

    @Test func nonUTF8NamesAreCreatedByteExact() throws {
        let name: [UInt8] = [0x62, 0xff, 0x66]
        try apply([TarFixtureEntry(TarEntry(path: ArchivePath(bytes: name), kind: .regular))])
        var info = stat()
        let path = Array(root.utf8) + [0x2f] + name
        #expect(Glibc.lstat(path.map { CChar(bitPattern: $0) } + [0], &info) == 0)
    }
}
