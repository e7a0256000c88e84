import Foundation
import LayerlabTestSupport
import Testing

/// Issue 14: `create`, `start`, `diff`, `commit` and `rm` through real Docker and through layerlab.
extension DockerDifferentialTests {
    @Suite(.serialized)
    struct DockerContainerTests {
        let lab: DockerLab

        init() async throws {
            lab = try await DockerLab()
            try await lab.setUp(["import", lab.rootfs, "bb:v1"])
        }

        @Test func aContainersChangesAreSeenAndCommittedAlike() async throws {
            try await lab.setUp([
                "create", "--name", "work", "bb:v1", "sh", "-c", "echo started; echo x > /new; rm /etc/passwd",
            ])
            for arguments in [["start", "work"], ["start", "-a", "work"], ["start", "nosuch"]] {
                expectSame(try await lab.both(arguments), arguments.joined(separator: " "))
            }
            let diff = try await lab.both(["diff", "work"], ordering: .linesInAnyOrder)
            expectSame(diff, "diff")
            #expect(diff.docker.stdout.contains("A /new") && diff.docker.stdout.contains("D /etc/passwd"))
            try await lab.setUp(["commit", "work", "committed:v1"])
            expectSame(try await lab.both(["history", "committed:v1"]), "history of a commit")
            // The whole config, as `create` fills it and `commit` keeps it, and the container's own.
            for field in [".Config", ".ContainerConfig"] {
                let command = ["inspect", "--format", "{{json \(field)}}", "committed:v1"]
                let docker = Self.comparable(try await lab.docker(command).stdoutText)
                #expect(docker.contains(#""Image":"bb:v1""#), "\(field) as Docker fills it: \(docker)")
                #expect(docker == Self.comparable(try await lab.layerlab(command).stdoutText), "\(field)")
            }
            expectSame(try await lab.both(["rm", "work"]), "rm")
            expectSame(try await lab.both(["rm", "work"]), "rm of a removed container")
        }

        /// `run -d` keeps the container running: `-f` cannot force its image away, and `stop` ends
        /// `sleep` only by SIGKILL once its time is up (busybox's sleep, the container's PID 1, has no
        /// handler for SIGTERM). The messages for `rm` and `kill` of a container in the wrong state
        /// changed after Docker 20.10 (Debian's daemon), and layerlab says today's: not compared.
        @Test func aDetachedContainerRunsUntilStoppedAlike() async throws {
            try await lab.setUp(["run", "-d", "--name", "bg", "bb:v1", "sleep", "60"])
            defer {
                // Sync (a defer cannot await), and quick: `rm -f` of a container that has stopped.
                _ = try? lab.daemon.run(["rm", "-f", "bg"])
                _ = try? runTool(
                    ContainerCommandTests.executable, ["rm", "-f", "bg"], environment: ["LAYERLAB_ROOT": lab.store],
                    expectSuccess: false)
            }
            let ids = (
                docker: try await lab.docker(["images", "-q", "bb:v1"]).stdoutText.trimmingCharacters(in: .newlines),
                layerlab: try await lab.layerlab(["images", "-q", "bb:v1"]).stdoutText.trimmingCharacters(in: .newlines)
            )
            let refused = (
                docker: Seen(try await lab.docker(["rmi", "-f", ids.docker])),
                layerlab: Seen(try await lab.layerlab(["rmi", "-f", ids.layerlab]))
            )
            expectSame(refused, "rmi -f of an image a running container uses")
            #expect(
                refused.docker.stderr.first?.contains("(cannot be forced) - image is being used by running") == true)
            expectSame(try await lab.both(["stop", "-t", "1", "bg"]), "stop")
            let listed = try await lab.both(["ps", "-a"])
            expectSame(listed, "ps -a after stop")
            #expect(listed.docker.stdout.contains { $0.contains("Exited (137)") }, "\(listed.docker)")
            expectSame(try await lab.both(["rm", "bg"]), "rm once stopped")
        }

        /// A config's JSON with what must differ made equal: the host name is each side's own
        /// container's short ID, and Docker writes `"NetworkDisabled":true` only because the
        /// test's daemon runs with `--bridge=none` (a container on `--network host` has none).
        static func comparable(_ json: String) -> String {
            json.replacingOccurrences(
                of: #""Hostname":"[0-9a-f]{12}""#, with: #""Hostname":"ID""#, options: .regularExpression
            )
            .replacingOccurrences(of: #""NetworkDisabled":true,"#, with: "")
        }
    }
}
