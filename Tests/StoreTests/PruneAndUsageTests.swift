import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

@Suite struct PruneAndUsageTests {
    @Test func pruneRemovesOnlyDanglingImages() throws {
        let fixture = try StoreFixture()
        try fixture.importImage("kept:v1", seed: "kept")
        let dangling = try fixture.importImage(nil, seed: "dangling")
        let report = try fixture.store.prune(all: false)
        #expect(report.results.first == .deleted(dangling))
        #expect(report.spaceReclaimed > 0)
        #expect(try fixture.store.images().map(\.references.first?.familiarString) == ["kept:v1"])
    }

    @Test func pruneKeepsAnUntaggedParentWhoseChildIsTagged() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage(nil)
        let child = try fixture.makeChild(of: base, step: "CMD [\"sh\"]", name: "child:v1")
        let report = try fixture.store.prune(all: false)
        #expect(report.results.isEmpty)
        #expect(Set(try fixture.store.images().map(\.id)) == [base, child])
    }

    @Test func pruneAllRemovesTaggedImagesAndTheirIntermediateParents() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage(nil)
        let child = try fixture.makeChild(of: base, step: "CMD [\"sh\"]", name: "child:v1")
        let report = try fixture.store.prune(all: true)
        #expect(
            report.results.map(\.description).prefix(3) == [
                "Untagged: child:v1", "Deleted: \(child)", "Deleted: \(base)",
            ])
        #expect(try fixture.store.images().isEmpty)
    }

    @Test func diskUsageCountsASharedLayerOnceAndSplitsSharedFromUnique() throws {
        let fixture = try StoreFixture()
        let one = try fixture.importImage("one:v1")
        try fixture.importImage("two:v1", message: "same layer")
        let other = try fixture.importImage("other:v1", seed: "other")
        let usage = try fixture.store.diskUsage()
        let layerSizes = try fixture.store.layers().map(\.layer.size)
        #expect(usage.layersSize == layerSizes.reduce(0, +))
        let byID = Dictionary(uniqueKeysWithValues: usage.images.map { ($0.image.id, $0) })
        let shared = try #require(byID[one])
        #expect(shared.uniqueSize == 0)
        #expect(shared.sharedSize == shared.image.size)
        let alone = try #require(byID[other])
        #expect(alone.sharedSize == 0)
        #expect(alone.uniqueSize == alone.image.size)
    }

    /// docker/cli's figures: an image a container uses is active, and only its unique part stays
    /// out of what is reclaimable.
    @Test func aContainersImageIsActiveAndKeepsItsUniquePart() throws {
        let fixture = try StoreFixture()
        let used = try fixture.importImage("used:v1")
        try fixture.importImage("other:v1", seed: "other")
        try fixture.store.containers.create(ContainerSpec(image: "used:v1", command: ["sh"]))
        let usage = try fixture.store.diskUsage()
        #expect(usage.activeImages == 1)
        #expect(usage.containers.count == 1)
        #expect(usage.containers.first?.size == 0, "a new container's layer is empty")
        let image = try #require(usage.images.first { $0.image.id == used })
        #expect(image.containers == 1)
        #expect(image.uniqueSize > 0)
        #expect(usage.reclaimable == usage.layersSize - image.uniqueSize)
        #expect(usage.reclaimableContainerSize == 0)
    }

    @Test func historyListsStepsNewestFirstWithImageIDsOfTheParentChain() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage("base:v1", message: "the base")
        let child = try fixture.makeChild(of: base, step: "/bin/sh -c #(nop)  CMD [\"sh\"]", name: "child:v1")
        let history = try fixture.store.history(of: "child:v1")
        #expect(history.map(\.image) == [child, base])
        #expect(history.map(\.createdBy) == ["/bin/sh -c #(nop)  CMD [\"sh\"]", ""])
        #expect(history.map(\.comment) == ["", "the base"])
        #expect(history[0].size == 0)
        #expect(history[1].size == (try fixture.store.image("base:v1")).size)
        #expect(history[0].tags.map(\.familiarString) == ["child:v1"])
        // The trace has the same listing, and which steps are the named base's.
        let listings = fixture.sink.events.compactMap { if case .historyListed(let l) = $0 { l } else { nil } }
        let listing = try #require(listings.first)
        #expect(listings.count == 1 && listing.image == child && listing.requested == "child:v1")
        #expect(listing.steps.map(\.image) == history.map(\.image))
        #expect(listing.steps.map(\.addsLayer) == [false, true])
        #expect(listing.steps.map(\.size) == history.map(\.size))
        #expect(listing.base?.name.familiarString == "base:v1" && listing.base?.steps == 1)
    }
}
