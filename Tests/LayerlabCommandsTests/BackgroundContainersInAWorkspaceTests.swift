import Foundation
import Lessons
import Testing

/// A playground workspace's background containers follow its store: an undo that takes back a
/// `run -d` ends the container's process, one that takes back a `stop` starts the container again,
/// and closing the workspace ends them all.
@Suite(.enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"), .onAThreadOfItsOwn)
struct BackgroundContainersInAWorkspaceTests {
    static var lessons: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
    }

    /// The shims running for the stores under `folder`.
    static func shims(under folder: String) -> Int {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return pids.filter { pid in
            let words = (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()).split(separator: 0)
                .map { String(decoding: $0, as: UTF8.self) }
            return words.contains("container-shim") && words.contains { $0.hasPrefix(folder) }
        }.count
    }

    @Test func undoAndCloseKeepTheContainersProcessesAsTheStoreSays() async throws {
        let lesson = try #require(try LessonCatalog.load(folder: Self.lessons).first { $0.id == "08-rmi" })
        let workspace = try await ExerciseWorkspace.open(
            lesson, executor: ProcessExecutor(executable: ContainerCommandTests.executable))
        let folder = workspace.root
        let started = try await workspace.run(["run", "-d", "--name", "web", "tour/busybox:1.0", "sleep", "60"])
        #expect(started.output.status == 0, "\(started.output.text)")
        #expect(Self.shims(under: folder) == 1)
        _ = try await workspace.run(["stop", "-t", "0", "web"])
        #expect(Self.shims(under: folder) == 0)
        // Taking back the stop: the store has web running, so it runs again.
        #expect(try await workspace.undo())
        #expect(await workspace.restarted == ["web"])
        #expect(Self.shims(under: folder) == 1)
        let listed = try await workspace.run(["ps"])
        #expect(listed.output.text.contains("Up "), "\(listed.output.text)")
        // Taking back the run -d (and the look after it): no container, no process.
        #expect(try await workspace.undo())
        #expect(try await workspace.undo())
        #expect(await workspace.restarted.isEmpty)
        #expect(Self.shims(under: folder) == 0)
        _ = try await workspace.run(["run", "-d", "--name", "db", "tour/busybox:1.0", "sleep", "60"])
        await workspace.close()
        #expect(Self.shims(under: folder) == 0)
    }
}
