import Archive
import LayerlabTestSupport
import Testing
import UnionFS

/// `UnionView.pathInScope`: links followed as if the view's root were `/` (moby's
/// `FollowSymlinkInScope`), for the paths a builder writes to.
@Suite struct PathInScopeTests {
    let folders = LayerFolders("scope")

    func view() throws -> UnionView {
        UnionView(
            layers: try folders.make([
                [
                    .directory("srv/app"), .symlink("app", to: "/srv/app"), .symlink("up", to: "../../../../etc"),
                    .symlink("rel", to: "srv/../srv/app"), .symlink("loop", to: "loop"),
                    .symlink("gone", to: "/not/here"),
                ],
                [.symlink("srv/app/inner", to: "../../app")],
            ]))
    }

    @Test(arguments: [
        ("app", "srv/app"), ("app/new/file", "srv/app/new/file"), ("/up/passwd", "etc/passwd"),
        ("rel/x", "srv/app/x"), ("gone/sub", "not/here/sub"), ("srv/app/inner/inner/x", "srv/app/x"),
        ("srv/../../app", "srv/app"), ("plain/path", "plain/path"),
    ])
    func linksAreFollowedInsideTheRoot(path: String, expected: String) throws {
        #expect(try view().pathInScope(ArchivePath(path)) == ArchivePath(expected))
    }

    @Test func aLoopIsAnErrorNotAHang() throws {
        #expect {
            _ = try view().pathInScope("loop/x")
        } throws: { error in
            "\(error)".contains("more than 40 symbolic links")
        }
    }
}
