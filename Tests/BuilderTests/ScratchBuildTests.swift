import Builder
import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import Trace

/// `FROM scratch`: an image with only what the Dockerfile puts in it.
struct ScratchBuildTests {
    static let dockerfile = """
        FROM base:1 AS build
        RUN mkdir -p /out && echo app > /out/app
        FROM scratch
        COPY --from=build /out/app /app
        CMD ["/app"]
        """

    @Test(arguments: BuilderKind.allCases)
    func aScratchImageHoldsOnlyWhatTheStepsAdd(builder: BuilderKind) throws {
        let fixture = try BuildFixture()
        let result = try fixture.build(Self.dockerfile, tags: ["tiny:v1"], builder: builder)
        let record = try fixture.store.image("tiny:v1")
        #expect(record.layers.count == 1)
        #expect(try fixture.text("/app", in: result.image) == "app\n")
        #expect(try fixture.text("/etc/passwd", in: result.image) == nil)
        #expect(record.config.history?.count == 2)
        var oldest = record
        while let parent = oldest.parent { oldest = try fixture.store.image(parent.description) }
        #expect(oldest.layers.count == 1, "the chain starts at the COPY step: scratch is no parent")
        #expect(try fixture.store.images().allSatisfy { !$0.layers.isEmpty }, "the empty stand-in is gone")
        #expect(try fixture.store.containers.list().isEmpty)
    }

    @Test func aSecondClassicBuildOnScratchMakesTheSameImage() throws {
        let fixture = try BuildFixture()
        let first = try fixture.build(Self.dockerfile)
        let start = fixture.sink.records.count
        let second = try fixture.build()
        #expect(second.image == first.image)
        #expect(fixture.stepResults(since: start).last?.cache == .hit, "the steps after the first on scratch hit")
    }

    @Test func runOnScratchFailsForWantOfAShell() throws {
        let fixture = try BuildFixture()
        do {
            try fixture.build("FROM scratch\nRUN echo hi\n")
            Issue.record("a RUN on scratch ran")
        } catch {
            #expect((error as? BuildError)?.code == .commandFailed)
            #expect((error as? BuildError)?.message.hasSuffix("returned a non-zero code: 127") == true)
        }
    }
}
