import Archive
import OCI
import Testing

@testable import Builder

/// The numbers the docker CLI and moby's classic builder compute from a build context, checked
/// against moby's own test values and Go's tar layout.
@Suite struct DockerContextSumsTests {
    static func entry(_ path: String, _ kind: SourceEntry.Kind, mode: UInt32 = 0o644, size: Int64 = 0) -> SourceEntry {
        SourceEntry(
            path: path, kind: kind, mode: mode, uid: 1000, gid: 1000, size: size,
            modificationTime: TarTime(seconds: 1_700_000_000), linkTarget: kind == .symlink ? "target" : nil)
    }

    /// moby's `TestHashFile` (builder/remotecontext/tarsum_test.go): a file `test`, mode 0755,
    /// holding `contents test`.
    @Test func aFilesSumIsMobysTarsum() {
        let file = Self.entry("test", .regular, mode: 0o755, size: 13)
        #expect(
            ClassicSourceHash.entrySum(file, contents: Array("contents test".utf8))
                == "1149ab94af7be6cc1da1335e398f24ee1cf4926b720044d229969dfc248ae7ec")
    }

    @Test func aFolderSumsItsSortedEntrySumsAndSeveralSourcesAreMulti() {
        let folder = ClassicSourceHash.sourceHash([
            (Self.entry("d", .directory, mode: 0o755), "bb"), (Self.entry("d/f", .regular), "aa"),
        ])
        #expect(folder == "dir:" + Digest.sha256(of: Array("aa,bb".utf8)).encoded)
        #expect(ClassicSourceHash.combined(["file:1"]) == "file:1")
        #expect(ClassicSourceHash.combined(["file:1", folder]).hasPrefix("multi:"))
    }

    @Test func theContextStreamIsHeadersPaddedContentAndTwoZeroBlocks() {
        // A 30-byte Dockerfile alone: the docker CLI prints 2.048kB.
        #expect(
            ContextTarSize.bytes(of: [Self.entry("", .directory), Self.entry("Dockerfile", .regular, size: 30)]) == 2048
        )
        // A folder and a 513-byte file in it: 512 + (512 + 1024) + 1024.
        #expect(
            ContextTarSize.bytes(of: [Self.entry("site", .directory), Self.entry("site/a", .regular, size: 513)])
                == 3072)
    }

    @Test func aNameUSTARCannotHoldGetsAPAXHeader() {
        let splittable = String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 90)
        #expect(ContextTarSize.fitsUSTAR(splittable))
        #expect(ContextTarSize.bytes(of: Self.entry(splittable, .regular, size: 1)) == 1024)
        let unsplittable = String(repeating: "f", count: 120)
        #expect(!ContextTarSize.fitsUSTAR(unsplittable))
        #expect(ContextTarSize.bytes(of: Self.entry(unsplittable, .regular, size: 1)) == 2048)
        #expect(!ContextTarSize.fitsUSTAR("café"))
        // "<length> path=<name>\n", the length counting its own digits.
        #expect(ContextTarSize.paxLength([("path", unsplittable)]) == 130)
    }
}
