import Foundation
import OCI
import Registry
import Store
import Testing
import Trace
import Transfer

@testable import Render

/// The transfer diagram and the narration of real pushes and pulls.
@Suite struct TransferDiagramTests {
    let fixture = RegistryFixture()

    /// Pushes `demo:1` to a/demo, then a sibling on the same layer to b/demo mounting from a/demo,
    /// and pulls both into a second store: the records of all four, and `demo:1`'s ID.
    private func recordTransfers() async throws -> (records: [TraceRecord], image: Digest) {
        let fixture = self.fixture
        let recording = RecordingSink()
        let source = try fixture.makeStore("source", trace: TraceRecorder(sinks: [recording]))
        let image = try fixture.makeImage(in: source, name: "demo:1")
        try fixture.makeImage(in: source, name: "demo:labelled", labels: ["edition": "2"])
        let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [recording]))
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let first = try Reference.parseDocker("127.0.0.1:\(port)/a/demo:1")
            let second = try Reference.parseDocker("127.0.0.1:\(port)/b/demo:1")
            _ = try await Pusher(store: source, client: client).push(first, image: "demo:1")
            _ = try await Pusher(store: source, client: client).push(
                second, image: "demo:labelled")
            _ = try await Puller(store: target, client: client).pull(first)
            _ = try await Puller(store: target, client: client).pull(second)
        }
        return (recording.records, image)
    }

    @Test func sharedLayersAreSetApartFromTheOnesThatTravelled() async throws {
        let recording = try await recordTransfers()
        let graph = TransferDiagram(records: recording.records).graph()
        let transfers = graph.clusters.filter { $0.id.hasPrefix("op") }
        #expect(transfers.count == 4)
        func labels(_ cluster: Cluster) -> [String] {
            cluster.nodes.filter { $0.id.contains(":blob:") }.compactMap { $0.attributes.text("label") }
        }
        /// The second line of each layer's label: what happened to it.
        func statuses(_ cluster: Cluster) -> [String] {
            labels(cluster).map { $0.split(separator: "\n").dropFirst().first.map(String.init) ?? "" }
        }
        #expect(transfers.allSatisfy { !labels($0).isEmpty })
        #expect(statuses(transfers[0]).allSatisfy { $0 == "Pushed" })
        #expect(statuses(transfers[1]).allSatisfy { $0 == "Mounted from a/demo" })
        #expect(statuses(transfers[2]).contains("Pull complete"))
        #expect(statuses(transfers[3]).allSatisfy { $0 == "Already exists" })
        let svg = try Graphviz.render(dot: DOTWriter.write(graph), format: .svg)
        #expect(String(decoding: svg, as: UTF8.self).contains("Mounted from a/demo"))
    }

    /// A layer travels as a blob and is kept under its chain ID: each transferred layer's label
    /// says which layer it is in the store, with the words the layer graph labels that layer with.
    @Test func eachTransferredLayerNamesItsLayerAsTheLayerGraphDoes() async throws {
        let recording = try await recordTransfers()
        let snapshot = TraceReplay(recording.records).snapshot
        // `docker push` prints a layer's diff ID, not the blob it sends: so does the diagram.
        let pushed = recording.records.compactMap { record -> (blob: String, diffID: String)? in
            guard case .pushLayer(let blob, _, let diffID?, _) = record.event else { return nil }
            return (blob.shortID, diffID.shortID)
        }
        let pushLabels = TransferDiagram(records: recording.records).graph().clusters
            .filter { $0.id.hasPrefix("op") }.prefix(2).flatMap(\.nodes).filter { $0.id.contains(":blob:") }
            .compactMap { $0.attributes.text("label")?.split(separator: "\n").first.map(String.init) }
        #expect(!pushLabels.isEmpty && Set(pushLabels).isSubset(of: pushed.map(\.diffID)))
        #expect(Set(pushLabels).isDisjoint(with: pushed.map(\.blob)))
        for language in [Language.en, .zh] {
            let words = language.diagramWords
            let transfers = TransferDiagram(records: recording.records, language: language).graph().clusters
                .filter { $0.id.hasPrefix("op") }
            let graphLabels = LayerGraph(snapshot: snapshot, language: language).graph().clusters
                .flatMap(\.nodes).compactMap { $0.attributes.text("label") }
            for transfer in transfers {
                let layers = transfer.nodes.filter { $0.id.contains(":blob:") }
                #expect(!layers.isEmpty)
                for node in layers {
                    let lines = node.attributes.text("label")?.split(separator: "\n").map(String.init) ?? []
                    let named = snapshot.layers.map(\.chainID).filter { lines.last == words.inTheStoreAs($0) }
                    #expect(named.count == 1, "\(language), \(transfer.id): \(lines) names no layer of the store")
                    #expect(
                        named.allSatisfy { chainID in graphLabels.contains { $0.hasPrefix(words.layer(chainID) + "\n") }
                        })
                }
            }
        }
    }

    /// What the registry holds after two pushes of images on one layer and two pulls: two
    /// repositories, each tag naming its manifest, and the layer's blob drawn once, in both.
    @Test func theRegistryDiagramDrawsEachRepositoryAndTheBlobsTheyShare() async throws {
        let recording = try await recordTransfers()
        let address = try #require(
            recording.records.lazy.compactMap { record -> String? in
                if case .imagePushed(let reference, _, _) = record.event { reference.domain } else { nil }
            }.first)
        let graph = RegistryDiagram(records: recording.records, registry: address).graph()
        #expect(graph.clusters.map(\.id) == ["repo:a/demo", "repo:b/demo"])
        let tags = graph.allNodes.filter { $0.id.hasPrefix("tag:") }.compactMap { $0.attributes.text("label") }
        #expect(tags == ["a/demo:1", "b/demo:1"])
        let blobs = graph.allNodes.filter { $0.id.hasPrefix("blob:") }
        let shared = blobs.filter { $0.attributes.text("label")?.contains("in 2 repositories") == true }
        // demo:labelled differs from demo:1 in its config only: their one layer is one blob.
        #expect(shared.count == 1 && blobs.count == 1, "\(blobs.map(\.attributes))")
        for manifest in graph.allNodes.filter({ $0.id.hasPrefix("manifest:") }) {
            #expect(graph.allEdges.contains { $0.from == manifest.id && $0.to == shared[0].id })
        }
        // Only that registry's names: another address holds nothing the trace saw.
        #expect(RegistryDiagram(records: recording.records, registry: "registry.example:5000").graph().clusters.isEmpty)
        // The blob names its layer in the store while the store has it; once rmi deleted the layer,
        // the registry's blob stays and names no layer.
        let words = Language.en.diagramWords
        let inStore = TraceReplay(recording.records).snapshot.layers
        #expect(shared[0].attributes.text("label")?.contains(words.inTheStoreAs(inStore[0].chainID)) == true)
        let deleted =
            recording.records
            + inStore.enumerated().map { index, layer in
                TraceRecord(sequence: recording.records.count + index + 1, operation: 999, event: .layerDeleted(layer))
            }
        let after = RegistryDiagram(records: deleted, registry: address).graph().allNodes.filter {
            $0.id.hasPrefix("blob:")
        }
        #expect(
            after.count == 1
                && after[0].attributes.text("label")?.contains("\n" + words.inTheStoreAs(inStore[0].chainID)) == false)
    }

    /// The layer details in the trace are data, and each language phrases them.
    @Test func sizesAndSharingAreNarratedInEachLanguagesOwnWords() async throws {
        let (records, image) = try await recordTransfers()
        let english = Narrator(language: .en).narrate(records).map(\.text)
        let chinese = Narrator(language: .zh).narrate(records).map(\.text)
        #expect(english.contains { $0.hasPrefix("Downloading layer ") && $0.hasSuffix(" bytes).") })
        #expect(english.contains { $0.contains("Already exists") && $0.contains("(used by \(image.shortID))") })
        #expect(chinese.contains { $0.hasPrefix("正在下载镜像层 ") && $0.hasSuffix(" 字节）。") })
        #expect(chinese.contains { $0.contains("已存在") && $0.contains("（镜像 \(image.shortID) 正在使用它）") })
        #expect(!chinese.joined().contains("used by") && !chinese.joined().contains("bytes"))
    }
}
