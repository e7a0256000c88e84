import Archive
import Foundation
import Glibc
import LayerlabTestSupport
import Testing
import Trace
import UnionFS

/// One stack of layers and the merged tree it must give.
struct MergeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var layers: [[TarFixtureEntry]]
    /// ``sketch(_:)`` of every entry of ``UnionView/walk()``, in walk order.
    var merged: [String]

    var testDescription: String { name }
}

@Suite struct UnionViewTests {
    let folders = LayerFolders("unionview")

    static let cases: [MergeCase] = [
        MergeCase(
            name: "an upper file hides the lower one",
            layers: [[.file("x", "old")], [.file("x", "new")]],
            merged: ["x@1"]),
        MergeCase(
            name: "a whiteout deletes a lower file",
            layers: [[.file("x"), .file("y")], [.whiteout("x")]],
            merged: ["y@0"]),
        MergeCase(
            name: "a whiteout does not delete its own layer's entry",
            layers: [[.file("x", "0")], [.file("x", "1"), .whiteout("x")]],
            merged: ["x@1"]),
        MergeCase(
            name: "a whiteout of a directory hides its whole subtree",
            layers: [[.directory("d"), .file("d/a"), .file("d/e/b")], [.whiteout("d")]],
            merged: []),
        MergeCase(
            name: "an opaque directory hides lower entries and keeps its own",
            layers: [[.file("d/a"), .file("d/b")], [.directory("d"), .opaque("d"), .file("d/c")]],
            merged: ["d/@1", "d/c@1"]),
        MergeCase(
            name: "directories of several layers merge",
            layers: [[.file("d/a")], [.file("d/b")], [.file("d/c")]],
            merged: ["d/@2", "d/a@0", "d/b@1", "d/c@2"]),
        MergeCase(
            name: "a file replacing a directory hides the lower subtree",
            layers: [[.file("d/a"), .file("d/e/f")], [.file("d", "now a file")]],
            merged: ["d@1"]),
        MergeCase(
            name: "a directory over a lower file starts empty",
            layers: [[.file("d/old")], [.file("d", "file")], [.file("d/new")]],
            merged: ["d/@2", "d/new@2"]),
        MergeCase(
            name: "a symlink is an entry and is not followed",
            layers: [[.file("real/f")], [.symlink("link", to: "real")]],
            merged: ["link -> real@1", "real/@0", "real/f@0"]),
        MergeCase(
            name: "a symlink over a lower directory hides it",
            layers: [[.file("d/f")], [.symlink("d", to: "/etc")]],
            merged: ["d -> /etc@1"]),
        MergeCase(
            name: "a name deleted in a middle layer can come back",
            layers: [[.file("x", "a")], [.whiteout("x")], [.file("x", "c")]],
            merged: ["x@2"]),
        MergeCase(
            name: "an opaque directory in a middle layer still merges with upper layers",
            layers: [[.file("d/a")], [.opaque("d"), .file("d/b")], [.file("d/c")]],
            merged: ["d/@2", "d/b@1", "d/c@2"]),
        MergeCase(
            name: "a directory next to its own whiteout is opaque",
            layers: [[.file("d/a")], [.whiteout("d"), .file("d/b")]],
            merged: ["d/@1", "d/b@1"]),
        MergeCase(
            name: "a directory deleted below and made again above starts empty",
            layers: [[.file("d/a")], [.whiteout("d")], [.file("d/b")]],
            merged: ["d/@2", "d/b@2"]),
        MergeCase(
            name: "a whiteout inside a merged directory hides one name",
            layers: [[.file("d/a"), .file("d/b")], [.whiteout("d/a")], [.file("d/c")]],
            merged: ["d/@2", "d/b@0", "d/c@2"]),
        MergeCase(
            name: "a whiteout of a name no layer has changes nothing",
            layers: [[.file("x")], [.whiteout("ghost"), .whiteout("d/ghost")]],
            merged: ["d/@1", "x@0"]),
        MergeCase(
            name: "walk order is depth first with names sorted by bytes",
            layers: [[.file("a/b"), .file("a-c"), .file("B")]],
            merged: ["B@0", "a/@0", "a/b@0", "a-c@0"]),
        MergeCase(
            name: "an opaque root hides all lower layers",
            layers: [[.file("x")], [.opaque(""), .file("y")]],
            merged: ["y@1"]),
    ]

    @Test(arguments: cases)
    func mergedTreeFollowsWhiteoutAndOpaqueRules(_ merge: MergeCase) throws {
        let view = UnionView(layers: try folders.make(merge.layers))
        #expect(try view.walk().map(sketch) == merge.merged)
    }

    @Test(arguments: cases)
    func lookupAndListAgreeWithTheWalk(_ merge: MergeCase) throws {
        let view = UnionView(layers: try folders.make(merge.layers))
        let walked = try view.walk()
        for entry in walked {
            #expect(try view.lookup(entry.path) == entry)
            if entry.kind == .directory {
                let children = walked.filter { $0.path.parent == entry.path }
                #expect(try view.list(entry.path) == children)
            }
        }
        #expect(try view.list("") == walked.filter { $0.path.parent.isRoot })
    }

    @Test func lookupReportsTheServingLayerAndMetadata() throws {
        var file = TarFixtureEntry.file("etc/passwd", "root:x:0:0\n", mode: 0o640).owned(33, 44)
        file.entry.modificationTime = TarTime(seconds: 1_600_000_000)
        let view = UnionView(layers: try folders.make([[.file("etc/hosts")], [file]]))
        let entry = try #require(try view.lookup("/etc/passwd"))
        #expect(entry.layer == 1)
        #expect(entry.kind == .regular)
        #expect(entry.mode == 0o640)
        #expect(entry.size == 11)
        #expect(entry.modificationTime == TarTime(seconds: 1_600_000_000))
        if TestEnvironment.isRoot {
            #expect(entry.uid == 33)
            #expect(entry.gid == 44)
        }
        #expect(try view.contents(of: entry) == Array("root:x:0:0\n".utf8))
        #expect(try view.lookup("etc/hosts")?.layer == 0)
        #expect(try view.lookup("etc")?.layer == 1)
        #expect(try view.lookup("")?.kind == .directory)
    }

    @Test func aPathThroughASymlinkIsNotFound() throws {
        let view = UnionView(layers: try folders.make([[.file("real/f")], [.symlink("link", to: "real")]]))
        #expect(try view.lookup("link/f") == nil)
        #expect(try view.lookup("real/f/g") == nil)
        #expect(throws: UnionError.self) { try view.list("link") }
        do {
            _ = try view.list("link")
        } catch {
            #expect((error as? UnionError)?.code == .notADirectory)
        }
    }

    @Test func aLowerSymlinkInTheParentIsNotResolvedEvenWhenTheUpperLayerHasTheTarget() throws {
        // Layer 0 makes `a` a symlink; layer 1's `real/x` must not be reachable as `a/x`.
        let view = UnionView(layers: try folders.make([[.symlink("a", to: "real")], [.file("real/x")]]))
        #expect(try view.lookup("a/x") == nil)
        #expect(try view.lookup("real/x")?.layer == 1)
    }

    @Test func whiteoutNamesNeverShowAndCannotBeLookedUp() throws {
        let view = UnionView(layers: try folders.make([[.file("x")], [.whiteout("x"), .opaque("d")]]))
        #expect(try view.lookup(".wh.x") == nil)
        #expect(try view.lookup("d/.wh..wh..opq") == nil)
        #expect(try view.list("d").isEmpty)
    }

    @Test func pathsLeavingTheRootAreRefused() throws {
        let view = UnionView(layers: try folders.make([[.file("x")]]))
        #expect(throws: UnionError.self) { try view.lookup("../x") }
        #expect(try view.lookup("a/../x")?.layer == 0)
    }

    @Test func listingAMissingDirectoryIsNotFound() throws {
        let view = UnionView(layers: try folders.make([[.file("x")], [.whiteout("d")]]))
        do {
            _ = try view.list("d")
            Issue.record("listing a missing directory succeeded")
        } catch {
            #expect((error as? UnionError)?.code == .notFound)
        }
    }

    @Test func hardLinksShareAnInodeInsideTheirLayer() throws {
        let view = UnionView(layers: try folders.make([[.file("f", "data"), .hardlink("h", to: "f")]]))
        let file = try #require(try view.lookup("f"))
        let link = try #require(try view.lookup("h"))
        #expect(file.inode == link.inode)
        #expect(file.linkCount == 2)
        #expect(try view.contents(of: link) == Array("data".utf8))
    }

    @Test func tracedLookupsNameTheServingLayerAndTheWhiteout() throws {
        let sink = RecordingSink()
        let recorder = TraceRecorder(sinks: [sink])
        let paths = try folders.make([[.file("x"), .file("y")], [.whiteout("x")], [.file("z")]])
        try recorder.operation("lookup") { operation in
            let view = UnionView(layers: paths, trace: operation, tracesLookups: true)
            _ = try view.lookup("y")
            _ = try view.lookup("x")
            _ = try view.walk()
        }
        let union = sink.events.filter {
            switch $0 {
            case .unionLookup, .whiteoutApplied: true
            default: false
            }
        }
        #expect(
            union == [
                .unionLookup(path: "y", layer: 0),
                .whiteoutApplied(path: "x", layer: 1, opaque: false),
                .unionLookup(path: "x", layer: nil),
            ])
    }

    @Test func untracedViewsEmitNothing() throws {
        let sink = RecordingSink()
        let recorder = TraceRecorder(sinks: [sink])
        let paths = try folders.make([[.file("x")], [.whiteout("x")]])
        try recorder.operation("lookup") { operation in
            _ = try UnionView(layers: paths, trace: operation).lookup("x")
        }
        #expect(sink.events.count == 2)
    }

    @Test func walkingA2000DeepTreeNeedsNoRecursion() async throws {
        let paths = try folders.make([[], []])
        defer { for path in paths { _ = try? runTool("rm", ["-rf", path]) } }
        try makeDeepChain(in: paths[0], depth: 2000, leaf: "bottom")
        try makeDeepChain(in: paths[1], depth: 2000, leaf: "top")
        let entries = try UnionView(layers: paths).walk()
        #expect(entries.count == 2002)
        let deep = (0..<2000).map { _ in "d" }.joined(separator: "/")
        #expect(entries.last.map(sketch) == deep + "/top@1")
    }

    /// `d/d/…/d/leaf`, made with `mkdirat`/`openat` one level at a time (no path is ever
    /// resolved whole, so the depth costs nothing).
    private func makeDeepChain(in root: String, depth: Int, leaf: String) throws {
        var current = open(root, O_RDONLY | O_DIRECTORY)
        for _ in 0..<depth {
            try #require(mkdirat(current, "d", 0o755) == 0)
            let next = openat(current, "d", O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            close(current)
            current = next
        }
        let file = openat(current, leaf, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        close(file)
        close(current)
    }

    @Test func anEmptyStackHasNoEntries() throws {
        #expect(try UnionView(layers: []).walk().isEmpty)
        #expect(try UnionView(layers: []).lookup("x") == nil)
    }
}
