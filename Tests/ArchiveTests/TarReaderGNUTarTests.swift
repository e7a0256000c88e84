import Archive
import Foundation
import Glibc
import LayerlabTestSupport
import OCI
import Testing

/// Our reader against archives GNU tar writes, compared with GNU tar's own listing.
@Suite(.enabled(if: TestEnvironment.has("tar"), "needs GNU tar"))
struct TarReaderGNUTarTests {
    let temp = TemporaryDirectory("tar-reader")
    var tree: String { temp.file("tree") }

    static let long120 = String(repeating: "n", count: 120)
    static let longPath = [
        String(repeating: "p", count: 90), String(repeating: "q", count: 90), String(repeating: "r", count: 90),
    ]
    .joined(separator: "/")
    static let longTarget = String(repeating: "t", count: 150)

    /// Builds the sample tree; `withLongNames` adds names ustar and v7 cannot hold.
    func makeTree(withLongNames: Bool, withFifo: Bool = true) throws -> Bool {
        let fm = FileManager.default
        try fm.createDirectory(atPath: tree + "/empty", withIntermediateDirectories: true)
        try temp.write("tree/short.txt", "hello")
        try temp.write("tree/dir/inner.txt", "inner")
        try fm.createSymbolicLink(atPath: tree + "/sym", withDestinationPath: "short.txt")
        try fm.linkItem(atPath: tree + "/short.txt", toPath: tree + "/hard")
        if withFifo { #expect(mkfifo(tree + "/pipe", 0o644) == 0) }
        // A few MB with holes.
        let big = open(tree + "/big.bin", O_WRONLY | O_CREAT, 0o600)
        #expect(big >= 0)
        #expect(ftruncate(big, 3 << 20) == 0)
        #expect(pwrite(big, "middle", 6, 1 << 20) == 6)
        close(big)
        chmod(tree + "/dir", 0o2755)
        if withLongNames {
            try temp.write("tree/d/" + Self.long120, "long")
            try temp.write("tree/deep/" + Self.longPath, "deep")
            try fm.createSymbolicLink(atPath: tree + "/longsym", withDestinationPath: Self.longTarget)
        }
        // A name that is not UTF-8, if the file system allows it.
        let badName = Array((tree + "/bad").utf8) + [0xff, 0x2e, 0x74]
        let fd = open(cPath(badName), O_WRONLY | O_CREAT, 0o644)
        let hasBadName = fd >= 0
        if hasBadName { close(fd) }
        // Fixed times for everything, links included.
        for path in listTree(tree) + ["."] {
            var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
            utimensat(AT_FDCWD, tree + "/" + path, &times, AT_SYMLINK_NOFOLLOW)
        }
        var times = [timespec(tv_sec: 1_234_567_890, tv_nsec: 0), timespec(tv_sec: 1_234_567_890, tv_nsec: 0)]
        utimensat(AT_FDCWD, cPath(badName), &times, AT_SYMLINK_NOFOLLOW)
        return hasBadName
    }

    func compare(format: String, withLongNames: Bool, withFifo: Bool = true) async throws {
        let hasBadName = try makeTree(withLongNames: withLongNames, withFifo: withFifo)
        let archive = temp.file("archive.tar")
        try await gnuTar(["--format=\(format)", "--sort=name", "-cf", archive, "-C", tree, "."])
        let theirs = try await gnuTarListing(archive)
        let entries = try ourEntries(archive)
        let ours = entries.map(ListingLine.init)
        #expect(ours.count == theirs.count)
        for (mine, gnu) in zip(ours, theirs) {
            #expect(mine == gnu, "format \(format)")
        }
        if hasBadName {
            #expect(entries.contains { $0.path.bytes == Array("./bad".utf8) + [0xff, 0x2e, 0x74] })
        }
        if withLongNames {
            #expect(entries.contains { $0.path == ArchivePath("./deep/" + Self.longPath) })
            #expect(entries.contains { $0.linkTarget == ArchivePath(Self.longTarget) })
        }
        #expect(entries.contains { $0.kind == .hardlink })
    }

    @Test func readsGNUFormatLikeGNUTarLists() async throws {
        try await compare(format: "gnu", withLongNames: true)
    }

    @Test func readsPAXFormatLikeGNUTarLists() async throws {
        try await compare(format: "pax", withLongNames: true)
    }

    @Test func readsUSTARFormatLikeGNUTarLists() async throws {
        try await compare(format: "ustar", withLongNames: false)
    }

    @Test func readsV7FormatLikeGNUTarLists() async throws {
        try await compare(format: "v7", withLongNames: false, withFifo: false)
    }

    @Test func contentMatchesTheFiles() async throws {
        _ = try makeTree(withLongNames: true)
        let archive = temp.file("archive.tar")
        try await gnuTar(["--format=pax", "-cf", archive, "-C", tree, "big.bin", "short.txt"])
        var reader = TarReader(try FileSource(path: archive))
        var seen = 0
        while let entry = try reader.next() {
            var sink = DigestingSink(BufferSink())
            try reader.readContent(into: &sink)
            let expected = try Data(contentsOf: URL(fileURLWithPath: tree + "/" + entry.path.description))
            #expect(sink.digest == Digest.sha256(of: Array(expected)))
            #expect(sink.count == entry.size)
            seen += 1
        }
        #expect(seen == 2)
    }

    @Test func readsPAXSubsecondTimesAndXattrs() async throws {
        try temp.write("x/file", "x")
        var times = [
            timespec(tv_sec: 1_600_000_000, tv_nsec: 123_456_789),
            timespec(tv_sec: 1_600_000_000, tv_nsec: 123_456_789),
        ]
        utimensat(AT_FDCWD, temp.file("x/file"), &times, 0)
        let archive = temp.file("archive.tar")
        try await gnuTar([
            "--format=pax", "--pax-option=mtime:=1600000000.123456789", "-cf", archive, "-C", temp.file("x"), "file",
        ])
        let entry = try #require(try ourEntries(archive).first)
        #expect(entry.modificationTime == TarTime(seconds: 1_600_000_000, nanoseconds: 123_456_789))
    }
}
