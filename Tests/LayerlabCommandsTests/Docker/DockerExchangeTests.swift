import Foundation
import LayerlabTestSupport
import Testing

/// Issue 14: images cross between Docker and layerlab, as archives (`save` then `load`, both
/// ways) and through the distribution registry (one pushes, the other pulls), and keep their IDs.
extension DockerDifferentialTests {
    @Suite(.serialized)
    struct DockerExchangeTests {
        let lab: DockerLab

        init() async throws {
            lab = try await DockerLab()
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
        }

        func id(_ name: String, docker: Bool) async throws -> String {
            let arguments = ["inspect", "--format", "{{.Id}}", name]
            return try await (docker ? lab.docker(arguments) : lab.layerlab(arguments)).stdoutText
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test func eachLoadsTheOthersSavedArchiveWithTheSameID() async throws {
            #expect(try await lab.docker(["tag", "bb:v1", "daemon-made:v1"]).status == 0)
            #expect(try await lab.layerlab(["tag", "bb:v1", "lab-made:v1"]).status == 0)
            let dockerArchive = lab.folder.file("docker.tar")
            let layerlabArchive = lab.folder.file("layerlab.tar")
            #expect(try await lab.docker(["save", "-o", dockerArchive, "daemon-made:v1"]).status == 0)
            #expect(try await lab.layerlab(["save", "-o", layerlabArchive, "lab-made:v1"]).status == 0)

            let intoLayerlab = Seen(try await lab.layerlab(["load", "-i", dockerArchive]))
            let intoDocker = Seen(try await lab.docker(["load", "-i", layerlabArchive]))
            #expect(intoLayerlab.stdout.first == "Loaded image: daemon-made:v1", "\(intoLayerlab)")
            #expect(intoDocker.stdout.first == "Loaded image: lab-made:v1", "\(intoDocker)")
            #expect(try await id("daemon-made:v1", docker: false) == id("daemon-made:v1", docker: true))
            #expect(try await id("lab-made:v1", docker: true) == id("lab-made:v1", docker: false))
        }

        @Test func eachPullsWhatTheOtherPushedWithTheSameID() async throws {
            let registry = try DistributionRegistry()
            let fromDocker = "\(registry.address)/demo/daemon-made:v1"
            let fromLayerlab = "\(registry.address)/demo/lab-made:v1"
            #expect(try await lab.docker(["tag", "bb:v1", fromDocker]).status == 0)
            #expect(try await lab.layerlab(["tag", "bb:v1", fromLayerlab]).status == 0)
            let pushes = (
                Seen(try await lab.docker(["push", fromDocker])), Seen(try await lab.layerlab(["push", fromLayerlab]))
            )
            #expect(pushes.0.status == 0 && pushes.1.status == 0, "\(pushes.0)\n\(pushes.1)")
            // The last line names the tag, the digest and the manifest's size in both.
            #expect(pushes.0.stdout.contains { $0.hasPrefix("v1: digest: sha256:<id> size: ") })
            #expect(pushes.1.stdout.contains { $0.hasPrefix("v1: digest: sha256:<id> size: ") })

            let pulls = (
                Seen(try await lab.docker(["pull", fromLayerlab])), Seen(try await lab.layerlab(["pull", fromDocker]))
            )
            #expect(pulls.0.status == 0 && pulls.1.status == 0, "\(pulls.0)\n\(pulls.1)")
            for pull in [pulls.0, pulls.1] {
                #expect(pull.stdout.contains("Digest: sha256:<id>"))
                #expect(pull.stdout.contains { $0.hasPrefix("Status: Downloaded newer image for ") })
            }
            #expect(try await id(fromDocker, docker: false) == id(fromDocker, docker: true))
            #expect(try await id(fromLayerlab, docker: true) == id(fromLayerlab, docker: false))

            // The pusher and the puller both keep `repository@digest` as a RepoDigest.
            for name in [fromDocker, fromLayerlab] {
                let digests = ["inspect", "--format", "{{json .RepoDigests}}", name]
                let seen = (try await lab.docker(digests).stdoutText, try await lab.layerlab(digests).stdoutText)
                #expect(seen.0 == seen.1)
                #expect(seen.0.contains("@sha256:"))
                let listing = try await lab.both([
                    "images", "--digests", name.replacingOccurrences(of: ":v1", with: ""),
                ])
                expectSame(listing, "images --digests \(name)")
            }
        }

        /// layerlab imported the same tarball Docker pushed, so it has the layer, but as a blob of its
        /// own compressing: as moby, which knows a layer by the blobs it pulled or pushed it as, it
        /// downloads the registry's blob (Pull complete, not Already exists) and keeps it; then a push
        /// of that image to another repository mounts the blob and sends Docker's manifest unchanged.
        @Test func aLayerHereAsAnotherBlobIsFetchedThenMountedAndTheDigestKept() async throws {
            let registry = try DistributionRegistry()
            let base = "\(registry.address)/demo/bb:v1"
            #expect(try await lab.docker(["tag", "bb:v1", base]).status == 0)
            let pushed = Seen(try await lab.docker(["push", base]))
            let pulled = Seen(try await lab.layerlab(["pull", base]))
            #expect(pulled.stdout.contains("<id>: Pull complete"), "\(pulled)")
            #expect(!pulled.stdout.contains("<id>: Already exists"))

            let copies = ("\(registry.address)/demo/docker-copy:v1", "\(registry.address)/demo/lab-copy:v1")
            #expect(try await lab.docker(["tag", base, copies.0]).status == 0)
            #expect(try await lab.layerlab(["tag", base, copies.1]).status == 0)
            let again = (
                Seen(try await lab.docker(["push", copies.0])), Seen(try await lab.layerlab(["push", copies.1]))
            )
            for push in [again.0, again.1] {
                #expect(push.stdout.contains("<id>: Mounted from demo/bb"), "\(push)")
            }
            let digest = { (seen: Seen) in seen.stdout.last { $0.hasPrefix("v1: digest: ") } }
            #expect(digest(again.0) == digest(pushed) && digest(again.1) == digest(pushed))
            let raw = (
                try await lab.docker(["push", copies.0]).stdoutText,
                try await lab.layerlab(["push", copies.1]).stdoutText
            )
            #expect(raw.0.split(separator: "\n").last == raw.1.split(separator: "\n").last, "the same manifest digest")
        }

        /// The same layer as two blobs, one compressed by each tool. Each pulls the other's image, so it
        /// knows the layer as both blobs (moby's v2 metadata). Then each pushes its own image again and
        /// finds its blob already there, and pulls the other's again and finds the layer already here:
        /// the second blob did not replace the first.
        @Test func aLayerKnownAsTwoBlobsIsPushedAndPulledAsEither() async throws {
            let registry = try DistributionRegistry()
            // Not "…docker…": Seen reads the word docker as the program's name.
            let repositories = (docker: "demo/first", layerlab: "demo/second")
            let names = (
                docker: "\(registry.address)/\(repositories.docker):v1",
                layerlab: "\(registry.address)/\(repositories.layerlab):v1"
            )
            #expect(try await lab.docker(["tag", "bb:v1", names.docker]).status == 0)
            #expect(try await lab.layerlab(["tag", "bb:v1", names.layerlab]).status == 0)
            // The manifest's size is set aside: Docker 20.10 writes schema 2, layerlab OCI (as above).
            // So is `Verifying Checksum`: moby's transfer passes a watcher only its latest progress, and
            // drops that line when `Download complete` follows it quickly (it did in one run of two).
            func seen(_ result: ProcessResult, own: String, other: String) -> [String] {
                Seen(result).stdout.filter { !$0.hasSuffix(": Verifying Checksum") }.map {
                    $0.replacingOccurrences(of: own, with: "<own>").replacingOccurrences(of: other, with: "<other>")
                        .replacingOccurrences(of: #"size: [0-9]+"#, with: "size: <n>", options: .regularExpression)
                }
            }
            func both(_ docker: [String], _ layerlab: [String]) async throws -> (docker: [String], layerlab: [String]) {
                let results = (try await lab.docker(docker), try await lab.layerlab(layerlab))
                #expect(results.0.status == 0 && results.1.status == 0, "\(Seen(results.0))\n\(Seen(results.1))")
                return (
                    seen(results.0, own: repositories.docker, other: repositories.layerlab),
                    seen(results.1, own: repositories.layerlab, other: repositories.docker)
                )
            }
            let first = try await both(["push", names.docker], ["push", names.layerlab])
            #expect(first.docker == first.layerlab)

            let pulls = try await both(["pull", names.layerlab], ["pull", names.docker])
            #expect(pulls.docker == pulls.layerlab)
            #expect(pulls.docker.contains("<id>: Pull complete"), "each compressed the layer its own way: \(pulls)")

            let again = try await both(["push", names.docker], ["push", names.layerlab])
            #expect(again.docker == again.layerlab)
            #expect(again.docker.contains("<id>: Layer already exists"), "\(again.docker)")
            let digest = { (lines: [String]) in lines.last { $0.hasPrefix("v1: digest: ") } }
            #expect(digest(again.docker) == digest(first.docker) && digest(again.layerlab) == digest(first.layerlab))

            #expect(try await lab.docker(["rmi", names.layerlab]).status == 0)
            #expect(try await lab.layerlab(["rmi", names.docker]).status == 0)
            let repulls = try await both(["pull", names.layerlab], ["pull", names.docker])
            #expect(repulls.docker == repulls.layerlab)
            #expect(repulls.docker.contains("<id>: Already exists"), "\(repulls.docker)")
        }

        /// Each pushes the same image to a registry of its own under the same names: a first push, the
        /// same again, and another repository that can mount the layer. Only the registry's address and
        /// the manifest's size are set aside (deliberate: layerlab writes an OCI manifest for an image it
        /// made, as Docker 25's containerd store does; Docker 20.10 writes schema 2).
        @Test func pushesPrintTheSameLines() async throws {
            let registries = (docker: try DistributionRegistry(), layerlab: try DistributionRegistry())
            func lines(_ result: ProcessResult, _ registry: DistributionRegistry) -> [String] {
                Seen(result).stdout.map {
                    $0.replacingOccurrences(of: registry.address, with: "<registry>")
                        .replacingOccurrences(of: #"size: [0-9]+"#, with: "size: <n>", options: .regularExpression)
                }
            }
            for (repository, expected) in [
                ("bb", "Pushed"), ("bb", "Layer already exists"), ("copy", "Mounted from demo/bb"),
            ] {
                let names = (
                    "\(registries.docker.address)/demo/\(repository):v1",
                    "\(registries.layerlab.address)/demo/\(repository):v1"
                )
                #expect(try await lab.docker(["tag", "bb:v1", names.0]).status == 0)
                #expect(try await lab.layerlab(["tag", "bb:v1", names.1]).status == 0)
                let results = (try await lab.docker(["push", names.0]), try await lab.layerlab(["push", names.1]))
                let docker = lines(results.0, registries.docker)
                #expect(docker == lines(results.1, registries.layerlab))
                #expect(docker.contains("<id>: \(expected)"), "\(docker)")
                // Unnormalized, the layer lines name the same layer: docker push names it by diff ID.
                let layerLines = [results.0, results.1].map { result in
                    result.stdoutText.split(separator: "\n").filter {
                        $0.contains(": \(expected)") || $0.hasSuffix(": Preparing")
                    }
                }
                #expect(layerLines[0] == layerLines[1])
            }
        }
    }
}
