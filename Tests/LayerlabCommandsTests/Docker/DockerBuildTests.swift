import Foundation
import LayerlabTestSupport
import Testing

/// Issue 14: classic builds (`DOCKER_BUILDKIT=0`) of the same context through real Docker and
/// through layerlab: every step line, the cache on the second build, the history and the
/// intermediate images.
extension DockerDifferentialTests {
    @Suite(.serialized)
    struct DockerBuildTests {
        let lab: DockerLab

        init() async throws {
            lab = try await DockerLab()
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
        }

        static let dockerfile = """
            FROM bb:v1
            ARG GREETING=hi
            ENV APP=/app NAME="layer lab"
            LABEL course=images
            WORKDIR /app
            COPY hello.txt ./
            COPY site/ ./site/
            RUN echo "$GREETING $NAME" > greeting.txt && cat greeting.txt
            ONBUILD RUN echo child
            EXPOSE 8080
            CMD ["cat", "/app/greeting.txt"]
            """

        @Test func aClassicBuildPrintsTheSameStepsHistoryAndImages() async throws {
            let context = try lab.context(
                "app",
                [
                    "Dockerfile": Self.dockerfile, "hello.txt": "hello\n", "site/index.html": "<h1>hi</h1>\n",
                    "site/css/main.css": "h1 { color: teal }\n",
                ])
            let arguments = ["build", "--build-arg", "GREETING=hey", "-t", "app:v1", context]
            let first = try await lab.both(arguments)
            expectSame(first, "first")
            #expect(first.docker.stdout.contains("hey layer lab"))

            let second = try await lab.both(arguments)
            expectSame(second, "second")
            #expect(second.docker.stdout.filter { $0 == "---> Using cache" }.count == 10)

            let history = try await lab.both(["history", "app:v1"])
            expectSame(history, "history")
            // Whole lines: the COPY hashes are moby's sums of the context's tar headers and content.
            let fullHistory = ["history", "--no-trunc", "app:v1"]
            let sums = try await [lab.docker(fullHistory), lab.layerlab(fullHistory)].map { output in
                output.stdoutText.matches(of: #/COPY (file|dir):[0-9a-f]{64} in \S+ /#).map { String($0.output.0) }
            }
            #expect(sums[0].count == 2)
            #expect(sums[0] == sums[1])

            let images = try await lab.both(["images", "-a"], ordering: .rowsInAnyOrder)
            expectSame(images, "images")

            // A build FROM it runs its ONBUILD trigger right after FROM.
            let child = try lab.context("child", ["Dockerfile": "FROM app:v1\nLABEL child=yes\n"])
            let triggered = try await lab.both(["build", "-t", "child:v1", child])
            expectSame(triggered, "child")
            #expect(triggered.docker.stdout.contains("# Executing 1 build trigger"), "\(triggered.docker)")
            #expect(triggered.docker.stdout.contains("child"))
        }

        @Test func aMultiStageBuildCopiesFromTheFirstStageAlike() async throws {
            let context = try lab.context(
                "stages",
                [
                    "Dockerfile": """
                    FROM bb:v1 AS maker
                    RUN mkdir -p /out && echo made > /out/result.txt
                    FROM bb:v1
                    COPY --from=maker /out/result.txt /result.txt
                    CMD ["cat", "/result.txt"]
                    """
                ])
            let build = try await lab.both(["build", "-t", "staged:v1", context])
            expectSame(build, "build")
            let run = try await lab.both(["run", "--rm", "staged:v1"])
            expectSame(run, "run")
            #expect(run.docker.stdout.first == "made")
        }

        @Test func aMissingFileAndAFailingRunFailAlike() async throws {
            let missing = try lab.context("missing", ["Dockerfile": "FROM bb:v1\nCOPY nothere.txt /\n"])
            let copy = try await lab.both(["build", missing])
            expectSame(copy, "copy")
            #expect(copy.docker.status == 1)
            let failing = try lab.context("failing", ["Dockerfile": "FROM bb:v1\nRUN echo trying && exit 3\n"])
            let run = try await lab.both(["build", failing])
            expectSame(run, "run")
            #expect(run.docker.status == 3)
        }

        /// A layer is the same bytes in both when its files and times are: a COPY of a context file
        /// with a fixed time, and a RUN that writes a file and sets its time, run by the built-in shell
        /// and by the image's own busybox under the overlay runtime. moby's headers: Go's type bits in
        /// the mode, `root` names.
        @Test func copyAndRunLayersOfTheSameFilesHaveTheSameDiffIDs() async throws {
            let context = try lab.context(
                "same",
                [
                    "Dockerfile": """
                    FROM bb:v1
                    COPY fixed.txt /fixed.txt
                    RUN echo hi > /hi.txt && touch -d "2024-01-01 00:00:00" /hi.txt
                    """,
                    "fixed.txt": "fixed\n",
                ])
            try await runTool("touch", ["-d", "2024-01-01 00:00:00Z", context + "/fixed.txt"])
            #expect(try await lab.docker(["build", "-q", "-t", "same:v1", context]).status == 0)
            let layers = { (name: String) in ["inspect", "--format", "{{json .RootFS.Layers}}", name] }
            let docker = try await lab.docker(layers("same:v1")).stdoutText
            #expect(docker.components(separatedBy: "sha256:").count == 4, "the base, COPY and RUN layers")
            for runtime in ["sim", "overlay"] {
                let name = "same-\(runtime):v1"
                #expect(try await lab.layerlab(["build", "-q", "--runtime", runtime, "-t", name, context]).status == 0)
                #expect(try await lab.layerlab(layers(name)).stdoutText == docker, "--runtime \(runtime)")
            }
        }
    }
}
