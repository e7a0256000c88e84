import OCI
import Testing
import Trace

@testable import Store

/// When `rmi` takes a name away but leaves the image, or stops pruning at a parent, the trace
/// says what keeps the image; a refusal over child images names the named images built on it.
@Suite struct ImageKeptTests {
    private func kept(_ fixture: StoreFixture) -> [ImageKept] {
        fixture.sink.events.compactMap { if case .imageKept(let kept) = $0 { kept } else { nil } }
    }

    @Test func anImageWithAnotherNameIsKeptForThatName() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "mirror/demo:v1")
        _ = try fixture.store.remove("demo:v1")
        let mirror = try Reference.parseDocker("mirror/demo:v1")
        #expect(kept(fixture) == [ImageKept(image: id, cause: .referencedInRepositories([mirror]))])
    }

    @Test func anUntaggedBaseIsKeptForTheNamedImageBuiltOnIt() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage("base:v1")
        let step = try fixture.makeChild(of: base, step: "RUN echo one")
        try fixture.makeChild(of: step, step: "CMD [\"sh\"]", name: "app:v1")
        let results = try fixture.store.remove("base:v1")
        #expect(results.map(\.description) == ["Untagged: base:v1"])
        let app = try Reference.parseDocker("app:v1")
        #expect(kept(fixture) == [ImageKept(image: base, cause: .dependentChildren([step]), namedDescendants: [app])])
    }

    @Test func pruningStopsAtANamedParentAndSaysSo() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage("base:v1")
        let step = try fixture.makeChild(of: base, step: "RUN echo one")
        let app = try fixture.makeChild(of: step, step: "CMD [\"sh\"]", name: "app:v1")
        let results = try fixture.store.remove("app:v1")
        #expect(results.filter { if case .deleted(let id) = $0 { id == app || id == step } else { false } }.count == 2)
        let name = try Reference.parseDocker("base:v1")
        #expect(kept(fixture) == [ImageKept(image: base, child: step, cause: .referencedInRepositories([name]))])
    }

    @Test func pruningStopsAtAParentWithAnotherChild() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage(nil)
        let sibling = try fixture.makeChild(of: base, step: "CMD [\"a\"]", name: "one:v1")
        let app = try fixture.makeChild(of: base, step: "CMD [\"b\"]", name: "two:v1")
        _ = try fixture.store.remove("two:v1")
        let one = try Reference.parseDocker("one:v1")
        #expect(
            kept(fixture) == [
                ImageKept(image: base, child: app, cause: .dependentChildren([sibling]), namedDescendants: [one])
            ])
    }

    @Test func aRefusalOverChildImagesNamesTheNamedImagesOnTop() throws {
        let fixture = try StoreFixture()
        let base = try fixture.importImage("base:v1")
        let step = try fixture.makeChild(of: base, step: "RUN echo one")
        try fixture.makeChild(of: step, step: "CMD [\"sh\"]", name: "app:v1")
        try fixture.makeChild(of: step, step: "CMD [\"ls\"]", name: "tool:v1")
        #expect(throws: StoreError.self) { try fixture.store.remove(base.shortID) }
        let conflicts = fixture.sink.events.compactMap { if case .rmiConflict(let c) = $0 { c } else { nil } }
        #expect(conflicts.map(\.cause) == [.dependentChildren([step])])
        #expect(
            conflicts.map(\.namedDescendants) == [[try Reference.parseDocker("app:v1"), try .parseDocker("tool:v1")]])
        #expect(kept(fixture).isEmpty)
    }
}
