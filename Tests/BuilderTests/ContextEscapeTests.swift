import Archive
import Builder
import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import Trace
import UnionFS

/// A build never reads outside its context (R-B2): symlinks in the context, and in a stage's files
/// for `COPY --from`, resolve inside it as Docker's builders resolve them (moby's
/// `FollowSymlinkInScope`, BuildKit's `fs.RootPath`). Each case plants a canary file beside the
/// context and checks that the build neither read it nor put its bytes anywhere in the store.
@Suite struct ContextEscapeTests {
    /// What Docker does with the same context and Dockerfile.
    enum Outcome: Sendable, CustomStringConvertible {
        /// The build fails: the path resolves to nothing inside the context.
        case notFound
        /// The build fails: the links loop.
        case loops
        /// The build succeeds and the image's file at `path` is a regular file with `text`.
        case file(path: String, text: String)
        /// The build succeeds and the image's `path` is a symlink to `target`, copied as a link.
        case link(path: String, target: String)

        var description: String {
            switch self {
            case .notFound: "not found"
            case .loops: "too many links"
            case .file(let path, let text): "\(path) holds \(text.debugDescription)"
            case .link(let path, let target): "\(path) -> \(target)"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Links of the context: path → target, where `HOST` stands for the canary's folder.
        var links: [String: String]
        var dockerfile: String
        var docker: Outcome
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "an absolute link out of the context is re-rooted at the context",
            links: ["link": "HOST"], dockerfile: "COPY link/secret /stolen", docker: .notFound),
        Case(
            name: "a relative link out stops at the context root",
            links: ["link": "../host"], dockerfile: "COPY link/secret /stolen", docker: .notFound),
        Case(
            name: "a link in the middle of a path resolves inside",
            links: ["sub/up": "../data"], dockerfile: "COPY sub/up/inside.txt /copied",
            docker: .file(
                path: "/copied", text: "inside\n")),
        Case(
            name: "a link to / is the context's own root",
            links: ["root": "/"], dockerfile: "COPY root/data/inside.txt /copied",
            docker: .file(path: "/copied", text: "inside\n")),
        Case(
            name: "a link to / does not reach the host's files",
            links: ["root": "/"], dockerfile: "COPY root/HOST/secret /stolen", docker: .notFound),
        Case(
            name: "a chain of links out is re-rooted at every step",
            links: ["a": "b", "b": "c", "c": "HOST/secret"], dockerfile: "COPY a /stolen", docker: .notFound),
        Case(
            name: "a chain of links inside is followed",
            links: ["a": "b", "b": "./data/../data/inside.txt"], dockerfile: "COPY a /copied",
            docker: .file(path: "/copied", text: "inside\n")),
        Case(
            name: "a loop of links ends with an error",
            links: ["loop1": "loop2", "loop2": "/loop1"], dockerfile: "COPY loop1 /x", docker: .loops),
        Case(
            name: "a link named as the source is followed, and copied under its own name",
            links: ["alias.txt": "data/inside.txt"], dockerfile: "COPY alias.txt /dst/",
            docker: .file(path: "/dst/alias.txt", text: "inside\n")),
        Case(
            name: "a link named as the source that points out is not found",
            links: ["leak": "HOST/secret"], dockerfile: "COPY leak /stolen", docker: .notFound),
        Case(
            name: "a wildcard that matches a link out fails",
            links: ["leak": "HOST/secret"], dockerfile: "COPY lea* /w/", docker: .notFound),
        Case(
            name: "a link inside a copied folder stays a link and is not read",
            links: ["data/out": "HOST/secret"], dockerfile: "COPY data /d",
            docker: .link(path: "/d/out", target: "HOST/secret")),
        Case(
            name: "a link to a folder that .dockerignore leaves out is not followed",
            links: ["open": "private"], dockerfile: "COPY open/key /k", docker: .notFound),
        Case(
            name: "a .dockerignore that links out is not read",
            links: [".dockerignore": "HOST/secret"], dockerfile: "COPY data/inside.txt /copied",
            docker: .file(path: "/copied", text: "inside\n")),
    ]

    @Test(arguments: cases, BuilderKind.allCases)
    func aContextLinkResolvesInsideTheContext(_ scenario: Case, builder: BuilderKind) throws {
        let fixture = try BuildFixture()
        let canary = try Canary(in: fixture.folder)
        try fixture.write("data/inside.txt", "inside\n")
        try fixture.write("private/key", "private\n")
        if !scenario.links.keys.contains(".dockerignore") { try fixture.write(".dockerignore", "private\n") }
        for (path, target) in scenario.links {
            let full = fixture.contextFolder + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: full, withDestinationPath: target.replacingOccurrences(of: "HOST", with: canary.folder))
        }
        let dockerfile = "FROM base:1\n" + scenario.dockerfile.replacingOccurrences(of: "HOST", with: canary.folder)
        let outcome: Result<BuildResult, any Error> = Result { try fixture.build(dockerfile, builder: builder) }

        switch (scenario.docker, outcome) {
        case (.notFound, .failure(let error)):
            #expect((error as? BuildError)?.code == .missingSource, "\(error)")
        case (.loops, .failure(let error)):
            #expect((error as? BuildError)?.code == .invalidContext, "\(error)")
            #expect("\(error)".contains("too many symbolic links"))
        case (.file(let path, let text), .success(let result)):
            let entry = try Self.entry(path, in: result.image, fixture: fixture)
            #expect(entry?.kind == .regular)
            #expect(try fixture.text(path, in: result.image) == text)
        case (.link(let path, let target), .success(let result)):
            let entry = try Self.entry(path, in: result.image, fixture: fixture)
            #expect(entry?.kind == .symlink)
            #expect(entry?.linkTarget?.description == target.replacingOccurrences(of: "HOST", with: canary.folder))
        default:
            Issue.record("Docker: \(scenario.docker); layerlab: \(outcome)")
        }
        try canary.expectUntouched(store: fixture.store.layout.root)
    }

    @Test(arguments: BuilderKind.allCases)
    func copyFromAStageResolvesItsLinksInsideThatStage(builder: BuilderKind) throws {
        let fixture = try BuildFixture()
        let dockerfile = """
            FROM base:1 AS files
            RUN ln -s /etc /data && ln -s ../../../../etc /up && ln -s data/passwd /alias
            FROM base:1
            COPY --from=files /data/passwd /passwd
            COPY --from=files /up/group /group
            COPY --from=files /alias /alias
            """
        let result = try fixture.build(dockerfile, builder: builder)
        let passwd = try fixture.text("/etc/passwd", in: result.image)
        #expect(passwd?.hasPrefix("root:x:0:0") == true)
        #expect(try fixture.text("/passwd", in: result.image) == passwd, "/data -> /etc is the stage's own /etc")
        #expect(try fixture.text("/group", in: result.image) == "root:x:0:\napp:x:1000:\n", "`..` stops at its root")
        #expect(try Self.entry("/alias", in: result.image, fixture: fixture)?.kind == .regular)
        #expect(try fixture.text("/alias", in: result.image) == passwd)
    }

    @Test func importOfAFolderKeepsLinksOutAsLinks() throws {
        let fixture = try BuildFixture()
        let canary = try Canary(in: fixture.folder)
        let tree = fixture.folder.file("tree")
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tree + "/leak", withDestinationPath: canary.file)
        try FileManager.default.createSymbolicLink(atPath: tree + "/folder", withDestinationPath: canary.folder)
        let image = try fixture.store.importImage(from: .folder(tree), repository: "tree:1")
        let view = UnionView(layers: try fixture.store.image(image.description).layers, layout: fixture.store.layout)
        #expect(try view.lookup("leak")?.linkTarget?.description == canary.file)
        #expect(try view.lookup("folder")?.kind == .symlink)
        #expect(try view.lookup("folder/secret") == nil)
        try canary.expectUntouched(store: fixture.store.layout.root)
    }

    private static func entry(_ path: String, in image: Digest, fixture: BuildFixture) throws -> MergedEntry? {
        let record = try fixture.store.image(image.description)
        return try UnionView(layers: record.layers, layout: fixture.store.layout).lookup(path)
    }
}

/// A file beside the build context whose bytes must never be read: its access time is set back
/// before its modification time, so that any read moves it under the default `relatime`.
struct Canary {
    let folder: String
    let file: String
    let secret = "canary-\(UUID().uuidString)"
    private let accessTime: timespec

    init(in temporary: TemporaryDirectory) throws {
        folder = temporary.file("host")
        file = folder + "/secret"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(secret.utf8).write(to: URL(fileURLWithPath: file))
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 2_000_000_000, tv_nsec: 0)]
        guard utimensat(AT_FDCWD, file, &times, 0) == 0 else {
            throw SystemCallError(call: "utimensat", path: file, errno: errno)
        }
        accessTime = times[0]
    }

    /// Its content and access time are as they were, and no file of the store (decompressed
    /// where it is gzip) holds its bytes.
    func expectUntouched(store root: String) throws {
        var info = stat()
        #expect(stat(file, &info) == 0)
        #expect(info.st_atim.tv_sec == accessTime.tv_sec, "the canary was read")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == secret)
        let needle = Array(secret.utf8)
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        for name in files {
            let path = root + "/" + name
            var kind = stat()
            guard lstat(path, &kind) == 0, kind.st_mode & S_IFMT == S_IFREG else { continue }
            var file = try FileSource(path: path)
            var bytes = try file.readAll(limit: 64 << 20)
            if try Compression.detect(prefix: Array(bytes.prefix(Compression.sniffLength))) == .gzip {
                var gzip = try GzipDecompressingSource(BufferSource(bytes))
                bytes = try gzip.readAll(limit: 64 << 20)
            }
            #expect(!Self.contains(bytes, needle), "the canary's bytes are in \(name)")
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
