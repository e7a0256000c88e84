import Foundation
import LayerlabTestSupport
import OCI
import Testing
import Trace

/// The JSON Lines schema (`Schemas/trace-record.schema.json`) describes every event the engine
/// writes: one record of each event kind validates against it, and it names no event the engine
/// lacks. The traces the command-line tests write are checked against it too (LiveReplayTests).
@Suite struct TraceSchemaTests {
    static let image = Digest.sha256(of: Array("config".utf8))
    static let layer = Digest.sha256(of: Array("layer".utf8))

    /// One event of each kind, with every optional field filled somewhere.
    static func everyEvent() throws -> [TraceEvent] {
        let reference = try Reference.parseDocker("127.0.0.1:5000/team/demo:v1")
        let layerInfo = LayerInfo(chainID: layer, diffID: layer, parent: image, size: 3, cacheID: "abc")
        let imageInfo = ImageInfo(id: image, parent: layer, layers: [layer], layerSizes: [3], createdBy: "import")
        let snapshotImage = StoreSnapshot.Image(
            id: image, parent: nil, layers: [layer], references: [reference],
            created: Timestamp(rawValue: "2023-11-14T22:13:20Z"), createdBy: "import", size: 3)
        let stack = UnionStackReport(
            image: image, name: "demo:v1",
            layers: [.init(chainID: layer, size: 3, added: ["a"], changed: ["b"], removed: ["c"])],
            merged: [.init(path: "a", layer: 0)])
        let step = BuildStepInfo(number: 1, total: 2, stage: 0, stageName: "build", instruction: "RUN true", line: 2)
        let conflicts: [RmiConflict.Cause] = [
            .dependentChildren([image]), .referencedInRepositories([reference]),
            .usedByContainer(id: "c0ffee", running: true), .containerUsesReference(reference, container: "c0ffee"),
        ]
        let steps: [LayerTransferStep] = [
            .alreadyExists(usedBy: [image]), .pullingFsLayer, .waiting, .downloadStarted(size: 9),
            .downloadProgress(received: 4, total: 9), .retrying(resumingAt: 4), .verifyingChecksum, .downloadComplete,
            .extracting, .pullComplete, .preparing, .layerAlreadyExists, .mountedFrom(repository: "team/base"), .pushed,
        ]
        return [
            .operationStarted(kind: .pull, arguments: ["demo"]), .operationFinished(error: nil),
            .operationFinished(error: "it broke"),
            .blobStored(BlobInfo(digest: layer, size: 9, mediaType: .ociLayerGzip, alreadyPresent: false)),
            .layerRegistered(layerInfo), .layerReused(layerInfo, sharedWith: [image]),
            .layerReleased(chainID: layer, remainingReferences: 1),
            .layerReleased(chainID: layer, remainingReferences: 2, usedBy: [image]), .layerDeleted(layerInfo),
            .imageCreated(imageInfo), .imageReused(imageInfo), .imageDeleted(id: image),
            .parentPruned(image: image, child: layer),
            .tagAdded(reference, image: image, previous: layer), .tagRemoved(reference, image: image),
            .storeSnapshot(
                StoreSnapshot(
                    images: [snapshotImage], layers: [layerInfo],
                    containers: [
                        .init(
                            id: String(repeating: "c", count: 64), name: "web", image: image, exitCode: 0, size: 12)
                    ])
            ), .unionStack(stack),
            .historyListed(
                HistoryListing(
                    image: image, requested: "demo:v1",
                    steps: [
                        .init(
                            image: image, created: Timestamp(rawValue: "2023-11-14T22:13:20Z"),
                            createdBy: "CMD [\"sh\"]",
                            comment: "", addsLayer: false, size: 0, tags: [reference]),
                        .init(
                            image: nil, created: nil, createdBy: "", comment: "Imported from -", addsLayer: true,
                            size: 3,
                            tags: []),
                    ])),
            .imagesListed(
                ImagesListing(
                    images: [.init(id: image, references: [reference], layers: [layer], layerSizes: [3])], all: false,
                    hiddenIntermediates: 2, quiet: true)),
            .imagesSaved(format: "docker", destination: "out.tar", images: [image]),
            .imageLoaded(id: image, references: [reference]),
            .containerCreated(id: "c0ffee", name: "web", image: image),
            .containerExited(id: "c0ffee", exitCode: 0, layerSize: 12),
            .objectInspected(
                InspectedObject(kind: .image, id: image.description, requested: "demo:v1", layers: [layer])),
            .objectInspected(
                InspectedObject(
                    kind: .container, id: String(repeating: "c", count: 64), requested: "web", image: image)),
            .containerExported(id: String(repeating: "c", count: 64), name: "web", destination: "web.tar"),
            .containerChangesListed(
                ContainerChanges(
                    id: String(repeating: "c", count: 64), name: "web",
                    entries: [.init(.added, "/hello"), .init(.changed, "/etc"), .init(.deleted, "/etc/os-release")])),
            .containerOutput(ContainerOutput(container: "c0ffee", stream: .standardOutput, bytes: Array("hi\n".utf8))),
            .containerOutput(ContainerOutput(container: "c0ffee", stream: .standardError, bytes: [0xFF, 0x00])),
            .containerRemoved(id: "c0ffee", name: "web"),
            .containersListed(
                ContainersListing(
                    containers: [.init(id: "c0ffee", name: "web", image: image, running: false, neverStarted: true)],
                    all: true)),
            .unionLookup(path: "etc/passwd", layer: 0), .unionLookup(path: "nothing", layer: nil),
            .whiteoutApplied(path: "a", layer: 1, opaque: true), .copyUp(path: "a", fromLayer: 0),
            .copyUp(path: "d", fromLayer: 0, isDirectory: true),
            .whiteoutWritten(path: "a", opaque: false),
            .buildStarted(builder: .classic, dockerfile: "Dockerfile", contextSize: 58), .buildStepStarted(step),
            .buildTrigger(BuildTriggerInfo(step: 1, index: 0, count: 1, instruction: "RUN echo child")),
            .buildStepFinished(
                BuildStepResult(number: 1, image: image, layer: layer, cache: .miss, reason: .newParent)),
            .buildArgumentsUnused(["EXTRA"]), .buildFinished(image: image, references: [reference]),
            .httpExchange(HTTPExchange(method: "GET", path: "/v2/", status: 200, bytes: 2, endpoint: .apiVersion)),
            .httpExchange(
                HTTPExchange(
                    method: "GET", path: "/token", status: 200, bytes: 9, endpoint: .token,
                    scope: "repository:team/demo:pull")),
            .authStep(
                AuthStep(
                    kind: .tokenRequested, scheme: "Bearer", realm: "http://127.0.0.1/token", service: "registry",
                    scope: "repository:team/demo:pull", user: "learner")),
            .searchListed(
                SearchListing(
                    term: "demo", hits: [.init(name: "team/demo", description: "a demo", stars: 0, official: false)],
                    fullDescriptions: true, template: "{{.Name}}")),
            .pullStarted(reference), .pushStarted(reference),
            .imagePulled(reference, manifest: layer, image: image, upToDate: false),
            .imagePushed(reference, manifest: layer, size: 401),
            .storeRecovered(RecoveredEntry(path: "tmp/pull-3k2", reason: .staging)),
            .storeProblem(
                StoreProblem(
                    kind: .blobCorrupt, subject: layer.description, detail: "its bytes hash to …", repaired: true)
            ),
            .storeChecked(StoreCheckSummary(blobs: 1, layers: 1, images: 1, tags: 1, verifiedBytes: 3, problems: 1)),
        ]
            + conflicts.map {
                .rmiConflict(RmiConflict(image: image, requested: "demo", cause: $0, isHard: true, message: "no"))
            }
            + [
                .rmiConflict(
                    RmiConflict(
                        image: image, requested: "demo", cause: conflicts[0], isHard: true, message: "no",
                        namedDescendants: [reference])),
                .rmiConflict(
                    RmiConflict(
                        image: image, requested: "demo", cause: conflicts[2], isHard: true, message: "no",
                        containerName: "web")),
                .imageKept(ImageKept(image: image, cause: conflicts[1])),
                .imageKept(ImageKept(image: image, child: layer, cause: conflicts[0], namedDescendants: [reference])),
            ]
            + steps.map { .pullLayer(digest: layer, step: $0) }
            + [
                .pullLayer(digest: layer, step: .pullComplete, layer: image),
                .pushLayer(digest: layer, step: .pushed),
                .pushLayer(digest: layer, step: .pushed, diffID: layer, layer: image),
            ]
    }

    /// Which event kind `event` is. An exhaustive switch: a new event does not compile here until
    /// it has a sample above and a place in the schema.
    static func kind(_ event: TraceEvent) -> String {
        switch event {
        case .operationStarted, .operationFinished, .blobStored, .layerRegistered, .layerReused, .layerReleased,
            .layerDeleted, .imageCreated, .imageReused, .imageDeleted, .parentPruned, .tagAdded, .tagRemoved,
            .rmiConflict, .imageKept,
            .storeSnapshot, .unionStack, .historyListed, .imagesListed, .imagesSaved, .imageLoaded, .containerCreated,
            .containerExited,
            .containerOutput, .containerRemoved, .containersListed, .containerChangesListed, .objectInspected,
            .containerExported,
            .unionLookup,
            .whiteoutApplied, .copyUp,
            .whiteoutWritten,
            .buildStarted, .buildStepStarted, .buildTrigger, .buildStepFinished, .buildFinished, .buildArgumentsUnused,
            .httpExchange, .authStep, .searchListed, .pullStarted, .pushStarted, .pullLayer, .pushLayer, .imagePulled,
            .imagePushed, .storeRecovered, .storeProblem, .storeChecked:
            event.name
        }
    }

    static let eventKindCount = 51

    @Test func theSamplesCoverEveryEventKind() throws {
        #expect(Set(try Self.everyEvent().map(Self.kind)).count == Self.eventKindCount)
    }

    @Test func theSchemaNamesExactlyTheEngineEvents() throws {
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TraceSchema.path)))
        let definitions = (schema as? [String: Any])?["$defs"] as? [String: Any]
        let event = definitions?["event"] as? [String: Any]
        let names = (event?["oneOf"] as? [[String: Any]])?.compactMap {
            ($0["required"] as? [String])?.first
        }
        #expect(Set(names ?? []) == Set(try Self.everyEvent().map(Self.kind)))
    }

    @Test(.enabled(if: TraceSchema.canValidate, "needs /usr/bin/python3 with python3-jsonschema"))
    func everyEventValidatesAgainstTheSchema() throws {
        let folder = TemporaryDirectory("schema")
        let path = folder.file("every.jsonl")
        do {
            let recorder = TraceRecorder(sinks: [try JSONLinesSink(path: path)])
            try recorder.operation(.pull) { op in try Self.everyEvent().forEach { op.emit($0) } }
        }
        let result = try TraceSchema.validate([path])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(result.stdoutText.contains("\(try Self.everyEvent().count + 2) records valid"))
    }

    @Test(.enabled(if: TraceSchema.canValidate, "needs /usr/bin/python3 with python3-jsonschema"))
    func aRecordTheSchemaRefusesIsNamedWithItsLine() throws {
        let folder = TemporaryDirectory("schema")
        let good = #"{"event":{"imageDeleted":{"id":"\#(Self.image)"}},"operation":1,"sequence":1,"version":2}"#
        let bad = #"{"event":{"imageDeleted":{"id":"sha256:nothex"}},"operation":1,"sequence":2,"version":2}"#
        let path = try folder.write("bad.jsonl", good + "\n" + bad + "\n")
        let result = try TraceSchema.validate([path])
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("\(path):2:"), "\(result.stdoutText)")
    }
}
