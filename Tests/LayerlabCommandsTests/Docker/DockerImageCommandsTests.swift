import Foundation
import LayerlabTestSupport
import Testing

/// Issue 14: `import`, `tag`, `rmi`, `history` and the common mistakes, through real Docker and
/// through layerlab with the same inputs; what a user sees must be the same after ``Seen``'s
/// normalizing.
extension DockerDifferentialTests {
    @Suite(.serialized)
    struct DockerImageCommandsTests {
        let lab: DockerLab

        init() async throws {
            lab = try await DockerLab()
        }

        @Test func importGivesTheSameRowLayerAndHistory() async throws {
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            let images = try await lab.both(["images"])
            expectSame(images, "images")
            #expect(images.docker.stdout.count == 3, "a header, one row and the last newline")
            // Docker's management names run the same commands.
            expectSame(try await lab.both(["image", "ls"]), "image ls")
            expectSame(try await lab.both(["image", "history", "bb:v1"]), "image history")
            let history = try await lab.both(["history", "bb:v1"])
            expectSame(history, "history")
            // -H (not -h, which is help): sizes in bytes and times as RFC 3339.
            expectSame(try await lab.both(["history", "-H=false", "bb:v1"]), "history -H=false")
            // The whole inspect document, field for field: the diff ID is the tarball's own digest
            // in both, so the layer is the same.
            let inspected = try await lab.both(["inspect", "bb:v1"])
            expectSame(inspected, "inspect")
            #expect(inspected.docker.stdout.contains { $0.contains("sha256:<id>") && !$0.contains("Id") })
            for field in ["{{json .RootFS.Layers}}", "{{.Size}}", "{{json .Config}}", "{{.Metadata.LastTagTime}}"] {
                let (docker, layerlab) = try await lab.inspect(field, "bb:v1")
                #expect(Seen.normalize(docker) == Seen.normalize(layerlab), "inspect \(field)")
            }
        }

        @Test func rmiOfEachKindSaysWhatDockerSays() async throws {
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            try await lab.setUp(["tag", "bb:v1", "bb:v2"])
            try await lab.setUp(["tag", "bb:v1", "other/bb:latest"])
            let ids = (
                try await lab.docker(["images", "-q", "bb:v1"]).stdoutText,
                try await lab.layerlab(["images", "-q", "bb:v1"]).stdoutText
            )
            let dockerID = ids.0.trimmingCharacters(in: .whitespacesAndNewlines)
            let layerlabID = ids.1.trimmingCharacters(in: .whitespacesAndNewlines)

            // Several repositories: by ID it must be forced.
            let byID = (
                Seen(try await lab.docker(["rmi", dockerID])), Seen(try await lab.layerlab(["rmi", layerlabID]))
            )
            #expect(byID.0 == byID.1)
            #expect(byID.0.status == 1)
            #expect(byID.0.stderr.first?.contains("must be forced") == true)

            // One tag: Untagged only.
            let oneTag = try await lab.both(["rmi", "bb:v2"])
            expectSame(oneTag, "oneTag")
            #expect(oneTag.docker.stdout.first == "Untagged: bb:v2")

            // A missing name, alone and beside one that exists.
            let arguments = [
                ["rmi", "nosuch"], ["rmi", "nosuch:tag"], ["history", "nosuch"], ["rmi", "nosuch", "bb:v1", "gone:v2"],
            ]
            for arguments in arguments {
                let missing = try await lab.both(arguments)
                expectSame(missing, "\(arguments)")
            }

            // A stopped container holds an image of one name.
            try await lab.setUp(["import", lab.rootfs, "solo:v1"])
            try await lab.setUp(["create", "--name", "held", "solo:v1", "sh"])
            let held = try await lab.both(["rmi", "solo:v1"])
            expectSame(held, "held")
            #expect(
                held.docker.stderr.first?.contains("container <id> is using its referenced image <id>") == true,
                "\(held.docker)")
            try await lab.setUp(["rm", "held"])

            // Forced by ID: every name untagged, then the image deleted.
            let forced = (
                Seen(try await lab.docker(["rmi", "-f", dockerID])),
                Seen(try await lab.layerlab(["rmi", "-f", layerlabID]))
            )
            #expect(forced.0.status == forced.1.status)
            #expect(forced.0.stdout.sorted() == forced.1.stdout.sorted(), "Docker's untag order is Go's map order")
            #expect(forced.0.stdout.contains("Deleted: sha256:<id>"))
        }

        @Test func rmiOfAParentWithAChildIsRefusedAlike() async throws {
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            let context = try lab.context("child", ["Dockerfile": "FROM bb:v1\nENV CHILD=1\n"])
            try await lab.setUp(["build", "-q", "-t", "child:v1", context])
            try await lab.setUp(["tag", "bb:v1", "bb:keep"])
            let ids = (
                try await lab.docker(["images", "-q", "bb:v1"]).stdoutText.trimmingCharacters(in: .newlines),
                try await lab.layerlab(["images", "-q", "bb:v1"]).stdoutText.trimmingCharacters(in: .newlines)
            )
            let refused = (
                Seen(try await lab.docker(["rmi", "-f", ids.0])), Seen(try await lab.layerlab(["rmi", "-f", ids.1]))
            )
            #expect(refused.0 == refused.1)
            #expect(refused.0.stderr.first?.contains("image has dependent child images") == true)
            let untag = try await lab.both(["rmi", "bb:v1"])
            expectSame(untag, "untag")
        }

        @Test func commonMistakesGetTheSameMessages() async throws {
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            let empty = try lab.context("empty", ["README": "no Dockerfile here\n"])
            let cases: [[String]] = [
                ["pull", "Bad/Name"],
                ["tag", "bb:v1", "UPPER"],
                ["tag", "nosuch:v1", "fine:v1"],
                ["build", "-t", "x:v1", lab.folder.file("no-such-folder")],
                ["build", "-t", "x:v1", empty],
            ]
            for arguments in cases {
                let seen = try await lab.both(arguments)
                #expect(seen.docker == seen.layerlab, "\(arguments.joined(separator: " "))")
            }
        }

        /// Usage mistakes: the same first two lines and exit status; the usage line after them names
        /// the arguments as each program's parser does (deliberate: `<images> ...` for `IMAGE [IMAGE...]`).
        @Test(arguments: [
            ["rmi"], ["pull"], ["tag", "a"], ["tag", "a", "b", "c"], ["history"], ["build"], ["save"],
            ["images", "a", "b"],
            ["rmi", "--foo", "x"], ["rmi", "-z", "x"], ["images", "--bogus"], ["build", "-t"],
            ["image", "prune", "--bad"],
            ["bogus"], ["bogus", "argument"],
        ])
        func usageMistakesAreToldAsDockerTellsThem(_ arguments: [String]) async throws {
            let seen = try await lab.both(arguments)
            #expect(seen.docker.status == seen.layerlab.status)
            #expect(seen.docker.stderr.prefix(2) == seen.layerlab.stderr.prefix(2))
            #expect(seen.docker.status != 0)
        }

        @Test func inspectOfAMissingNamePrintsAnEmptyListAndTheError() async throws {
            let seen = try await lab.both(["inspect", "nosuch"])
            expectSame(seen, "inspect nosuch")
            #expect(seen.docker.stdout.first == "[]")
        }

        @Test func loadingOverANameSaysTheOldImageLostIt() async throws {
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            try await lab.setUp(["save", "-o", lab.folder.file("first.tar"), "bb:v1"])
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            let seen = try await lab.both(["load", "-i", lab.folder.file("first.tar")])
            expectSame(seen, "load over bb:v1")
            #expect(seen.docker.stdout.first?.hasPrefix("The image bb:v1 already exists, renaming the old one") == true)
        }

        @Test func diskUsageCountsImagesAndContainersAlike() async throws {
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            let context = try lab.context(
                "df",
                [
                    "Dockerfile": "FROM bb:v1\nRUN echo hi > /hi\nCOPY hello.txt /hello.txt\n",
                    "hello.txt": "hello file\n",
                ])
            try await lab.setUp(["build", "-q", "-t", "app:v1", context])
            let before = try await lab.both(["system", "df"])
            expectSame(before, "system df")
            try await lab.setUp(["create", "--name", "c1", "app:v1", "sh", "-c", "echo c1 > /c1"])
            let after = try await lab.both(["system", "df"])
            expectSame(after, "system df with a container")
            #expect(after.docker.stdout.contains { $0.hasPrefix("Images | 2 | 1 |") })
            let verbose = try await lab.both(["system", "df", "-v"], ordering: .rowsInAnyOrder)
            expectSame(verbose, "system df -v")
        }

        @Test func imagesThroughGoTemplatesPrintTheSameFields() async throws {
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
            try await lab.setUp(["tag", "bb:v1", "team/bb:v2"])
            for template in [
                "{{.Repository}}:{{.Tag}}", "table {{.Repository}}\\t{{.Tag}}\\t{{.Size}}", "{{json .}}",
                "{{.Repository}} {{.Digest}} {{.VirtualSize}}",
            ] {
                let seen = try await lab.both(
                    ["images", "--format", template],
                    ordering: template.hasPrefix("table") ? .rowsInAnyOrder : .linesInAnyOrder)
                expectSame(seen, "images --format \(template)")
            }
        }
    }
}
