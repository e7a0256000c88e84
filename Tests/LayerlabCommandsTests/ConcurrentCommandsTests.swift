import Foundation
import LayerlabTestSupport
import Synchronization
import Testing

/// Issue 12 (R-S6): several `layerlab` processes on one store at once. Each command succeeds or
/// fails with a one-line error, never a crash, and `fsck` finds the store sound afterwards.
@Suite(.serialized, .enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"))
struct ConcurrentCommandsTests {
    @Test func twoPullsOfTheSameImageBothSucceed() async throws {
        let lab = try await CrashLab()
        let remote = try await lab.pushed(as: "crash/pulled:v1")
        let store = try lab.emptyStore()
        let results = try await lab.together([["pull", remote], ["pull", remote]], store: store)
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        try await expectSound(store, lab)
        let listed = try await lab.run(["images"], store: store).stdoutText.split(separator: "\n")
        #expect(listed.count == 2 && listed[1].hasPrefix(remote.replacingOccurrences(of: ":v1", with: " ")))
    }

    /// The build's base image is untagged while the build runs: either the build comes first (and
    /// rmi then only untags), or rmi does (and the build pulls the base again).
    @Test func aBuildWhileAnRmiOfItsBaseRuns() async throws {
        let lab = try await CrashLab()
        let base = try await lab.pushed(as: "crash/base:v1")
        let store = try await lab.copy(lab.source, as: "store")
        try await lab.expectSuccess(["tag", CrashLab.image, base], store: store)
        let context = try lab.buildContext(from: base)
        let results = try await lab.together(
            [["build", "-t", "crash/built:v1", context], ["rmi", base]], store: store)
        try expectEachSucceededOrSaidWhy(results)
        #expect(results[0].status == 0, "the build fails only if its base cannot be had: \(results[0].stderr)")
        try await expectSound(store, lab)
    }

    /// `image prune -a` removes every image no container uses, while `save` writes one of them:
    /// the archive is whole (another store loads it), or save says the image is gone.
    @Test func aSaveDuringAPrune() async throws {
        let lab = try await CrashLab()
        let store = try await lab.copy(lab.source, as: "store")
        let archive = lab.folder.file("saved.tar")
        let results = try await lab.together(
            [["save", "-o", archive, CrashLab.image], ["image", "prune", "-a", "-f"]], store: store)
        try expectEachSucceededOrSaidWhy(results)
        #expect(results[1].status == 0, "\(results[1].stderr)")
        if results[0].status == 0 {
            let loaded = try await lab.run(["load", "-i", archive], store: try lab.emptyStore(named: "loaded"))
            #expect(loaded.status == 0, "the archive save wrote is not whole: \(loaded.stderr)")
        } else {
            #expect(results[0].stderr.contains("No such image"), "\(results[0].stderr)")
        }
        try await expectSound(store, lab)
    }

    /// Two lessons that each need a registry: the second finds port 5000 taken and uses another.
    @Test func twoLessonsAtOnce() async throws {
        let lab = try await CrashLab()
        let results = try await lab.together(
            [
                ["lesson", "run", "--lessons", LessonCommandTests.lessons, "-o", lab.folder.file("book-a"), "7"],
                ["lesson", "run", "--lessons", LessonCommandTests.lessons, "-o", lab.folder.file("book-b"), "2"],
            ], store: nil)
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
    }

    private func expectEachSucceededOrSaidWhy(_ results: [ProcessResult]) throws {
        for result in results where result.status != 0 {
            #expect(result.stderr.hasPrefix("Error: "), "not a clear error: \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error") && result.status < 128, "crashed: \(result.stderr)")
        }
    }

    private func expectSound(_ store: String, _ lab: CrashLab) async throws {
        let check = try await lab.run(["fsck"], store: store)
        #expect(check.status == 0, "fsck found:\n\(check.stdoutText)")
    }
}

extension CrashLab {
    /// Pushes the lab's image to its registry as `name` and returns the remote reference.
    func pushed(as name: String) async throws -> String {
        let remote = "\(registry.address)/\(name)"
        try await expectSuccess(["tag", Self.image, remote], store: source)
        try await expectSuccess(["push", remote], store: source)
        return remote
    }

    /// Starts every command at once (on the same store, when one is given) and waits for all.
    func together(_ commands: [[String]], store: String?) async throws -> [ProcessResult] {
        let (folder, environment) = (folder.path, ["DOCKER_CONFIG": folder.file("docker-config")])
        return try await withThrowingTaskGroup(of: (Int, ProcessResult).self) { group in
            for (index, command) in commands.enumerated() {
                let arguments = store.map { Self.arguments(command, store: $0) } ?? command
                group.addTask {
                    let result = try await runTool(
                        ContainerCommandTests.executable, arguments, currentDirectory: folder,
                        environment: environment, expectSuccess: false)
                    return (index, result)
                }
            }
            var results: [Int: ProcessResult] = [:]
            for try await (index, result) in group { results[index] = result }
            return commands.indices.compactMap { results[$0] }
        }
    }
}
