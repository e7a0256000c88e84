import OCI
import Render
import Testing
import Trace

/// A classic build's trace told as a learner reads it: the step's own lines, not the create,
/// commit and rm each step runs; and each new word explained once, where it first appears.
@Suite struct NarrationStreamTests {
    static let base = Digest.sha256(of: Array("base".utf8))
    static let built = Digest.sha256(of: Array("built".utf8))
    static let layer = Digest.sha256(of: Array("layer".utf8))
    static let blob = Digest.sha256(of: Array("blob".utf8))

    /// Operation 1 builds `FROM base` then `RUN …`; the RUN runs operations 2 (create), 3 (commit)
    /// and 4 (rm), as the classic builder's trace has them.
    static func trace() throws -> [TraceRecord] {
        let name = try Reference.parseDocker("demo:v1")
        let events: [(Int, TraceEvent)] = [
            (1, .operationStarted(kind: "build", arguments: ["-t", "demo:v1", "."])),
            (1, .buildStarted(builder: .classic, dockerfile: "Dockerfile", contextSize: 42)),
            (
                1,
                .buildStepStarted(
                    BuildStepInfo(number: 1, total: 2, stage: 0, stageName: nil, instruction: "FROM base", line: 1))
            ),
            (1, .buildStepFinished(BuildStepResult(number: 1, image: base, layer: nil, cache: .notApplicable))),
            (
                1,
                .buildStepStarted(
                    BuildStepInfo(number: 2, total: 2, stage: 0, stageName: nil, instruction: "RUN make", line: 2))
            ),
            (2, .operationStarted(kind: "create", arguments: [base.description])),
            (2, .containerCreated(id: "c0ffee", name: "busy_bee", image: base)),
            (2, .operationFinished(error: nil)),
            (3, .operationStarted(kind: "commit", arguments: ["c0ffee"])),
            (3, .blobStored(BlobInfo(digest: blob, size: 9, mediaType: .ociLayerGzip, alreadyPresent: false))),
            (3, .layerRegistered(LayerInfo(chainID: layer, diffID: layer, parent: nil, size: 5, cacheID: "x"))),
            (3, .imageCreated(ImageInfo(id: built, parent: base, layers: [layer], layerSizes: [5], createdBy: "make"))),
            (3, .operationFinished(error: nil)),
            (4, .operationStarted(kind: "rm", arguments: ["c0ffee"])),
            (4, .containerRemoved(id: "c0ffee", name: "busy_bee")),
            (4, .operationFinished(error: nil)),
            (
                1,
                .buildStepFinished(
                    BuildStepResult(number: 2, image: built, layer: layer, cache: .miss, reason: .newParent))
            ),
            (1, .tagAdded(name, image: built, previous: nil)),
            (1, .buildFinished(image: built, references: [name])),
            (1, .operationFinished(error: nil)),
        ]
        return events.enumerated().map {
            TraceRecord(sequence: $0.offset + 1, operation: $0.element.0, event: $0.element.1)
        }
    }

    @Test(arguments: Language.allCases)
    func aBuildStepsOwnOperationsAreToldByTheStepsLines(language: Language) throws {
        let narrator = Narrator(language: language)
        let records = try Self.trace()
        // Kept: the build's own records and the new layer; the RUN's container in one short line.
        let kept = records.filter { record in
            if case .layerRegistered = record.event { return true }
            return record.operation == 1
        }
        let told = narrator.narrate(records)
        let container = told.filter { $0.text.contains("c0ffee") }
        #expect(container.count == 1 && container[0].text.count < 60, "\(container)")
        #expect(told.filter { !$0.text.contains("c0ffee") } == kept.flatMap { narrator.narrate($0) })
        #expect(told.filter { $0.kind == .heading }.count == 3, "the build and its two steps")
    }

    @Test(arguments: Language.allCases)
    func eachWordIsExplainedOnceWhereItIsFirstUsed(language: Language) throws {
        let records = try Self.trace()
        let narrator = Narrator(language: language)
        var explained: Set<Term> = []
        let first = narrator.narrate(records, explaining: &explained)
        let terms = first.filter { $0.kind == .term }.map(\.text)
        #expect(
            terms == [.intermediateContainer, .layer, .intermediateImage, .tag].map { narrator.explanation(of: $0) },
            "a container in a build is an intermediate one; the commit's blob and image lines are not shown")
        #expect(explained == [.intermediateContainer, .layer, .intermediateImage, .tag])
        // Each explanation follows the line that brought its word up.
        let container = first.firstIndex { $0.text == narrator.explanation(of: .intermediateContainer) }
        #expect(container.map { first[$0 - 1].text.contains("c0ffee") } == true)

        let again = narrator.narrate(records, explaining: &explained)
        #expect(again.allSatisfy { $0.kind != .term }, "explained once a session")
        #expect(again == narrator.narrate(records))
    }

    /// A push asks the registry about every layer: the same question with the same answer is told
    /// once an operation, and again in the next operation.
    @Test func aRepeatedExchangeIsToldOnceAnOperation() {
        let blobHead = { (digest: Int) in
            TraceEvent.httpExchange(
                HTTPExchange(
                    method: "HEAD", path: "/v2/tour/web/blobs/sha256:\(digest)", status: 404, bytes: 0,
                    endpoint: .blobExists))
        }
        let challenge = TraceEvent.authStep(
            AuthStep(
                kind: .challenged, scheme: "Bearer", realm: "http://127.0.0.1/token", service: nil, scope: nil,
                user: nil))
        let events: [(Int, TraceEvent)] = [
            (1, challenge), (1, blobHead(1)), (1, challenge), (1, blobHead(2)), (1, blobHead(3)),
            (2, blobHead(4)),
        ]
        let records = events.enumerated().map {
            TraceRecord(sequence: $0.offset + 1, operation: $0.element.0, event: $0.element.1)
        }
        let told = Narrator(language: .en).narrate(records).map(\.text)
        #expect(told.count == 3, "\(told)")
        #expect(told.filter { $0.hasPrefix("HTTP HEAD") }.count == 2)
        #expect(told.first { $0.hasPrefix("HTTP HEAD") }?.contains("this repository does not have the blob") == true)
        #expect(told.allSatisfy { !$0.contains("Docker Hub login") })
    }

    /// Every layer of a pull goes the same way: the first layer's steps are told, and of the others
    /// only what became of each (and a retry, which is news).
    @Test func aLayersWayThroughAPullIsToldForTheFirstLayerOnly() {
        let blobs = (1...3).map { Digest.sha256(of: Array("blob \($0)".utf8)) }
        var events: [TraceEvent] = []
        for blob in blobs {
            events += [
                .pullLayer(digest: blob, step: .pullingFsLayer),
                .pullLayer(digest: blob, step: .downloadStarted(size: 100)),
                .pullLayer(digest: blob, step: .downloadComplete),
                .pullLayer(digest: blob, step: .extracting),
            ]
        }
        events += [.pullLayer(digest: blobs[2], step: .retrying(resumingAt: 10))]
        events += blobs.map { .pullLayer(digest: $0, step: .pullComplete, layer: $0) }
        let records = events.enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
        let told = Narrator(language: .en).narrate(records).map(\.text)
        #expect(told.filter { $0.hasPrefix("Downloading layer") }.count == 1, "\(told)")
        #expect(told.filter { $0.hasPrefix("Extracting layer") }.count == 1)
        #expect(told.filter { $0.contains(blobs[2].shortID) && $0.contains("resumes") }.count == 1, "\(told)")
        #expect(told.filter { $0.hasPrefix("Pull complete for layer") }.count == 3)
        // Interleaved, as a real pull goes: the small second layer finishes first, and is still not told.
        let interleaved: [TraceEvent] = [
            .pullLayer(digest: blobs[0], step: .pullingFsLayer), .pullLayer(digest: blobs[1], step: .pullingFsLayer),
            .pullLayer(digest: blobs[1], step: .downloadComplete),
            .pullLayer(digest: blobs[0], step: .downloadComplete),
        ]
        let toldInterleaved = Narrator(language: .en).narrate(
            interleaved.enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
        ).map(\.text)
        #expect(
            toldInterleaved.count == 2 && toldInterleaved.allSatisfy { $0.contains(blobs[0].shortID) },
            "\(toldInterleaved)")
        // Another operation tells its first layer's way again.
        let again = records + records.map { TraceRecord(sequence: $0.sequence + 100, operation: 2, event: $0.event) }
        #expect(Narrator(language: .en).narrate(again).filter { $0.text.hasPrefix("Downloading layer") }.count == 2)
    }

    /// Each step after a miss misses too, for the same reason: the reason is given once a build.
    @Test(arguments: Language.allCases)
    func aCacheMissReasonIsGivenOncePerBuild(language: Language) {
        let miss = { (number: Int) in
            TraceEvent.buildStepFinished(
                BuildStepResult(number: number, image: Self.built, layer: nil, cache: .miss, reason: .newParent))
        }
        let events: [TraceEvent] = [
            .buildStarted(builder: .classic, dockerfile: "Dockerfile", contextSize: 1), miss(2), miss(3), miss(4),
            .buildStarted(builder: .classic, dockerfile: "Dockerfile", contextSize: 1), miss(2),
        ]
        let records = events.enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
        let told = Narrator(language: language).narrate(records).map(\.text)
        let reason = language == .zh ? "之前没有任何构建" : "no earlier build made a step on this parent image"
        #expect(told.filter { $0.contains(reason) }.count == 2, "once in each build: \(told)")
        #expect(told.filter { $0.contains(language == .zh ? "原因同上" : "for the same reason") }.count == 2)
    }

    /// A commit stores the layer's blob before it registers the layer; a learner is told the layer
    /// first. A blob no layer line follows is told where it was, and one at the very end too.
    @Test func aBlobIsToldAfterTheLayerItPacks() {
        let blob = TraceEvent.blobStored(
            BlobInfo(digest: Self.blob, size: 9, mediaType: .ociLayerGzip, alreadyPresent: false))
        let layer = TraceEvent.layerRegistered(
            LayerInfo(chainID: Self.layer, diffID: Self.layer, parent: nil, size: 5, cacheID: "x"))
        let image = TraceEvent.imageDeleted(id: Self.built)
        let narrator = Narrator(language: .en)
        let tell = { (events: [TraceEvent]) in
            narrator.narrate(
                events.enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
            ).map(\.text)
        }
        let one = { (event: TraceEvent) in
            narrator.narrate(TraceRecord(sequence: 1, operation: 1, event: event))[0].text
        }
        #expect(tell([blob, layer]) == [one(layer), one(blob)])
        #expect(tell([blob, image, layer]) == [one(blob), one(image), one(layer)])
        #expect(tell([image, blob]) == [one(image), one(blob)])
    }

    /// A small blob says that tar headers and gzip can outweigh the files only when, beside the
    /// layer's bytes, they do: 15 bytes of files in 169, not 501 bytes of repetitive text in 104.
    @Test(arguments: [(blob: Int64(169), files: Int64(15), told: true), (104, 501, false), (2000, 10, false)])
    func aSmallBlobComparesItselfWithTheLayersFiles(sizes: (blob: Int64, files: Int64, told: Bool)) {
        let events: [TraceEvent] = [
            .blobStored(BlobInfo(digest: Self.blob, size: sizes.blob, mediaType: .ociLayerGzip, alreadyPresent: false)),
            .layerRegistered(
                LayerInfo(chainID: Self.layer, diffID: Self.layer, parent: nil, size: sizes.files, cacheID: "x")),
        ]
        for language in Language.allCases {
            let told = Narrator(language: language).narrate(
                events.enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
            ).map(\.text).joined()
            #expect(told.contains(language == .zh ? "512 字节的头" : "512-byte headers") == sizes.told, "\(told)")
        }
    }

    /// `run` is one command: the start, attach and wait of its container follow as operations of
    /// their own, told without their headings and their `Done`; a container of another command is not.
    @Test func runsOwnStartAttachAndWaitAreToldWithoutHeadings() {
        let id = String(repeating: "ab", count: 32)
        let events: [(Int, TraceEvent)] = [
            (1, .operationStarted(kind: .run, arguments: ["demo:v1", "true"])),
            (1, .containerCreated(id: id, name: "busy", image: Self.base)), (1, .operationFinished(error: nil)),
            (2, .operationStarted(kind: .start, arguments: [id])), (2, .operationFinished(error: nil)),
            (3, .operationStarted(kind: .attach, arguments: [String(id.prefix(12))])),
            (3, .operationFinished(error: nil)),
            (4, .operationStarted(kind: .wait, arguments: [String(id.prefix(12))])),
            (4, .containerExited(id: id, exitCode: 0)), (4, .operationFinished(error: nil)),
            (5, .operationStarted(kind: .start, arguments: ["other"])), (5, .operationFinished(error: nil)),
        ]
        let records = events.enumerated().map {
            TraceRecord(sequence: $0.offset + 1, operation: $0.element.0, event: $0.element.1)
        }
        let told = Narrator(language: .en).narrate(records)
        #expect(told.map(\.kind) == [.heading, .step, .step, .heading, .outcome], "\(told)")
        #expect(told[3].text.hasPrefix("layerlab start other"))
    }

    /// Every step of a second build hits the cache: the first hit is explained, the others are short.
    @Test func aCacheHitIsExplainedOncePerBuild() {
        let hit = TraceEvent.buildStepFinished(
            BuildStepResult(number: 2, image: Self.built, layer: Self.layer, cache: .hit))
        let events: [TraceEvent] = [
            .buildStarted(builder: .classic, dockerfile: "Dockerfile", contextSize: 1), hit, hit, hit,
        ]
        let records = events.enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
        let told = Narrator(language: .en).narrate(records).map(\.text)
        #expect(told.filter { $0.contains("an earlier build ran this same step") }.count == 1, "\(told)")
        #expect(told.filter { $0.hasPrefix("Using cache again") }.count == 2)
    }

    @Test func registryExchangesAreOfTheirOwnKind() {
        let exchange = TraceEvent.httpExchange(
            HTTPExchange(method: "GET", path: "/v2/", status: 401, bytes: 0, endpoint: .apiVersion))
        let told = Narrator(language: .en).narrate(TraceRecord(sequence: 1, operation: 1, event: exchange))
        #expect(told.map(\.kind) == [.exchange])
        #expect(told.first?.text.contains("even after a login") == true)
    }
}
