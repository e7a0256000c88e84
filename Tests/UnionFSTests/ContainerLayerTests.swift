import Archive
import Foundation
import Glibc
import LayerlabTestSupport
import Testing
import Trace
import UnionFS

@Suite struct ContainerLayerTests {
    let folders = LayerFolders("container")
    let time = TarTime(seconds: 1_700_000_000)

    /// An image of two layers: `/etc` (0750, owner 33:44) with `hosts` and `passwd`, `/bin/sh`,
    /// `/var/log/old.log`, and a second layer replacing `/etc/hosts`.
    func image() throws -> (lower: [String], container: ContainerLayer) {
        var etc = TarFixtureEntry.directory("etc", mode: 0o750).owned(33, 44)
        etc.entry.modificationTime = TarTime(seconds: 1_000)
        let lower = try folders.make([
            [
                etc, .file("etc/passwd", "root:x:0:0\n", mode: 0o600), .file("etc/hosts", "old"),
                .file("bin/sh", "#!", mode: 0o755), .file("var/log/old.log", "log"),
            ],
            [etc, .file("etc/hosts", "127.0.0.1 localhost\n")],
        ])
        let container = ContainerLayer(
            lower: UnionView(layers: lower), upper: try folders.emptyFolder("upper"), modificationTime: time)
        return (lower, container)
    }

    func upperListing(_ container: ContainerLayer) -> [String] { listTree(container.upper) }

    @Test func firstWriteCopiesTheFileAndItsParentsUp() throws {
        let (_, container) = try image()
        try container.append("etc/passwd", contents: Array("app:x:1000:1000\n".utf8))
        #expect(upperListing(container) == ["etc", "etc/passwd"])
        let merged = try #require(try container.merged.lookup("etc/passwd"))
        #expect(merged.layer == 2)
        #expect(try container.merged.contents(of: merged) == Array("root:x:0:0\napp:x:1000:1000\n".utf8))
        #expect(merged.mode == 0o600)
        #expect(merged.modificationTime == time)
        let etc = try #require(try container.merged.lookup("etc"))
        #expect(etc.layer == 2)
        #expect(etc.mode == 0o750)
        #expect(etc.modificationTime == TarTime(seconds: 1_000))
        if TestEnvironment.isRoot {
            #expect(etc.uid == 33)
            #expect(etc.gid == 44)
        }
    }

    @Test func copyUpLeavesTheLowerLayersUntouched() throws {
        let (lower, container) = try image()
        let before = lower.map { FolderSnapshot($0, ignoring: []) }
        try container.write("etc/hosts", contents: Array("changed".utf8))
        try container.append("etc/passwd", contents: Array("x".utf8))
        try container.remove("bin/sh")
        try container.removeTree("var")
        try container.mkdir("var")
        try container.write("var/new", contents: [])
        #expect(lower.map { FolderSnapshot($0, ignoring: []) } == before)
        #expect(
            try UnionView(layers: lower).lookup("etc/hosts").map { try UnionView(layers: lower).contents(of: $0) }
                == Array("127.0.0.1 localhost\n".utf8))
    }

    @Test func removingALowerNameWritesAWhiteoutAndAnUpperOnlyNameIsJustRemoved() throws {
        let (_, container) = try image()
        try container.remove("bin/sh")
        try container.write("tmp-file", contents: Array("t".utf8))
        try container.remove("tmp-file")
        #expect(upperListing(container) == ["bin", "bin/.wh.sh"])
        #expect(try container.merged.lookup("bin/sh") == nil)
        #expect(try container.merged.list("bin").isEmpty)
    }

    @Test func removeTreeThenMkdirMakesTheDirectoryOpaque() throws {
        let (_, container) = try image()
        try container.removeTree("var/log")
        #expect(upperListing(container) == ["var", "var/.wh.log"])
        try container.mkdir("var/log", mode: 0o700)
        #expect(upperListing(container) == ["var", "var/log", "var/log/.wh..wh..opq"])
        #expect(try container.merged.list("var/log").isEmpty)
        #expect(try container.merged.lookup("var/log")?.mode == 0o700)
    }

    @Test func writingOverAWhiteoutRemovesTheWhiteout() throws {
        let (_, container) = try image()
        try container.remove("bin/sh")
        try container.write("bin/sh", contents: Array("new".utf8), mode: 0o700)
        #expect(upperListing(container) == ["bin", "bin/sh"])
        #expect(try container.merged.lookup("bin/sh")?.mode == 0o700)
    }

    @Test func refusedChangesSayWhy() throws {
        let (_, container) = try image()
        try container.symlink("link", to: "etc")
        let refusals: [(String, UnionError.Code, () throws -> Void)] = [
            ("write to a directory", .isADirectory, { try container.write("etc", contents: []) }),
            ("write through a symlink", .notADirectory, { try container.write("link/passwd", contents: []) }),
            ("write to a symlink", .notARegularFile, { try container.write("link", contents: []) }),
            ("write in a missing folder", .notFound, { try container.write("nowhere/x", contents: []) }),
            ("mkdir over a file", .alreadyExists, { try container.mkdir("etc/hosts") }),
            ("rmdir of a full directory", .directoryNotEmpty, { try container.remove("etc") }),
            ("remove a missing name", .notFound, { try container.remove("ghost") }),
            ("a whiteout name", .badPath, { try container.write("etc/.wh.hosts", contents: []) }),
            ("the root", .badPath, { try container.removeTree("/") }),
            ("a name outside the root", .badPath, { try container.write("../x", contents: []) }),
        ]
        for (what, code, change) in refusals {
            do {
                try change()
                Issue.record("\(what) was allowed")
            } catch {
                #expect((error as? UnionError)?.code == code, "\(what): \(error)")
            }
        }
    }

    @Test func copyUpAndWhiteoutsAreTraced() throws {
        let sink = RecordingSink()
        let recorder = TraceRecorder(sinks: [sink])
        let (lower, _) = try image()
        let upper = try folders.emptyFolder("traced")
        try recorder.operation("run") { operation in
            let container = ContainerLayer(
                lower: UnionView(layers: lower), upper: upper, modificationTime: time, trace: operation)
            try container.write("etc/hosts", contents: [])
            try container.remove("bin/sh")
            try container.removeTree("var/log")
            try container.mkdir("var/log")
        }
        let union = sink.events.filter {
            switch $0 {
            case .copyUp, .whiteoutWritten: true
            default: false
            }
        }
        #expect(
            union == [
                .copyUp(path: "etc", fromLayer: 1, isDirectory: true),
                .copyUp(path: "etc/hosts", fromLayer: 1),
                .copyUp(path: "bin", fromLayer: 0, isDirectory: true),
                .whiteoutWritten(path: "bin/sh", opaque: false),
                .copyUp(path: "var", fromLayer: 0, isDirectory: true),
                .whiteoutWritten(path: "var/log", opaque: false),
                .whiteoutWritten(path: "var/log", opaque: true),
            ])
    }
}
