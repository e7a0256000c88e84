import Foundation
import OCI
import Store
import Testing

@testable import LayerlabCommands

@Suite struct ImageListingTests {
    static func image(_ seed: String, parent: Digest? = nil, created: TimeInterval, references: [String]) throws
        -> ImageRecord
    {
        let config = ImageConfig(
            created: Timestamp(Date(timeIntervalSince1970: created)), diffIDs: [], history: [])
        return ImageRecord(
            id: Digest.sha256(of: Array(seed.utf8)), config: config, parent: parent, layers: [],
            references: try references.map { try Reference(parsing: $0) })
    }

    @Test func untaggedParentsAreHiddenUnlessAllIsAsked() throws {
        let base = try Self.image("base", created: 1, references: [])
        let child = try Self.image("child", parent: base.id, created: 2, references: ["app:v1"])
        let dangling = try Self.image("dangling", created: 3, references: [])
        let rows = ImageListing.rows([base, child, dangling], all: false)
        #expect(rows.map(\.image.id) == [dangling.id, child.id])
        #expect(
            ImageListing.rows([base, child, dangling], all: true).map(\.image.id) == [dangling.id, child.id, base.id])
    }

    @Test func oneRowPerTagAndNoneForDigestOnlyRepositories() throws {
        let digest = "sha256:" + String(repeating: "a", count: 64)
        let image = try Self.image("x", created: 1, references: ["app:v1", "app:v2", "mirror/app@" + digest])
        let rows = ImageListing.rows([image], all: false)
        #expect(
            rows.map { "\($0.repository) \($0.tag) \($0.digest)" } == [
                "app v1 <none>", "app v2 <none>", "mirror/app <none> \(digest)",
            ])
    }
}
