import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

/// Containers in the store: Docker's layout, names, removal and recovery.
@Suite struct ContainerTests {
    @Test func createLaysTheContainerOutLikeDocker() throws {
        let fixture = try StoreFixture()
        let image = try fixture.importImage("demo:v1")
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
        let layout = fixture.store.layout
        let mountID = try String(contentsOfFile: layout.mount(container.id) + "/mount-id", encoding: .utf8)
        let parent = try String(contentsOfFile: layout.mount(container.id) + "/parent", encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: layout.containerConfig(container.id)))
        #expect(FileManager.default.fileExists(atPath: "\(layout.overlay)/\(mountID)/diff"))
        #expect(FileManager.default.fileExists(atPath: "\(layout.overlay)/\(mountID)/work"))
        #expect(parent == (try fixture.store.image("demo:v1").topLayer?.description))
        #expect(container.image == image)
        #expect(container.name == "web")
        #expect(container.state.status == .created)
        #expect(try fixture.store.containers.inspect("web") == container)
        #expect(try fixture.store.containers.inspect(container.id.shortID) == container)
    }

    @Test(arguments: ["a", "-web", "we b", "web/1", "wéb", "_x"])
    func createRefusesAnInvalidName(_ name: String) throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let before = fixture.snapshot
        #expect(throws: StoreError.self) {
            try fixture.store.containers.create(ContainerSpec(image: "demo:v1", name: name, command: ["ls"]))
        }
        #expect(fixture.snapshot == before)
    }

    @Test func createRefusesANameInUseWithDockersMessage() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let first = try fixture.store.containers.create(ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
        do {
            try fixture.store.containers.create(ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
            Issue.record("a second container named web was created")
        } catch {
            #expect(error.code == .conflict)
            #expect(
                error.message.hasPrefix(
                    "Conflict. The container name \"/web\" is already in use by container \"\(first.id)\""))
        }
    }

    @Test func createWithoutACommandFailsLikeDocker() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        do {
            try fixture.store.containers.create(ContainerSpec(image: "demo:v1"))
            Issue.record("created without a command")
        } catch {
            #expect(error.message == "No command specified")
        }
    }

    @Test func generatedNamesAreAdjectiveUnderscoreSurnameAndUnique() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        var names: Set<String> = []
        for _ in 0..<5 {
            let container = try fixture.store.containers.create(ContainerSpec(image: "demo:v1", command: ["ls"]))
            #expect(ContainerName.isValid(container.name))
            #expect(container.name.split(separator: "_").count == 2)
            names.insert(container.name)
        }
        #expect(names.count == 5)
    }

    @Test func createMergesTheImageConfigWithEnvironmentAndWorkingDirectory() throws {
        let spec = ContainerSpec(
            image: "x", command: ["sh"], environment: ["A=2", "B=3", "PATH"], workingDirectory: "/srv")
        let config = try ImageStore.containerConfig(
            image: ContainerConfig(env: ["PATH=/bin", "A=1"], cmd: ["true"]), spec: spec)
        #expect(config.env == ["A=2", "B=3"])
        #expect(config.cmd == ["sh"])
        #expect(config.workingDir == "/srv")
    }

    @Test func containersListsNewestFirstAndRmRemovesEveryFolder() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let before = fixture.snapshot
        let first = try fixture.store.containers.create(ContainerSpec(image: "demo:v1", name: "one", command: ["ls"]))
        let second = try fixture.store.containers.create(ContainerSpec(image: "demo:v1", name: "two", command: ["ls"]))
        #expect(try fixture.store.containers.list().map(\.id) == [second.id, first.id])
        try fixture.store.containers.remove("one")
        try fixture.store.containers.remove(second.id.shortID)
        #expect(try fixture.store.containers.list().isEmpty)
        #expect(fixture.snapshot.entries.keys.filter { $0.contains("mounts/") || $0.contains("containers/") }.isEmpty)
        #expect(
            Set(fixture.snapshot.entries.keys).subtracting(before.entries.keys).filter { !$0.contains("mounts") }
                .isEmpty)
    }

    @Test func rmOfAnUnknownContainerSaysNoSuchContainer() throws {
        let fixture = try StoreFixture()
        do {
            try fixture.store.containers.remove("ghost")
            Issue.record("removed a ghost")
        } catch {
            #expect(error.code == .noSuchContainer)
            #expect(error.message == "No such container: ghost")
        }
    }

    @Test func reopeningTheStoreKeepsContainersAndTheirLayers() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
        _ = try fixture.store.remove("demo:v1", force: true)
        let reopened = try ImageStore(root: fixture.folder.file("root"))
        #expect(try reopened.containers.inspect("web") == container)
        let filesystem = try reopened.containers.withFilesystem("web") { $0 }
        #expect(filesystem.lowerFolders.count == 1)
        #expect(FileManager.default.fileExists(atPath: filesystem.lowerFolders[0]))
        #expect(FileManager.default.fileExists(atPath: filesystem.upperFolder))
    }

    @Test func recoveryRemovesAHalfCreatedContainer() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let before = fixture.snapshot
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
        // A crash before config.v2.json was written: the mount record and folders exist, the config does not.
        try FileManager.default.removeItem(atPath: fixture.store.layout.container(container.id))
        _ = try ImageStore(root: fixture.folder.file("root"))
        #expect(fixture.snapshot == before)
    }

    @Test func recoveryMarksAContainerWhoseProcessIsGoneAsExited() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
        var record = container
        record.state = ContainerState(status: .running, pid: Int32.max)
        try ImageStore.encode(record).withUnsafeBytes {
            try Data($0).write(to: URL(fileURLWithPath: fixture.store.layout.containerConfig(container.id)))
        }
        let reopened = try ImageStore(root: fixture.folder.file("root"))
        #expect(try reopened.containers.inspect("web").state.status == .exited)
        #expect(try reopened.containers.inspect("web").state.exitCode == 255)
    }

    @Test func commitMakesAChildImageWithTheLayerHistoryAndChanges() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage("demo:v1")
        _ = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["sh", "-c", "echo hi > /hello"]))
        let upper = try fixture.store.containers.withFilesystem("web") { $0.upperFolder }
        try "hi\n".write(toFile: upper + "/hello", atomically: false, encoding: .utf8)
        let id = try fixture.store.containers.commit(
            "web",
            options: CommitOptions(
                repository: "demo:v2", author: "Ada", message: "add hello",
                changes: ["ENV GREETING=hi", "CMD [\"cat\", \"/hello\"]", "EXPOSE 80", "WORKDIR /srv"])
        ) { filesystem, path in
            var writer = TarWriter(try FileSink(path: path))
            try DirectoryArchiver(root: filesystem.upperFolder).write(to: &writer)
            try writer.finish()
            try writer.sink.close()
        }
        let image = try fixture.store.image("demo:v2")
        #expect(image.id == id)
        #expect(image.parent == base)
        try #require(image.layers.count == 2)
        #expect(image.config.author == "Ada")
        #expect(image.config.config?.cmd == ["cat", "/hello"])
        #expect(image.config.config?.env == ["GREETING=hi"])
        #expect(image.config.config?.exposedPorts?.keys.sorted() == ["80/tcp"])
        #expect(image.config.config?.workingDir == "/srv")
        #expect(image.config.history?.last?.createdBy == "sh -c echo hi > /hello")
        #expect(image.config.history?.last?.comment == "add hello")
        #expect(try fixture.store.history(of: "demo:v2").first?.size == image.layers[1].size)
    }

    @Test func commitOfAnUnchangedContainerAddsAnEmptyLayerStep() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        _ = try fixture.store.containers.create(ContainerSpec(image: "demo:v1", name: "web", command: ["true"]))
        _ = try fixture.store.containers.commit("web", options: CommitOptions(repository: "demo:v2")) { _, _ in
            Issue.record("asked for a layer of an unchanged container")
        }
        let image = try fixture.store.image("demo:v2")
        #expect(image.layers.count == 1)
        #expect(image.config.history?.last?.emptyLayer == true)
    }

    @Test(arguments: [
        ("CMD echo hi", ConfigChange.cmd(["/bin/sh", "-c", "echo hi"])),
        ("CMD [\"echo\", \"hi\"]", .cmd(["echo", "hi"])),
        ("ENTRYPOINT [\"/bin/app\"]", .entrypoint(["/bin/app"])),
        ("ENV A=1 B=\"two words\"", .env([("A", "1"), ("B", "two words")])),
        ("ENV A one two", .env([("A", "one two")])),
        ("LABEL org.example=x", .label([("org.example", "x")])),
        ("EXPOSE 80 53/udp", .expose(["80/tcp", "53/udp"])),
        ("USER app:app", .user("app:app")),
        ("workdir /srv", .workdir("/srv")),
    ])
    func commitChangesParseAsDockerfileInstructions(_ line: String, _ expected: ConfigChange) throws {
        #expect(try ConfigChange(parsing: line) == expected)
    }

    @Test func aChangeCommitDoesNotTakeIsRefusedWithMobysMessage() {
        do {
            _ = try ConfigChange(parsing: "RUN rm -rf /")
            Issue.record("RUN accepted")
        } catch {
            #expect(error.message == "RUN is not a valid change command")
        }
    }
}
