import Foundation
import LayerlabTestSupport
import Testing

/// Issue 14: `create`, `start`, `diff`, `commit` and `rm` through real Docker and through layerlab.
extension DockerDifferentialTests {
    @Suite(.serialized)
    struct DockerContainerTests {
        let lab: DockerLab

        init() throws {
            lab = try DockerLab()
            try lab.setUp(["import", lab.rootfs, "bb:v1"])
        }

        @Test func aContainersChangesAreSeenAndCommittedAlike() throws {
            try lab.setUp([
                "create", "--name", "work", "bb:v1", "sh", "-c", "echo started; echo x > /new; rm /etc/passwd",
            ])
            for arguments in [["start", "work"], ["start", "-a", "work"], ["start", "nosuch"]] {
                expectSame(try lab.both(arguments), arguments.joined(separator: " "))
            }
            let diff = try lab.both(["diff", "work"], ordering: .linesInAnyOrder)
            expectSame(diff, "diff")
            #expect(diff.docker.stdout.contains("A /new") && diff.docker.stdout.contains("D /etc/passwd"))
            try lab.setUp(["commit", "work", "committed:v1"])
            expectSame(try lab.both(["history", "committed:v1"]), "history of a commit")
            // Docker's config has more fields (Hostname, Attach…, Image); the command is the same.
            let command = ["inspect", "--format", "{{json .Config.Cmd}}", "committed:v1"]
            #expect(try lab.docker(command).stdoutText == lab.layerlab(command).stdoutText)
            expectSame(try lab.both(["rm", "work"]), "rm")
            expectSame(try lab.both(["rm", "work"]), "rm of a removed container")
        }
    }
}
