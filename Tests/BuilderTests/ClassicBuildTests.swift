import Builder
import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import Trace

/// The classic builder: Docker's legacy builder, as the course describes it.
struct ClassicBuildTests {
    let fixture: BuildFixture

    init() throws {
        fixture = try BuildFixture()
    }

    static let dockerfile = """
        FROM base:1
        ENV APP=/srv/app
        WORKDIR $APP
        COPY site/ ./site/
        RUN echo "served from $APP" > banner.txt
        CMD ["cat", "banner.txt"]
        """

    @Test func everyStepCommitsAnIntermediateImageOnThePreviousOne() throws {
        try fixture.write("site/index.html", "<p>hi</p>\n")
        let base = try fixture.store.image("base:1").id
        let result = try fixture.build(Self.dockerfile, tags: ["site:v1"])
        #expect(result.references.map(\.familiarString) == ["site:v1"])
        var chain: [Digest] = []
        var current: Digest? = result.image
        while let image = current, image != base {
            chain.append(image)
            current = try fixture.store.image(image.description).parent
        }
        #expect(chain.count == 5, "one image per step after FROM, each the parent of the next")
        let record = try fixture.store.image("site:v1")
        let history = try #require(record.config.history).suffix(5).map { $0.createdBy ?? "" }
        #expect(history[0] == "/bin/sh -c #(nop)  ENV APP=/srv/app")
        #expect(history[1] == "/bin/sh -c #(nop) WORKDIR /srv/app")
        #expect(history[2].hasPrefix("/bin/sh -c #(nop) COPY dir:") && history[2].hasSuffix(" in ./site/ "))
        #expect(history[3] == "/bin/sh -c echo \"served from $APP\" > banner.txt")
        #expect(history[4] == "/bin/sh -c #(nop)  CMD [\"cat\" \"banner.txt\"]")
        #expect(record.config.config?.cmd == ["cat", "banner.txt"])
        #expect(record.config.config?.workingDir == "/srv/app")
        #expect(try fixture.text("/srv/app/banner.txt", in: result.image) == "served from /srv/app\n")
        #expect(try fixture.text("/srv/app/site/index.html", in: result.image) == "<p>hi</p>\n")
        #expect(try fixture.store.containers.list().isEmpty, "--rm removes every intermediate container")
        #expect(throws: StoreError.self, "rmi of the base finds dependent children") {
            _ = try fixture.store.remove(base.description, force: true)
        }
    }

    @Test func aContextChangeThatNoStepReadsKeepsTheCacheAndOneThatCopyReadsMissesIt() throws {
        try fixture.write("site/index.html", "<p>hi</p>\n")
        try fixture.write("notes.txt", "not copied\n")
        let first = try fixture.build(Self.dockerfile)
        var start = fixture.sink.records.count
        try fixture.write("notes.txt", "changed, still not copied\n")
        let second = try fixture.build()
        #expect(second.image == first.image)
        #expect(fixture.stepResults(since: start).map(\.cache) == [.notApplicable] + Array(repeating: .hit, count: 5))
        start = fixture.sink.records.count
        try fixture.write("site/index.html", "<p>changed</p>\n")
        let third = try fixture.build()
        #expect(third.image != first.image)
        let caches = fixture.stepResults(since: start).map(\.cache)
        #expect(caches == [.notApplicable, .hit, .hit, .miss, .miss, .miss])
        #expect(fixture.stepResults(since: start)[3].reason == .sourcesChanged)
        #expect(fixture.stepResults(since: start)[4].reason == .newParent, "the RUN after it has a new parent")
    }

    @Test func buildArgsReachRunAndChangeItsCacheKey() throws {
        let dockerfile = "FROM base:1\nARG FLAVOUR=plain\nRUN echo $FLAVOUR > /flavour\n"
        let plain = try fixture.build(dockerfile)
        #expect(try fixture.text("/flavour", in: plain.image) == "plain\n")
        let start = fixture.sink.records.count
        let spicy = try fixture.build { $0.buildArgs = ["FLAVOUR": "spicy", "UNUSED": "x"] }
        #expect(try fixture.text("/flavour", in: spicy.image) == "spicy\n")
        #expect(fixture.stepResults(since: start).last?.cache == .miss)
        #expect(spicy.unusedBuildArgs == ["UNUSED"])
        let history = try fixture.store.image(spicy.image.description).config.history?.last?.createdBy
        #expect(history == "|1 FLAVOUR=spicy /bin/sh -c echo $FLAVOUR > /flavour")
        #expect(
            try fixture.store.image(spicy.image.description).config.config?.env?.contains { $0.hasPrefix("FLAVOUR") }
                != true)
    }

    @Test func theConfigIsWrittenAsDockerWritesIt() throws {
        let result = try fixture.build(
            """
            FROM base:1
            LABEL org.opencontainers.image.description="a demo" tier=web
            EXPOSE 80 8000-8001/udp
            VOLUME ["/data"]
            USER app
            STOPSIGNAL SIGTERM
            HEALTHCHECK --interval=30s --retries=3 CMD cat /etc/passwd
            SHELL ["/bin/sh", "-ec"]
            ENTRYPOINT ["/bin/sh"]
            ONBUILD RUN echo child > /child
            """)
        let config = try #require(try fixture.store.image(result.image.description).config.config)
        #expect(config.labels == ["org.opencontainers.image.description": "a demo", "tier": "web"])
        #expect(config.exposedPorts.map { Set($0.keys) } == ["80/tcp", "8000/udp", "8001/udp"])
        #expect(config.volumes.map { Array($0.keys) } == ["/data"])
        #expect(config.user == "app")
        #expect(config.stopSignal == "SIGTERM")
        #expect(config.healthcheck?.test == ["CMD-SHELL", "cat /etc/passwd"])
        #expect(config.healthcheck?.interval == 30_000_000_000 && config.healthcheck?.retries == 3)
        #expect(config.shell == ["/bin/sh", "-ec"])
        #expect(config.entrypoint == ["/bin/sh"])
        #expect(config.cmd == nil, "an ENTRYPOINT drops the base image's CMD")
        #expect(config.onBuild == ["RUN echo child > /child"])
        try fixture.store.tag(result.image.description, as: "parent:1")
        let child = try fixture.build("FROM parent:1\n")
        #expect(try fixture.text("/child", in: child.image) == "child\n", "the ONBUILD trigger ran")
        #expect(try fixture.store.image(child.image.description).config.config?.onBuild == nil)
    }

    @Test func aRelativeWorkdirResolvesAgainstThePreviousOneAndIsMade() throws {
        let result = try fixture.build("FROM base:1\nWORKDIR /srv\nWORKDIR app/../site/./www\nRUN pwd > here\n")
        #expect(try fixture.store.image(result.image.description).config.config?.workingDir == "/srv/site/www")
        #expect(try fixture.text("/srv/site/www/here", in: result.image) == "/srv/site/www\n")
    }

    @Test func addUnpacksALocalTarArchiveAndRefusesAURLOffline() async throws {
        let tree = fixture.folder.file("tree")
        try FileManager.default.createDirectory(atPath: tree + "/pkg", withIntermediateDirectories: true)
        try "packed\n".write(toFile: tree + "/pkg/file", atomically: false, encoding: .utf8)
        _ = try await runTool("tar", ["-czf", fixture.contextFolder + "/pkg.tar.gz", "-C", tree, "pkg"])
        let result = try fixture.build("FROM base:1\nADD pkg.tar.gz /opt/\nCOPY pkg.tar.gz /kept/\n")
        #expect(try fixture.text("/opt/pkg/file", in: result.image) == "packed\n")
        #expect(try fixture.text("/kept/pkg.tar.gz", in: result.image) != nil, "COPY never unpacks")
        do {
            try fixture.build("FROM base:1\nADD https://example.com/x.tar.gz /x\n")
            Issue.record("a URL was accepted")
        } catch {
            #expect((error as? BuildError)?.code == .unsupported)
        }
    }

    @Test func aFailedRunKeepsItsContainerUnlessForceRm() throws {
        do {
            try fixture.build("FROM base:1\nRUN echo partial > /p && exit 3\n")
            Issue.record("the build succeeded")
        } catch {
            let error = try #require(error as? BuildError)
            #expect(error.code == .commandFailed)
            #expect(error.message == "The command '/bin/sh -c echo partial > /p && exit 3' returned a non-zero code: 3")
        }
        #expect(try fixture.store.containers.list().count == 1)
        #expect(throws: BuildError.self) {
            try fixture.build { $0.forceRemove = true }
        }
        #expect(try fixture.store.containers.list().count == 1, "--force-rm removed the second failed container")
    }

    @Test func theSameDockerfileAndContextGiveTheSameImageIDInAnotherStore() throws {
        try fixture.write("site/index.html", "<p>hi</p>\n")
        let here = try fixture.build(Self.dockerfile)
        let other = try BuildFixture(storeName: "elsewhere")
        try other.write("site/index.html", "<p>hi</p>\n")
        // The files' own times differ; with SOURCE_DATE_EPOCH they do not reach the image.
        try FileManager.default.setAttributes(
            [.modificationDate: Date()], ofItemAtPath: other.contextFolder + "/site/index.html")
        #expect(try other.build(Self.dockerfile).image == here.image)
        #expect(try other.build(Self.dockerfile, builder: .modern).image == fixture.build(builder: .modern).image)
    }
}
