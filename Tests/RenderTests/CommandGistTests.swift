import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import Trace

@testable import Render

/// A command's gist: the few facts a `docker run` user needs, read from its records, and the one
/// sentence each language makes of them.
@Suite struct CommandGistTests {
    /// Two images of one tarball, so that they share its one layer.
    struct Sharing {
        let fixture: TraceFixture
        let base: Digest
        let copy: Digest

        init() throws {
            fixture = try TraceFixture()
            let tarball = try RootFSFixture.makeTarball(at: fixture.folder.file("rootfs.tar"))
            base = try fixture.store.importImage(from: .file(tarball), repository: "base:1")
            copy = try fixture.store.importImage(from: .file(tarball), repository: "copy:1", message: "again")
        }

        /// The gist of what `run` did, with the names before it and its records.
        func gist(_ run: () throws -> Void) rethrows -> (CommandGist?, ImageNames, [TraceRecord]) {
            let start = fixture.sink.records.count
            try run()
            let names = ImageNames().following(Array(fixture.sink.records.prefix(start)))
            let records = fixture.records(since: start)
            return (CommandGist(records, names: names), names, records)
        }
    }

    @Test func anRmiThatDeletesSaysWhatWentAndWhichImageKeepsTheSharedLayer() throws {
        let sharing = try Sharing()
        let (gist, names, records) = try sharing.gist { _ = try sharing.fixture.store.remove("copy:1") }
        let base = CommandGist.ImageCalled(id: sharing.base, name: try ref("base:1"))
        #expect(
            gist
                == .removed(names: [try ref("copy:1")], images: 1, pruned: 0, layers: 0, keptLayers: 1, keepers: [base])
        )
        // The sentence names the keeper by its name, as the picture does, in both languages.
        for language in Language.allCases {
            let sentence = try #require(Narrator(language: language).gist(of: records, names: names))
            #expect(sentence.contains("copy:1") && sentence.contains("base:1"), "\(sentence)")
        }
    }

    @Test func anRmiOfOneOfTwoNamesOnlyTakesTheName() throws {
        let sharing = try Sharing()
        try sharing.fixture.store.tag("base:1", as: "mirror:1")
        let (gist, _, _) = try sharing.gist { _ = try sharing.fixture.store.remove("mirror:1") }
        guard case .untagged(let names, _) = gist else {
            Issue.record("an untag told as \(String(describing: gist))")
            return
        }
        #expect(names == [try ref("mirror:1")])
    }

    @Test func aRefusedRmiSaysNothingWentAndAFailedCommandHasNoGist() throws {
        let sharing = try Sharing()
        try sharing.fixture.store.tag("base:1", as: "mirror:1")
        let (refused, _, _) = sharing.gist { _ = try? sharing.fixture.store.remove(sharing.base.shortID) }
        #expect(refused == .refused)
        let (missing, _, _) = sharing.gist { _ = try? sharing.fixture.store.tag("nothing:1", as: "other:1") }
        #expect(missing == nil)
    }

    @Test func aTagThatMovesANameSaysWhichImageHadIt() throws {
        let sharing = try Sharing()
        let (first, _, _) = try sharing.gist { try sharing.fixture.store.tag("base:1", as: "mirror:1") }
        #expect(first == .named(try ref("mirror:1"), source: "base:1", movedFrom: nil, latestImplied: false))
        let (moved, _, _) = try sharing.gist { try sharing.fixture.store.tag("copy:1", as: "mirror:1") }
        #expect(
            moved
                == .named(
                    try ref("mirror:1"), source: "copy:1", movedFrom: .init(id: sharing.base, name: try ref("base:1")),
                    latestImplied: false))
        // The image that loses its last name this way is dangling, and the gist says the word.
        let (dangling, names, records) = try sharing.gist { try sharing.fixture.store.tag("copy:1", as: "base:1") }
        #expect(
            dangling
                == .named(
                    try ref("base:1"), source: "copy:1", movedFrom: .init(id: sharing.base, name: nil),
                    latestImplied: false))
        let told = Narrator(language: .en).gist(of: records, names: names) ?? ""
        #expect(told.contains("dangling"), "\(told)")
        // A name typed without a tag gets latest, which a trial learner met without a word on it.
        let (latest, _, _) = try sharing.gist { try sharing.fixture.store.tag("base:1", as: "mirror") }
        #expect(latest == .named(try ref("mirror:latest"), source: "base:1", movedFrom: nil, latestImplied: true))
    }

    @Test func anImportSaysHowManyOfItsLayersWereAlreadyHere() throws {
        let fixture = try TraceFixture()
        let tarball = try RootFSFixture.makeTarball(at: fixture.folder.file("rootfs.tar"))
        _ = try fixture.store.importImage(from: .file(tarball), repository: "base:1")
        let start = fixture.sink.records.count
        let copy = try fixture.store.importImage(from: .file(tarball), repository: "copy:1", message: "again")
        let gist = CommandGist(fixture.records(since: start), names: ImageNames())
        #expect(gist == .imported(.init(id: copy, name: try ref("copy:1")), layers: 1, newLayers: 0))
    }

    /// Following a command's records again changes no name: a view may pass the names before a
    /// command or after it.
    @Test func followingRecordsTwiceChangesNoName() throws {
        let sharing = try Sharing()
        try sharing.fixture.store.tag("base:1", as: "mirror:1")
        try sharing.fixture.store.tag("copy:1", as: "mirror:1")
        _ = try sharing.fixture.store.remove("copy:1")
        let records = sharing.fixture.records(since: 0)
        let once = ImageNames().following(records)
        #expect(once.following(records) == once)
        #expect(once.called(sharing.base).name?.familiarString == "base:1")
        #expect(once.called(sharing.copy).name?.familiarString == "mirror:1")
    }

    // MARK: Commands told from their events alone

    private static func records(_ events: [TraceEvent]) -> [TraceRecord] {
        var operation = 0
        return events.enumerated().map { index, event in
            if case .operationStarted = event { operation += 1 }
            return TraceRecord(sequence: index + 1, operation: operation, event: event)
        }
    }

    private func ref(_ name: String) throws -> Reference { try Reference.parseDocker(name) }

    private static let blob = Digest.sha256(of: Array("blob".utf8))
    private static let other = Digest.sha256(of: Array("other".utf8))

    @Test func aPullCountsTheLayersItDownloadedAndTheOnesItShared() throws {
        let reference = try ref("127.0.0.1:5000/tour/web:1.0")
        let records = Self.records([
            .operationStarted(kind: .pull, arguments: ["127.0.0.1:5000/tour/web:1.0"]),
            .pullLayer(digest: Self.blob, step: .alreadyExists(usedBy: [])),
            .pullLayer(digest: Self.other, step: .downloadStarted(size: 10)),
            .pullLayer(digest: Self.other, step: .pullComplete),
            .imagePulled(reference, manifest: Self.blob, image: Self.other, upToDate: false),
            .operationFinished(error: nil),
        ])
        #expect(CommandGist(records, names: ImageNames()) == .pulled(reference, downloaded: 1, shared: 1))
        let english = Narrator(language: .en).gist(of: records, names: ImageNames()) ?? ""
        #expect(english.contains("1 layer downloaded") && english.contains("already on this machine"), "\(english)")
    }

    @Test func aPushCountsTheLayersTheRegistryAlreadyHad() throws {
        let reference = try ref("127.0.0.1:5000/tour/web:1.0")
        let records = Self.records([
            .operationStarted(kind: .push, arguments: ["127.0.0.1:5000/tour/web:1.0"]),
            .pushLayer(digest: Self.blob, step: .preparing),
            .pushLayer(digest: Self.blob, step: .mountedFrom(repository: "tour/busybox")),
            .pushLayer(digest: Self.other, step: .preparing),
            .pushLayer(digest: Self.other, step: .pushed),
            .imagePushed(reference, manifest: Self.blob, size: 500),
            .operationFinished(error: nil),
        ])
        #expect(CommandGist(records, names: ImageNames()) == .pushed(reference, sent: 1, existing: 0, mounted: 1))
        // As the terminal said it: a trial learner read "already had" where push printed "Mounted from".
        let english = Narrator(language: .en).gist(of: records, names: ImageNames()) ?? ""
        #expect(english.contains("(Mounted from)") && !english.contains("Layer already exists"), "\(english)")
    }

    @Test func aBuildWhoseStepsAllCameFromTheCacheSaysNothingRan() throws {
        func step(_ number: Int, _ instruction: String) -> TraceEvent {
            .buildStepStarted(
                BuildStepInfo(
                    number: number, total: 3, stage: 0, stageName: nil, instruction: instruction, line: number))
        }
        func finished(_ number: Int, _ cache: BuildStepResult.Cache) -> TraceEvent {
            .buildStepFinished(BuildStepResult(number: number, image: Self.other, layer: Self.blob, cache: cache))
        }
        func build(_ cache: BuildStepResult.Cache) throws -> [TraceRecord] {
            Self.records([
                .operationStarted(kind: .build, arguments: ["-t", "app:1", "."]),
                step(1, "FROM tour/busybox:1.0"),
                .buildStepFinished(BuildStepResult(number: 1, image: Self.blob, layer: nil, cache: .notApplicable)),
                step(2, "RUN echo one > /one"), finished(2, cache),
                step(3, "COPY a.txt /"), finished(3, cache),
                .buildFinished(image: Self.other, references: [try ref("app:1")]),
                .operationFinished(error: nil),
            ])
        }
        #expect(
            CommandGist(try build(.miss), names: ImageNames())
                == .built(names: [try ref("app:1")], base: "tour/busybox:1.0", steps: 2, newLayers: 2, cached: 0))
        #expect(
            CommandGist(try build(.hit), names: ImageNames())
                == .built(names: [try ref("app:1")], base: "tour/busybox:1.0", steps: 2, newLayers: 0, cached: 2))
        for language in Language.allCases {
            let cached = Narrator(language: language).gist(of: try build(.hit), names: ImageNames()) ?? ""
            #expect(
                cached.contains(language == .zh ? "每一步都用了缓存" : "came from the cache: nothing ran again"), "\(cached)")
        }
    }

    /// Background containers that ended meanwhile are told under a heading of their own: the gist is
    /// the command's, and a failing command in the container is said to have failed.
    @Test func aRunIsToldByItsOwnOperationsNotByWhatEndedMeanwhile() throws {
        let image = Self.other
        let records = Self.records([
            .operationStarted(kind: .ended, arguments: ["aaaa"]),
            .containerExited(id: "aaaa", exitCode: 0),
            .operationFinished(error: nil),
            .operationStarted(kind: .run, arguments: ["--name", "web", "base:1", "false"]),
            .containerCreated(id: "bbbb", name: "web", image: image),
            .operationFinished(error: nil),
            .operationStarted(kind: .wait, arguments: ["bbbb"]),
            .containerExited(id: "bbbb", exitCode: 1, layerSize: 0),
            .operationFinished(error: nil),
        ])
        let names = ImageNames().following(
            Self.records([.tagAdded(try ref("base:1"), image: image, previous: nil)]))
        #expect(
            CommandGist(records, names: names)
                == .ran(
                    container: "web", image: .init(id: image, name: try ref("base:1")), exitCode: 1, layerSize: 0,
                    background: false))
        // A command that wrote nothing is not said to have written files (trial 37's failed run).
        let english = Narrator(language: .en).gist(of: records, names: names) ?? ""
        #expect(english.contains("exit status 1") && english.contains("base:1"), "\(english)")
        #expect(english.contains("changed no file") && !english.contains("files its command wrote"), "\(english)")
    }

    /// Commands whose gist names what the learner typed: the container, the registry.
    @Test func startStopAndLoginAreToldByTheNamesTyped() {
        func gist(_ kind: OperationKind, _ arguments: [String], _ events: [TraceEvent] = []) -> CommandGist? {
            CommandGist(
                Self.records(
                    [.operationStarted(kind: kind, arguments: arguments)] + events + [.operationFinished(error: nil)]),
                names: ImageNames())
        }
        #expect(gist(.start, ["job"]) == .started(container: "job", exitCode: nil))
        let stopped = gist(.stop, ["-t", "1", "job"], [.containerExited(id: "aaaa", exitCode: 137)])
        #expect(stopped == .stopped(container: "job", exitCode: 137))
        #expect(gist(.login, ["127.0.0.1:5000"]) == .loggedIn(registry: "127.0.0.1:5000"))
        let told =
            Narrator(language: .en).gist(
                of: Self.records([
                    .operationStarted(kind: .stop, arguments: ["job"]), .containerExited(id: "aaaa", exitCode: 137),
                    .operationFinished(error: nil),
                ]), names: ImageNames()) ?? ""
        #expect(told.contains("signal SIGKILL") && !told.contains("failed"), "\(told)")
    }

    /// `rm` names the image the container ran on, from the records that made the container: a
    /// learner feared the image lost the files too.
    @Test func removingAContainerNamesTheImageItRanOn() throws {
        let sharing = try Sharing()
        _ = try sharing.fixture.store.containers.create(ContainerSpec(image: "base:1", name: "web", command: ["ls"]))
        let (gist, _, records) = try sharing.gist { _ = try sharing.fixture.store.containers.remove("web") }
        #expect(gist == .removedContainers(["web"], images: [.init(id: sharing.base, name: try ref("base:1"))]))
        let names = ImageNames().following(sharing.fixture.records(since: 0))
        for language in Language.allCases {
            let told = Narrator(language: language).gist(of: records, names: names) ?? ""
            #expect(told.contains("web") && told.contains("base:1"), "\(told)")
        }
    }

    @Test func listingsAreToldByWhatTheTableAddsUpTo() throws {
        let layer = Self.blob
        let image = ImagesListing.Image(
            id: Self.other, references: [], layers: [layer], layerSizes: [1_000_000], rows: 2)
        let twin = ImagesListing.Image(id: Self.blob, references: [], layers: [layer], layerSizes: [1_000_000])
        let listing = ImagesListing(images: [image, twin], all: false, hiddenIntermediates: 0)
        func gist(_ event: TraceEvent, _ kind: OperationKind) -> CommandGist? {
            CommandGist(
                Self.records([.operationStarted(kind: kind, arguments: []), event, .operationFinished(error: nil)]),
                names: ImageNames())
        }
        #expect(
            gist(.imagesListed(listing), .images)
                == .listedImages(images: 2, names: 3, listed: 3_000_000, stored: 1_000_000))
        var quiet = listing
        quiet.quiet = true
        #expect(gist(.imagesListed(quiet), .images) == nil, "a quiet listing is read by a command, not a person")
        let steps = [true, false, true].map {
            HistoryListing.Step(
                image: nil, created: nil, createdBy: "", comment: "", addsLayer: $0, size: 0, tags: [])
        }
        let history = HistoryListing(image: Self.other, requested: "app:1", steps: steps)
        #expect(
            gist(.historyListed(history), .history)
                == .listedHistory("app:1", steps: 3, layers: 2, base: nil, baseSteps: 0))
        // An image built on a named one: its history is its own build's steps on top of the base's,
        // which a trial learner took for a different count than the build's.
        let busybox = try ref("tour/busybox:1.0")
        let built = HistoryListing(
            image: Self.other, requested: "app:1",
            steps: [
                .init(image: Self.other, created: nil, createdBy: "", comment: "", addsLayer: true, size: 4, tags: []),
                .init(
                    image: Self.blob, created: nil, createdBy: "", comment: "", addsLayer: true, size: 9,
                    tags: [busybox]),
            ])
        #expect(
            gist(.historyListed(built), .history)
                == .listedHistory("app:1", steps: 2, layers: 2, base: busybox, baseSteps: 1))
        let told =
            Narrator(language: .en).gist(
                of: Self.records([
                    .operationStarted(kind: .history, arguments: ["app:1"]), .historyListed(built),
                    .operationFinished(error: nil),
                ]), names: ImageNames()) ?? ""
        #expect(told.contains("1 step of its own on top of 1 from tour/busybox:1.0"), "\(told)")
    }

    /// A search's gist is its one line, which says how to pull what it found.
    @Test func aSearchIsToldByWhatMatches() {
        let listing = SearchListing(
            term: "web", hits: [.init(name: "tour/busybox-web", description: "", stars: 0, official: false)],
            fullDescriptions: false, template: nil)
        let records = Self.records([
            .operationStarted(kind: .search, arguments: ["127.0.0.1:5000/web"]), .searchListed(listing),
            .operationFinished(error: nil),
        ])
        #expect(CommandGist(records, names: ImageNames()) == .searched(listing))
        let told = Narrator(language: .en).gist(of: records, names: ImageNames()) ?? ""
        #expect(told.contains("tour/busybox-web") && told.contains("REGISTRY/NAME:TAG"), "\(told)")
    }

    @Test func aDiffCountsWhatTheContainersOwnLayerHolds() {
        let changes = ContainerChanges(
            id: String(repeating: "c", count: 64), name: "web",
            entries: [.init(.added, "/hello"), .init(.changed, "/etc"), .init(.deleted, "/etc/os-release")])
        let records = Self.records([
            .operationStarted(kind: .diff, arguments: ["web"]), .containerChangesListed(changes),
            .operationFinished(error: nil),
        ])
        #expect(
            CommandGist(records, names: ImageNames())
                == .changesListed(container: "web", added: 1, changed: 1, deleted: 1))
        for language in Language.allCases {
            let told = Narrator(language: language).gist(of: records, names: ImageNames()) ?? ""
            #expect(told.contains("web") && told.contains(language == .zh ? "改动了 3 处" : "changed 3 paths"), "\(told)")
        }
    }

    @Test func anInspectSaysWhatEachDocumentIs() {
        let image = InspectedObject(kind: .image, id: Self.other.description, requested: "app:1", layers: [Self.blob])
        let container = InspectedObject(
            kind: .container, id: String(repeating: "c", count: 64), requested: "web", image: Self.other)
        let records = Self.records([
            .operationStarted(kind: .inspect, arguments: ["app:1", "web"]), .objectInspected(image),
            .objectInspected(container), .operationFinished(error: nil),
        ])
        #expect(CommandGist(records, names: ImageNames()) == .inspected([image, container]))
        for language in Language.allCases {
            let told = Narrator(language: language).gist(of: records, names: ImageNames()) ?? ""
            #expect(told.contains("app:1") && told.contains("web") && told.contains("RootFS.Layers"), "\(told)")
        }
    }
}
