import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

@testable import Store

@Suite struct TagTests {
    @Test func tagAddsANameAndRepositoriesJSONUsesFamiliarNames() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "localhost:5000/team/demo")
        #expect(try fixture.store.image("localhost:5000/team/demo:latest").id == id)
        let json = try String(contentsOfFile: fixture.store.layout.repositories, encoding: .utf8)
        #expect(json.contains("\"demo\":{\"demo:v1\":\"\(id)\"}"))
        #expect(json.contains("\"localhost:5000/team/demo\":{\"localhost:5000/team/demo:latest\":\"\(id)\"}"))
    }

    @Test func tagMovesANameFromOneImageToAnother() throws {
        let fixture = try StoreFixture()
        let first = try fixture.importImage("app:latest", seed: "one")
        let second = try fixture.importImage("next:v1", seed: "two")
        try fixture.store.tag("next:v1", as: "app")
        #expect(try fixture.store.image("app").id == second)
        #expect(try fixture.store.image(first.description).references.isEmpty)
        #expect(
            fixture.sink.events.contains(.tagAdded(try Reference.parseDocker("app"), image: second, previous: first)))
    }

    @Test func tagOfAMissingImageSaysNoSuchImage() throws {
        let fixture = try StoreFixture()
        do {
            try fixture.store.tag("ghost", as: "x:v1")
            Issue.record("tag of a missing image succeeded")
        } catch {
            #expect(error.code == .noSuchImage)
            #expect(error.message == "No such image: ghost:latest")
        }
    }

    @Test(arguments: ["UPPER:v1", "a:b:c", "x@sha256:" + String(repeating: "a", count: 64), "bad tag"])
    func invalidTargetsAreRefused(target: String) throws {
        let fixture = try StoreFixture()
        try fixture.importImage("demo:v1")
        let before = fixture.snapshot
        #expect(throws: StoreError.self) { try fixture.store.tag("demo:v1", as: target) }
        #expect(fixture.snapshot == before)
    }
}
