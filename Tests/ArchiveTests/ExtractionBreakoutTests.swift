import Archive
import Foundation
import LayerlabTestSupport
import Testing

/// Hostile layers in the style of containerd's `TestBreakouts` (archive/tar_test.go): each
/// builds an archive, applies it, and checks that nothing appeared outside the root and that the
/// documented error (or clamping) happened (RELIABILITY R-X1, R-X2, R-F2).
@Suite struct ExtractionBreakoutTests {
    struct Breakout: Sendable, CustomTestStringConvertible {
        var name: String
        var entries: @Sendable (_ outside: String) -> [TarFixtureEntry]
        /// `nil` when the archive applies cleanly (the name is clamped inside the root).
        var code: ArchiveError.Code?
        /// Bytes no writer of ours would make (a GNU long-name header), instead of `entries`.
        var raw: (@Sendable (_ outside: String) -> [UInt8])? = nil
        var testDescription: String { name }
    }

    /// A header block of `typeflag` carrying `data` as its content, padded to whole blocks.
    static func block(_ name: String, typeflag: Character, data: [UInt8]) -> [UInt8] {
        let size = String(data.count, radix: 8)
        let header = rawTarHeader(
            name: Array(name.utf8), size: Array((String(repeating: "0", count: 11 - size.count) + size).utf8),
            typeflag: UInt8(ascii: typeflag.unicodeScalars.first ?? "0"))
        return header + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// A PAX record: its length counts itself.
    static func paxRecord(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length += 1 }
        return "\(length)\(body)"
    }

    static let end = [UInt8](repeating: 0, count: 1024)

    static let breakouts: [Breakout] = [
        Breakout(name: "parent escape", entries: { _ in [.file("../evil", "x")] }, code: .nameNotLocal),
        Breakout(name: "deep parent escape", entries: { _ in [.file("a/../../evil", "x")] }, code: .nameNotLocal),
        Breakout(name: "absolute path is clamped", entries: { _ in [.file("/abs", "x")] }, code: nil),
        Breakout(
            name: "symlink to outside then a file through it",
            entries: { outside in [.symlink("link", to: outside), .file("link/file", "x")] }, code: .nameNotLocal),
        Breakout(
            name: "symlink to parent then a file through it",
            entries: { _ in [.symlink("a", to: ".."), .file("a/x", "x")] }, code: .nameNotLocal),
        Breakout(
            name: "relative symlink climbing out then a directory through it",
            entries: { _ in [.directory("d"), .symlink("d/up", to: "../../.."), .directory("d/up/escaped")] },
            code: .nameNotLocal),
        Breakout(
            name: "hardlink to a host file", entries: { _ in [.hardlink("passwd", to: "../../etc/passwd")] },
            code: .nameNotLocal),
        Breakout(
            name: "hardlink to an absolute host file", entries: { _ in [.hardlink("passwd", to: "/etc/passwd")] },
            code: .badLink),
        Breakout(
            name: "symlink replaced by a file does not write through it",
            entries: { outside in [.symlink("s", to: outside + "/victim"), .file("s", "x")] }, code: nil),
        Breakout(
            name: "hardlink through a symlinked parent",
            entries: { outside in [.symlink("l", to: outside), .hardlink("h", to: "l/victim")] }, code: .badLink),
        Breakout(
            name: "root replaced by a symlink", entries: { outside in [.symlink(".", to: outside)] },
            code: .nameNotLocal),
        // The effective name is the long one (R-X1): a PAX `path` or a GNU `L` header that climbs
        // out is refused like a short one.
        Breakout(
            name: "PAX path that climbs out", entries: { _ in [] }, code: .nameNotLocal,
            raw: { _ in
                block("PaxHeaders/x", typeflag: "x", data: Array(paxRecord("path", "../pax-escape").utf8))
                    + rawTarHeader(name: Array("innocent".utf8)) + end
            }),
        Breakout(
            name: "GNU long name that climbs out", entries: { _ in [] }, code: .nameNotLocal,
            raw: { _ in
                block("././@LongLink", typeflag: "L", data: Array("../../gnu-escape\0".utf8))
                    + rawTarHeader(name: Array("innocent".utf8)) + end
            }),
        Breakout(
            name: "PAX linkpath to outside then a file through it",
            entries: { outside in
                [.symlink("long", to: outside + "/" + String(repeating: "t", count: 120)), .file("long/x", "x")]
            }, code: .nameNotLocal),
    ]

    @Test(arguments: breakouts)
    func extractionNeverWritesOutsideTheRoot(_ breakout: Breakout) throws {
        let temp = TemporaryDirectory("breakout")
        let root = temp.file("a/b/root")
        let outside = temp.file("outside")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("victim".utf8).write(to: URL(fileURLWithPath: outside + "/victim"))
        let before = listTree(temp.path).filter { !$0.hasPrefix("a/b/root") }

        var reader = TarReader(BufferSource(try breakout.raw?(outside) ?? makeTar(breakout.entries(outside))))
        do {
            _ = try LayerExtractor(root: root).apply(&reader)
            #expect(breakout.code == nil, "expected \(String(describing: breakout.code)) but the layer applied")
        } catch let error as ArchiveError {
            #expect(error.code == breakout.code, "\(error)")
        }

        let after = listTree(temp.path).filter { !$0.hasPrefix("a/b/root") }
        #expect(after == before)
        #expect(FileManager.default.contents(atPath: outside + "/victim") == Data("victim".utf8))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func absoluteNamesLandInsideTheRoot() throws {
        let temp = TemporaryDirectory("breakout")
        var reader = TarReader(BufferSource(try makeTar([.file("/abs/x", "inside")])))
        _ = try LayerExtractor(root: temp.path).apply(&reader)
        #expect(FileManager.default.contents(atPath: temp.file("abs/x")) == Data("inside".utf8))
    }
}
