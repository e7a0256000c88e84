import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import Trace

@testable import Render

@Suite struct NarratorTests {
    @Test(arguments: Language.allCases)
    func aRefusedRmiIsExplainedWithWhatToDoInBothLanguages(language: Language) throws {
        let fixture = try TraceFixture()
        let id = try fixture.importImage("demo:v1")
        try fixture.store.tag("demo:v1", as: "mirror/demo:v1")
        let start = fixture.sink.records.count
        #expect(throws: StoreError.self) { _ = try fixture.store.remove(id.shortID) }
        let narration = Narrator(language: language).narrate(fixture.records(since: start))
        #expect(narration.map(\.kind) == [.heading, .refusal, .advice, .failure])
        let refusal = narration[1].text
        #expect(refusal.contains(id.shortID))
        #expect(refusal.contains("demo:v1") && refusal.contains("mirror/demo:v1"))
        #expect(narration[2].text.contains(language == .zh ? "逐个删除" : "one by one"))
    }

    /// A container in the way is named as the learner named it, and the advice is the very `rm`.
    @Test(arguments: Language.allCases)
    func aContainerInTheWayIsNamedWithItsRm(language: Language) throws {
        let fixture = try TraceFixture()
        let id = try fixture.importImage("demo:v1")
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "web", command: ["ls"]))
        let start = fixture.sink.records.count
        #expect(throws: StoreError.self) { _ = try fixture.store.remove(id.shortID) }
        let narration = Narrator(language: language).narrate(fixture.records(since: start))
        #expect(narration.map(\.kind) == [.heading, .refusal, .advice, .failure])
        #expect(narration[1].text.contains("web (\(container.id.shortID))"), "\(narration[1].text)")
        #expect(narration[2].text.contains("`rm web`"), "\(narration[2].text)")
        // By its last name: the reason is what the container stands on, not only the name.
        let named = fixture.sink.records.count
        #expect(throws: StoreError.self) { _ = try fixture.store.remove("demo:v1") }
        let byName = Narrator(language: language).narrate(fixture.records(since: named))
        #expect(byName.map(\.kind) == [.heading, .refusal, .advice, .failure])
        #expect(byName[1].text.contains(language == .zh ? "建在它的各层之上" : "stands on its layers"), "\(byName[1].text)")
        #expect(byName[2].text.contains("`rm web`") && byName[2].text.contains("-f"), "\(byName[2].text)")
    }

    /// A commit of a container that changed nothing adds no layer, as Docker's does: the narration
    /// says why the new image has only its parent's layers. One that changed a file is not told so.
    @Test(arguments: Language.allCases)
    func aCommitThatAddsNoLayerSaysTheContainerChangedNothing(language: Language) {
        let base = Digest.sha256(of: Array("base".utf8))
        let top = LayerInfo(
            chainID: Digest.sha256(of: Array("top".utf8)), diffID: Digest.sha256(of: Array("t".utf8)), parent: base,
            size: 2, cacheID: "two")
        func told(_ added: [TraceEvent]) -> [String] {
            let image = ImageInfo(
                id: Digest.sha256(of: Array("new".utf8)), parent: Digest.sha256(of: Array("old".utf8)),
                layers: [base] + added.map { _ in top.chainID }, layerSizes: [10] + added.map { _ in 2 },
                createdBy: "echo hello")
            let events =
                [TraceEvent.operationStarted(kind: .commit, arguments: ["web", "demo:v2"])] + added
                + [.imageCreated(image), .operationFinished(error: nil)]
            let records = events.enumerated().map {
                TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element)
            }
            return Narrator(language: language).narrate(records).map(\.text)
        }
        let phrase = language == .zh ? "没有增加镜像层" : "adds no layer"
        #expect(told([]).contains { $0.contains(phrase) }, "\(told([]))")
        #expect(!told([.layerRegistered(top)]).contains { $0.contains(phrase) })
    }

    /// `rmi -f` is told as what it does: it deletes the image a stopped container uses; without -f the
    /// image goes only once nothing needs it.
    @Test func anRmiWithForceIsToldAsWhatItOverrides() {
        func heading(_ arguments: [String]) -> String {
            Narrator(language: .en).narrate(
                TraceRecord(sequence: 1, operation: 1, event: .operationStarted(kind: .rmi, arguments: arguments))
            ).first?.text ?? ""
        }
        #expect(heading(["-f", "demo:v1"]).contains("even while a stopped container uses it"))
        #expect(heading(["demo:v1"]).contains("once nothing needs it"))
        // By ID, -f overrides several names and a stopped container, and says what still stops it.
        #expect(heading(["-f", "89e1cbeec42d"]).contains("a running container, still stops it"))
        #expect(heading(["89e1cbeec42d"]).contains("It is refused while"))
        // run -d is told as what it does: the command in the background, the ID instead of the output.
        let detached =
            Narrator(language: .en).narrate(
                TraceRecord(
                    sequence: 1, operation: 1,
                    event: .operationStarted(kind: .run, arguments: ["-d", "demo:v1", "true"]))
            ).first?.text ?? ""
        #expect(detached.contains("start its command in the background"), "\(detached)")
    }

    /// The image events carry no names but what keeps an image; the narration names the named
    /// image built on it, which is what a learner typed, not the intermediate child's ID.
    @Test(arguments: Language.allCases)
    func anImageKeptByAChildIsNarratedWithTheNamedImageOnIt(language: Language) throws {
        let base = Digest.sha256(of: Array("base".utf8))
        let step = Digest.sha256(of: Array("step".utf8))
        let app = try Reference.parseDocker("tour/app:1.0")
        let records = [
            TraceEvent.operationStarted(kind: .rmi, arguments: ["tour/busybox:1.0"]),
            .tagRemoved(try Reference.parseDocker("tour/busybox:1.0"), image: base),
            .imageKept(ImageKept(image: base, cause: .dependentChildren([step]), namedDescendants: [app])),
            .operationFinished(error: nil),
        ].enumerated().map { TraceRecord(sequence: $0.offset + 1, operation: 1, event: $0.element) }
        let narration = Narrator(language: language).narrate(records)
        #expect(narration.map(\.kind) == [.heading, .step, .step, .outcome])
        let kept = narration[2].text
        #expect(kept.contains(base.shortID) && kept.contains("tour/app:1.0") && !kept.contains(step.shortID))
        #expect(kept.contains(language == .zh ? "保留" : "stays"))
    }

    /// A refusal names first the image the learner built, not the build's in-between image right on
    /// the base, which a trial learner took for a mystery image.
    @Test(arguments: Language.allCases)
    func aRefusalForAChildLeadsWithTheNamedImageOnIt(language: Language) throws {
        let base = Digest.sha256(of: Array("base".utf8))
        let step = Digest.sha256(of: Array("step".utf8))
        let conflict = RmiConflict(
            image: base, requested: base.shortID, cause: .dependentChildren([step]), isHard: true,
            message: "conflict", namedDescendants: [try Reference.parseDocker("tour/app:1.0")])
        let refusal =
            Narrator(language: language).narrate(
                TraceRecord(sequence: 1, operation: 1, event: .rmiConflict(conflict))
            ).first?.text ?? ""
        let named = try #require(refusal.range(of: "tour/app:1.0"), "\(refusal)")
        let inBetween = try #require(refusal.range(of: step.shortID), "\(refusal)")
        #expect(named.lowerBound < inBetween.lowerBound, "\(refusal)")
    }

    /// A folder's copy-up brings none of its files: the narration must not say it was copied.
    @Test(arguments: Language.allCases)
    func aFoldersCopyUpSaysItsFilesStayBelow(language: Language) {
        let narrator = Narrator(language: language)
        let record = { (event: TraceEvent) in TraceRecord(sequence: 1, operation: 1, event: event) }
        let folder = narrator.narrate(record(.copyUp(path: "data", fromLayer: 0, isDirectory: true)))
        let file = narrator.narrate(record(.copyUp(path: "data/config", fromLayer: 0)))
        #expect(folder.first?.text.contains(language == .zh ? "原有的文件不复制" : "its files stay") == true)
        #expect(file.first?.text.contains(language == .zh ? "复制到容器层" : "is copied from") == true)
    }

    /// `history` is told from its event: how many steps made a layer, which are the base's, and
    /// what <missing> means when the listing has it.
    @Test(arguments: Language.allCases)
    func aHistoryIsToldStepByKind(language: Language) throws {
        let app = Digest.sha256(of: Array("app".utf8))
        let base = Digest.sha256(of: Array("base".utf8))
        let step = { (image: Digest?, layer: Bool, tags: [String]) in
            HistoryListing.Step(
                image: image, created: nil, createdBy: "/bin/sh -c echo \(tags) > /file # buildkit", comment: "",
                addsLayer: layer, size: layer ? 4 : 0, tags: try tags.map { try Reference.parseDocker($0) },
                layer: layer ? Digest.sha256(of: Array("layer \(tags)".utf8)) : nil)
        }
        let listing = HistoryListing(
            image: app, requested: "tour/app:1.0",
            steps: [
                try step(app, false, ["tour/app:1.0"]), try step(nil, true, []),
                try step(base, true, ["tour/busybox:1.0"]),
                try step(nil, true, []),
            ])
        #expect(listing.base?.name.familiarString == "tour/busybox:1.0" && listing.base?.steps == 2)
        let text = Narrator(language: language).narrate(
            TraceRecord(sequence: 1, operation: 1, event: .historyListed(listing))
        )
        .map(\.text).joined()
        #expect(text.contains(app.shortID) && text.contains("4") && text.contains("tour/busybox:1.0"))
        #expect(text.contains(language == .zh ? "3 个各添加了一个镜像层" : "3 of them added a layer"), "\(text)")
        // Which step made which layer, bottom first, named as the layer graph names layers.
        let bottom = Digest.sha256(of: Array("layer []".utf8)).shortID
        let busybox = Digest.sha256(of: Array("layer [\"tour/busybox:1.0\"]".utf8)).shortID
        #expect(
            text.contains(
                language == .zh
                    ? "从下往上，每一层和做出它的步骤：镜像层 \(bottom)（RUN echo [] > /file）、镜像层 \(busybox)"
                    : "The layers, bottom first, and the step that made each: layer \(bottom) (RUN echo [] > /file), "
                        + "layer \(busybox)"), "\(text)")
        #expect(text.contains(language == .zh ? "最下面 2 个" : "The bottom 2"), "\(text)")
        #expect(text.contains("<missing>"))
    }

    /// A step is told as the Dockerfile said it: no shell or #(nop) in front, a copied file's sum
    /// as short as an ID, and an imported layer by its comment.
    @Test func aStepIsToldAsTheDockerfileSaidIt() {
        let step = { (createdBy: String, comment: String) in
            HistoryListing.Step(
                image: nil, created: nil, createdBy: createdBy, comment: comment, addsLayer: true, size: 1, tags: [])
        }
        let sum = String(repeating: "d8a0", count: 16)
        #expect(
            step("/bin/sh -c #(nop) COPY file:\(sum) in /data/a.txt ", "").instruction()
                == "COPY file:d8a0d8a0d8a0 in /data/a.txt")
        #expect(
            step("RUN /bin/sh -c echo v1 > /data/copy # buildkit", "").instruction()
                == "RUN /bin/sh -c echo v1 > /data/copy")
        #expect(step("/bin/sh -c echo hi", "").instruction() == "RUN echo hi")
        #expect(step("", "Imported from -").instruction() == "Imported from -")
        #expect(step("/bin/sh -c " + String(repeating: "x", count: 60), "").instruction(limit: 10) == "RUN xxxxx…")
    }

    /// A layer kept for now says which image keeps it, so that the image's pruning a line later
    /// reads as what comes next; a layer with no file content is still a layer.
    @Test(arguments: Language.allCases)
    func aReleasedLayerNamesItsUsersAndAnEmptyDiffIsStillALayer(language: Language) {
        let layer = Digest.sha256(of: Array("layer".utf8))
        let parent = Digest.sha256(of: Array("parent".utf8))
        let narrator = Narrator(language: language)
        let record = { (event: TraceEvent) in TraceRecord(sequence: 1, operation: 1, event: event) }
        let released = narrator.narrate(
            record(.layerReleased(chainID: layer, remainingReferences: 1, usedBy: [parent])))
        #expect(released.first?.text.contains(parent.shortID) == true, "\(released)")
        #expect(released.first?.text.contains(language == .zh ? "还在使用它" : "still uses it") == true, "\(released)")
        // Kept for now, and gone a line later when the image that kept it goes: the first line says it may.
        #expect(
            released.first?.text.contains(
                language == .zh ? "如果那个镜像也被删除，这一层会跟着删除" : "if that image goes too, the layer goes with it")
                == true, "\(released)")
        let older = narrator.narrate(record(.layerReleased(chainID: layer, remainingReferences: 1)))
        #expect(older.first?.text.contains(language == .zh ? "1 个容器" : "1 container") == false)
        let empty = LayerInfo(chainID: layer, diffID: layer, parent: parent, size: 0, cacheID: "x")
        let registered = narrator.narrate(record(.layerRegistered(empty))).first?.text ?? ""
        #expect(registered.contains(language == .zh ? "它仍然是一层" : "it is still a layer"), "\(registered)")
        // A config-only step adds no layer at all: a 0-byte layer says it is not one of those.
        #expect(registered.contains(language == .zh ? "只改设置的步骤" : "unlike a step that only changes settings"))
    }

    /// push prints a layer by its diff ID, the registry knows its blob: the narration names both.
    @Test(arguments: Language.allCases)
    func aPushedLayerIsNamedAsPushPrintsItAndByItsBlob(language: Language) {
        let blob = Digest.sha256(of: Array("blob".utf8))
        let diffID = Digest.sha256(of: Array("diff".utf8))
        let event = TraceEvent.pushLayer(digest: blob, step: .mountedFrom(repository: "tour/busybox"), diffID: diffID)
        let text =
            Narrator(language: language).narrate(TraceRecord(sequence: 1, operation: 1, event: event))
            .first?.text ?? ""
        #expect(text.hasPrefix(language == .zh ? "镜像层 \(diffID.shortID)" : "Layer \(diffID.shortID)"), "\(text)")
        #expect(text.contains(blob.shortID) && text.contains("tour/busybox"))
    }

    /// ps without -a hides stopped containers, which still hold their layer and image: it says so.
    @Test(arguments: Language.allCases)
    func aContainerListingSaysWhatWithoutAllLeavesOut(language: Language) {
        let image = Digest.sha256(of: Array("image".utf8))
        func told(_ running: [Bool], all: Bool) -> String {
            let containers = running.enumerated().map {
                ContainersListing.Container(
                    id: "c\($0.offset)", name: "n\($0.offset)", image: image, running: $0.element)
            }
            let event = TraceEvent.containersListed(ContainersListing(containers: containers, all: all))
            return Narrator(language: language).narrate(TraceRecord(sequence: 1, operation: 1, event: event))
                .first?.text ?? ""
        }
        let hidden = told([true, false, false], all: false)
        #expect(hidden.contains("2") && hidden.contains("-a") && hidden.contains("rm"), "\(hidden)")
        #expect(!told([true], all: false).contains("-a"), "nothing is hidden")
        #expect(told([false], all: true).contains("rm"), "a stopped container still holds its layer")
        #expect(told([], all: true).contains("run"), "none at all")
        // A container only created is stopped too, and said to have never started.
        let created = ContainersListing.Container(id: "c", name: "n", image: image, running: false, neverStarted: true)
        let listing = ContainersListing(containers: [created], all: true)
        let text =
            Narrator(language: language).narrate(
                TraceRecord(sequence: 1, operation: 1, event: .containersListed(listing))
            ).first?.text ?? ""
        #expect(text.contains(language == .zh ? "从没运行过" : "never started"), "\(text)")
        #expect(!told([false], all: true).contains(language == .zh ? "从没运行过" : "never started"))
    }

    /// A learner who sees a 169-byte blob for a 15-byte layer is told why; a large blob says nothing of it.
    @Test(arguments: Language.allCases)
    func aTinyBlobSaysWhyItCanOutweighItsFiles(language: Language) {
        let narrator = Narrator(language: language)
        func told(_ size: Int64) -> String {
            let blob = BlobInfo(
                digest: Digest.sha256(of: Array("blob".utf8)), size: size, mediaType: .ociLayerGzip,
                alreadyPresent: false)
            return narrator.narrate(TraceRecord(sequence: 1, operation: 1, event: .blobStored(blob))).first?.text ?? ""
        }
        #expect(told(169).contains("512"), "\(told(169))")
        #expect(!told(2_000_000).contains("512"), "\(told(2_000_000))")
    }

    /// pull names a layer by its blob, push by its diff ID, the picture and rmi by its chain ID: the
    /// narration gives the picture's ID beside the one the command printed, when they differ.
    @Test(arguments: Language.allCases)
    func aTransferredLayerIsAlsoNamedAsThePictureNamesIt(language: Language) {
        let blob = Digest.sha256(of: Array("blob".utf8))
        let diffID = Digest.sha256(of: Array("diff".utf8))
        let chain = Digest.sha256(of: Array("chain".utf8))
        let narrator = Narrator(language: language)
        func told(_ event: TraceEvent) -> String {
            narrator.narrate(TraceRecord(sequence: 1, operation: 1, event: event)).first?.text ?? ""
        }
        let pulled = told(.pullLayer(digest: blob, step: .pullComplete, layer: chain))
        #expect(pulled.contains(blob.shortID) && pulled.contains(chain.shortID), "\(pulled)")
        let shared = told(.pullLayer(digest: blob, step: .alreadyExists(usedBy: []), layer: chain))
        #expect(shared.contains(chain.shortID), "\(shared)")
        let pushed = told(.pushLayer(digest: blob, step: .pushed, diffID: diffID, layer: chain))
        #expect(pushed.contains(diffID.shortID) && pushed.contains(chain.shortID), "\(pushed)")
        // A bottom layer's chain ID is its diff ID: nothing more to say. An older trace names no layer.
        #expect(!told(.pushLayer(digest: blob, step: .pushed, diffID: diffID, layer: diffID)).contains("picture"))
        #expect(!told(.pushLayer(digest: blob, step: .pushed, diffID: diffID, layer: diffID)).contains("图里"))
        #expect(told(.pullLayer(digest: blob, step: .pullComplete)).contains(chain.shortID) == false)
    }

    /// An image with two names takes two rows: the narration counts rows and images apart, and adds
    /// SIZE up as the column shows it.
    @Test(arguments: Language.allCases)
    func anImagesListingCountsRowsAndAddsSizeByRow(language: Language) throws {
        let layer = Digest.sha256(of: Array("layer".utf8))
        let named = ImagesListing.Image(
            id: Digest.sha256(of: Array("a".utf8)),
            references: [try Reference.parseDocker("a:1"), try Reference.parseDocker("b:1")], layers: [layer],
            layerSizes: [1_000_000], rows: 2)
        let dangling = ImagesListing.Image(
            id: Digest.sha256(of: Array("c".utf8)), references: [], layers: [layer], layerSizes: [1_000_000])
        let listing = ImagesListing(images: [named, dangling], all: false, hiddenIntermediates: 0)
        #expect(listing.rows == 3 && listing.listedSize == 3_000_000 && listing.storedSize == 1_000_000)
        let text =
            Narrator(language: language).narrate(
                TraceRecord(sequence: 1, operation: 1, event: .imagesListed(listing))
            ).first?.text ?? ""
        #expect(text.contains(language == .zh ? "3 行，2 个镜像" : "3 rows for 2 images"), "\(text)")
        #expect(text.contains("3MB") && text.contains("1MB"), "\(text)")
        #expect(text.contains("<none>"))
        // `images -q` printed only IDs: no SIZE column to add up, no <none> to explain.
        var quiet = listing
        quiet.quiet = true
        let ids =
            Narrator(language: language).narrate(
                TraceRecord(sequence: 1, operation: 1, event: .imagesListed(quiet))
            ).first?.text ?? ""
        #expect(ids.contains("IMAGE ID") && ids.contains("3"), "\(ids)")
        #expect(!ids.contains("SIZE") && !ids.contains("MB") && !ids.contains("<none>"), "\(ids)")
    }

    @Test func aSharedLayerIsNarratedWithTheImagesThatAlreadyUseIt() throws {
        let fixture = try TraceFixture()
        let first = try fixture.importImage("one:v1")
        let start = fixture.sink.records.count
        try fixture.importImage("two:v1", message: "same files")
        let lines = Narrator(language: .en).narrate(fixture.records(since: start)).map(\.text)
        let reuse = try #require(lines.first { $0.contains("already exists") })
        #expect(reuse.contains(first.shortID))
        let chinese = Narrator(language: .zh).narrate(fixture.records(since: start)).map(\.text)
        #expect(chinese.contains { $0.contains("共享") && $0.contains(first.shortID) })
    }

    @Test(arguments: Language.allCases)
    func aContainersLifeIsNarratedFromCreationToRemoval(language: Language) throws {
        let fixture = try TraceFixture()
        let image = try fixture.importImage("demo:v1")
        let start = fixture.sink.records.count
        let container = try fixture.store.containers.create(
            ContainerSpec(image: "demo:v1", name: "job", command: ["sh"]))
        try fixture.store.containers.markExited(container.id, exitCode: 3)
        try fixture.store.containers.remove("job")
        let steps = Narrator(language: language).narrate(fixture.records(since: start))
            .filter { $0.kind != .heading && $0.text.contains(container.id.shortID) }
        #expect(steps.map(\.kind) == [.step, .failure, .step])
        #expect(steps[0].text.contains(image.shortID) && steps[0].text.contains("job"))
        #expect(steps[1].text.contains("3"))
        #expect(steps[2].text.contains(language == .zh ? "已删除" : "removed"))
    }

    @Test func aSavedTraceNarratesExactlyAsTheLiveOne() throws {
        let fixture = try TraceFixture()
        let path = fixture.folder.file("trace.jsonl")
        let file = try JSONLinesSink(path: path)
        let live = RecordingSink()
        let store = try ImageStore(root: fixture.folder.file("other"), trace: TraceRecorder(sinks: [live, file]))
        let tarball = try RootFSFixture.makeTarballForTests(in: fixture.folder)
        try store.importImage(from: .file(tarball), repository: "demo:v1")
        _ = try store.remove("demo:v1")
        let narrator = Narrator(language: .zh)
        #expect(narrator.narrate(try TraceFile.read(path: path)) == narrator.narrate(live.records))
    }

    @Test(arguments: [
        (["LANG": "zh_CN.UTF-8"], Language.zh), (["LANG": "en_US.UTF-8"], .en), ([:], .en),
        (["LANG": "zh_CN.UTF-8", "LC_ALL": "C"], .en),
    ])
    func theLanguageComesFromTheLocale(environment: [String: String], expected: Language) {
        #expect(Language.from(environment: environment) == expected)
    }
}
