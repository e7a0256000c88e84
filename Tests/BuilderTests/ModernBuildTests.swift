import Builder
import Foundation
import LayerlabTestSupport
import OCI
import Runtime
import Store
import Testing
import Trace

/// The modern builder (as BuildKit builds), multi-stage builds, and both on the kernel.
struct ModernBuildTests {
    static let multiStage = """
        ARG BASE=base:1
        FROM $BASE AS build
        RUN mkdir -p /out && echo built > /out/app
        FROM base:1 AS unused
        RUN apt-get install -y never
        FROM $BASE
        COPY --from=build /out/app /usr/local/bin/app
        CMD ["/usr/local/bin/app"]
        """

    @Test func onlyTheFinalImageStaysAndUnusedStagesAreSkipped() throws {
        let fixture = try BuildFixture()
        let before = try fixture.store.images().count
        let result = try fixture.build(Self.multiStage, tags: ["app:v1"], builder: .modern)
        #expect(try fixture.store.images().count == before + 1, "no intermediate images are kept")
        let record = try fixture.store.image("app:v1")
        #expect(record.parent == nil)
        #expect(try fixture.text("/usr/local/bin/app", in: result.image) == "built\n")
        let history = try #require(record.config.history).map { $0.createdBy ?? "" }
        #expect(history.last == "CMD [\"/usr/local/bin/app\"]")
        #expect(history.dropLast().last == "COPY --from=build /out/app /usr/local/bin/app # buildkit")
        let started = fixture.sink.records.compactMap {
            if case .buildStepStarted(let step) = $0.event { step.instruction } else { nil }
        }
        #expect(!started.contains { $0.contains("apt-get") }, "the unused stage never ran")
        #expect(try fixture.store.containers.list().isEmpty)
    }

    @Test func theClassicBuilderBuildsEveryStageAndTargetStopsEarly() throws {
        let fixture = try BuildFixture()
        do {
            try fixture.build(Self.multiStage)
            Issue.record("the unused stage's apt-get ran")
        } catch {
            #expect((error as? BuildError)?.code == .commandFailed, "the classic builder runs the unused stage too")
        }
        let built = try fixture.build { $0.target = "build" }
        #expect(try fixture.text("/out/app", in: built.image) == "built\n")
        #expect(try fixture.text("/usr/local/bin/app", in: built.image) == nil)
    }

    @Test func aSecondModernBuildUsesTheCacheForTheFinalStage() throws {
        let fixture = try BuildFixture()
        let dockerfile = "FROM base:1\nRUN echo one > /one\nENV X=1\n"
        let first = try fixture.build(dockerfile, builder: .modern)
        let start = fixture.sink.records.count
        let second = try fixture.build(builder: .modern)
        #expect(second.image == first.image)
        #expect(fixture.stepResults(since: start).map(\.cache) == [.notApplicable, .hit, .hit])
    }

    @Test(
        .enabled(if: TestEnvironment.canMountOverlay, "needs root: the overlay runtime"),
        .enabled(if: BuildFixture.hasBusybox, "needs /bin/busybox (Debian package busybox-static)"),
        arguments: BuilderKind.allCases)
    func aMultiStageBuildRunsBusyboxOnTheKernel(builder: BuilderKind) throws {
        let fixture = try BuildFixture(withBusybox: true)
        let result = try fixture.build(
            """
            FROM base:1 AS tools
            RUN ls /bin | wc -l | tr -d ' ' > /applets && echo "$(cat /applets) applets" > /report
            FROM base:1
            COPY --from=tools /report /report
            RUN sed -i 's/applets/busybox applets/' /report
            """, builder: builder
        ) { $0.runtime = OverlayRuntime() }
        #expect(try fixture.text("/report", in: result.image) == "9 busybox applets\n")
    }
}
