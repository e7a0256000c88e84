import Dockerfile
import Testing

@Suite struct BuildPlanTests {
    @Test func argumentsBeforeTheFirstFromAreMetaArguments() throws {
        let plan = try BuildPlan.parse(
            """
            ARG VERSION=3.19
            ARG BASE
            FROM --platform=$BUILDPLATFORM alpine:${VERSION} AS Build
            ARG VERSION
            RUN echo $VERSION
            FROM scratch
            COPY --from=build /out /
            """)
        #expect(
            plan.metaArgs.flatMap(\.arguments) == [
                ArgDefinition(key: "VERSION", value: "3.19"), ArgDefinition(key: "BASE"),
            ])
        #expect(plan.stages.map(\.name) == ["build", nil])
        #expect(plan.stages.map(\.baseName) == ["alpine:${VERSION}", "scratch"])
        #expect(plan.stages[0].platform == "$BUILDPLATFORM")
        #expect(plan.stages[0].location.startLine == 3)
        #expect(plan.stages[0].instructions.count == 2)
        #expect(plan.stages[1].instructions.count == 1)
        #expect(plan.stageIndex(named: "BUILD") == 0)
    }

    @Test func onlyArgCanComeBeforeFrom() {
        let expected = DockerfileError(
            file: "Dockerfile", line: 2, column: 1, message: "no build stage in current context")
        #expect(throws: expected) { try BuildPlan.parse("ARG A\nRUN true\nFROM scratch\n") }
    }

    @Test func instructionErrorsStopThePlan() {
        #expect(throws: DockerfileError.self) { try BuildPlan.parse("FROM scratch\nCOPY onlyone\n") }
    }
}
