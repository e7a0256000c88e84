import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

/// moby's container rules of `rmi` (`daemon/images/image_delete.go`), one test each; every
/// refusal leaves the store as it was and reports an `rmiConflict` event.
@Suite struct RemoveContainerRuleTests {
    /// A store with `demo:v1` and a stopped container `web` created from it.
    func fixtureWithContainer() throws -> (StoreFixture, Digest, ContainerRecord) {
        let fixture = try StoreFixture()
        let image = try fixture.importImage("demo:v1")
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
        return (fixture, image, container)
    }

    func expectRefusal(
        _ fixture: StoreFixture, _ request: String, force: Bool = false, message: String,
        cause: RmiConflict.Cause
    ) {
        let before = fixture.snapshot
        do {
            _ = try fixture.store.remove(request, force: force)
            Issue.record("rmi \(request) succeeded")
        } catch {
            #expect(error.code == .conflict)
            #expect(error.message == message)
        }
        #expect(fixture.snapshot == before)
        let conflicts = fixture.sink.events.compactMap { if case .rmiConflict(let c) = $0 { c } else { nil } }
        #expect(conflicts.last?.cause == cause)
        // The learner named the container: the narration can name it, and the rm that removes it.
        #expect(conflicts.last?.containerName == "web")
    }

    @Test func rmiOfTheLastNameOfAnImageAContainerUsesMustBeForced() throws {
        let (fixture, image, container) = try fixtureWithContainer()
        expectRefusal(
            fixture, "demo:v1",
            message: "conflict: unable to remove repository reference \"demo:v1\" (must force) - container "
                + "\(container.id.shortID) is using its referenced image \(image.shortID)",
            cause: .containerUsesReference(try Reference.parseDocker("demo:v1"), container: container.id.value))
    }

    @Test func rmiByIDOfAnImageAStoppedContainerUsesMustBeForced() throws {
        let (fixture, image, container) = try fixtureWithContainer()
        expectRefusal(
            fixture, image.shortID,
            message: "conflict: unable to delete \(image.shortID) (must be forced) - image is being used by "
                + "stopped container \(container.id.shortID)",
            cause: .usedByContainer(id: container.id.value, running: false))
    }

    @Test func rmiOfAnImageARunningContainerUsesCannotBeForced() throws {
        let (fixture, image, container) = try fixtureWithContainer()
        _ = try fixture.store.containers.markRunning("web")
        expectRefusal(
            fixture, image.shortID, force: true,
            message: "conflict: unable to delete \(image.shortID) (cannot be forced) - image is being used by "
                + "running container \(container.id.shortID)",
            cause: .usedByContainer(id: container.id.value, running: true))
    }

    @Test func rmiOfOneOfSeveralNamesOnlyUntagsEvenWithAContainer() throws {
        let (fixture, image, _) = try fixtureWithContainer()
        try fixture.store.tag("demo:v1", as: "demo:other")
        #expect(try fixture.store.remove("demo:v1").map(\.description) == ["Untagged: demo:v1"])
        #expect(try fixture.store.image("demo:other").id == image)
    }

    @Test func rmiForceOfTheNameDeletesTheImageButKeepsTheLayersTheContainerNeeds() throws {
        let (fixture, image, _) = try fixtureWithContainer()
        let layer = try fixture.store.image("demo:v1").layers[0]
        let results = try fixture.store.remove("demo:v1", force: true)
        #expect(results.map(\.description) == ["Untagged: demo:v1", "Deleted: \(image)"])
        #expect(try fixture.store.images().isEmpty)
        #expect(FileManager.default.fileExists(atPath: fixture.store.layout.diffFolder(of: layer)))
        // Removing the container then releases the layer, as moby's layer store does.
        try fixture.store.containers.remove("web")
        #expect(try fixture.store.layers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.store.layout.diffFolder(of: layer)))
    }

    @Test func rmiForceByIDDeletesAnImageAStoppedContainerUses() throws {
        let (fixture, image, _) = try fixtureWithContainer()
        let results = try fixture.store.remove(image.shortID, force: true)
        #expect(results.map(\.description) == ["Untagged: demo:v1", "Deleted: \(image)"])
        #expect(try fixture.store.containers.inspect("web").image == image)
    }

    @Test func pruneLeavesAnImageAContainerUses() throws {
        let (fixture, image, _) = try fixtureWithContainer()
        try fixture.store.tag("demo:v1", as: "demo:v2")
        _ = try fixture.store.remove("demo:v2")
        _ = try fixture.store.prune(all: true)
        #expect(try fixture.store.image(image.encoded).id == image)
    }
}
