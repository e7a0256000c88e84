import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

/// The rules of moby's `daemon/images/image_delete.go`, one test each.
@Suite struct RemoveTests {
    @Test func rmiByNameOnlyUntagsWhileOtherNamesRemain() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "other/demo:latest")
        let results = try fixture.store.remove("other/demo")
        #expect(results == [.untagged(try Reference.parseDocker("other/demo:latest"))])
        #expect(try fixture.store.image("demo:v1").id == id)
    }

    @Test func rmiOfTheLastNameDeletesTheImageAndItsLayer() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        let layer = try fixture.store.image("demo:v1").layers[0]
        let results = try fixture.store.remove("demo:v1")
        #expect(results.map(\.description) == ["Untagged: demo:v1", "Deleted: \(id)", "Deleted: \(layer.chainID)"])
        #expect(try fixture.store.images().isEmpty)
        #expect(try fixture.store.layers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.store.layout.diffFolder(of: layer)))
    }

    @Test func rmiKeepsALayerOtherImagesStillUse() throws {
        let fixture = try StoreFixture()
        let first = try fixture.importImage("one:v1")
        try fixture.importImage("two:v1", message: "same files")
        let results = try fixture.store.remove("one:v1")
        #expect(results.map(\.description) == ["Untagged: one:v1", "Deleted: \(first)"])
        #expect(try fixture.store.layers().count == 1)
        #expect(
            fixture.sink.events.contains {
                if case .layerReleased(_, 1, let users) = $0 { users?.count == 1 } else { false }
            })
    }

    @Test func rmiByIDRefusesAnImageNamedInSeveralRepositoriesWithoutForce() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "mirror/demo:v1")
        let before = fixture.snapshot
        do {
            _ = try fixture.store.remove(id.shortID)
            Issue.record("rmi by ID succeeded")
        } catch {
            #expect(error.code == .conflict)
            #expect(
                error.message
                    == "conflict: unable to delete \(id.shortID) (must be forced) - image is referenced in multiple repositories"
            )
        }
        #expect(fixture.snapshot == before)
    }

    @Test func rmiForceByIDRemovesEveryName() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "mirror/demo:v1")
        let results = try fixture.store.remove(id.shortID, force: true)
        #expect(
            results.prefix(3).map(\.description) == ["Untagged: demo:v1", "Untagged: mirror/demo:v1", "Deleted: \(id)"])
        #expect(try fixture.store.images().isEmpty)
    }

    @Test func rmiByIDOfAnImageWithOneNameUntagsAndDeletes() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        let results = try fixture.store.remove(String(id.encoded.prefix(6)))
        #expect(results.prefix(2).map(\.description) == ["Untagged: demo:v1", "Deleted: \(id)"])
    }

    @Test(arguments: [false, true])
    func rmiRefusesAnImageWithDependentChildEvenWithForce(force: Bool) throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage(nil)
        try fixture.makeChild(of: base, step: "CMD [\"sh\"]", name: "child:v1")
        let before = fixture.snapshot
        do {
            _ = try fixture.store.remove(base.shortID, force: force)
            Issue.record("rmi of a parent succeeded")
        } catch {
            #expect(error.code == .conflict)
            #expect(
                error.message
                    == "conflict: unable to delete \(base.shortID) (cannot be forced) - image has dependent child images"
            )
        }
        #expect(fixture.snapshot == before)
        let conflicts = fixture.sink.events.compactMap { if case .rmiConflict(let c) = $0 { c } else { nil } }
        #expect(conflicts.map(\.isHard) == [true])
    }

    @Test func rmiByNameOfAParentWithChildrenOnlyUntagsIt() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage("base:v1")
        try fixture.makeChild(of: base, step: "CMD [\"sh\"]", name: "child:v1")
        let results = try fixture.store.remove("base:v1")
        #expect(results.map(\.description) == ["Untagged: base:v1"])
        #expect(try fixture.store.images().count == 2)
    }

    @Test func rmiOfAChildPrunesItsUntaggedParent() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage(nil)
        let child = try fixture.makeChild(of: base, step: "CMD [\"sh\"]", name: "child:v1")
        let results = try fixture.store.remove("child:v1")
        #expect(
            results.map(\.description).prefix(3) == ["Untagged: child:v1", "Deleted: \(child)", "Deleted: \(base)"])
        #expect(try fixture.store.images().isEmpty)
        #expect(try fixture.store.layers().isEmpty)
    }

    @Test func rmiWithNoPruneKeepsTheUntaggedParent() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage(nil)
        let child = try fixture.makeChild(of: base, step: "CMD [\"sh\"]", name: "child:v1")
        let results = try fixture.store.remove("child:v1", prune: false)
        #expect(results.map(\.description) == ["Untagged: child:v1", "Deleted: \(child)"])
        #expect(try fixture.store.images().map(\.id) == [base])
    }

    @Test func rmiDoesNotPruneATaggedParent() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage("base:v1")
        try fixture.makeChild(of: base, step: "CMD [\"sh\"]", name: "child:v1")
        _ = try fixture.store.remove("child:v1")
        #expect(try fixture.store.images().map(\.id) == [base])
    }

    @Test(arguments: [("nothing", "No such image: nothing"), ("team/app:v2", "No such image: team/app:v2")])
    func rmiOfAMissingImageSaysNoSuchImage(name: String, message: String) throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        do {
            _ = try fixture.store.remove(name)
            Issue.record("rmi of a missing image succeeded")
        } catch {
            #expect(error.code == .noSuchImage)
            #expect(error.message == message)
        }
    }

    @Test func ambiguousIDPrefixIsAnError() throws {
        let fixture = try StoreFixture()
        var ids: [Digest] = []
        for seed in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r"] {
            ids.append(try fixture.importImage(nil, seed: seed))
        }
        // With 18 images two must share a first hex digit.
        let shared = try #require(Dictionary(grouping: ids, by: { $0.encoded.prefix(1) }).first { $0.value.count > 1 })
        #expect(throws: StoreError.self) { _ = try fixture.store.remove(String(shared.key)) }
    }
}
