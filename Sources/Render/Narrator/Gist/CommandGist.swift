import OCI
import Trace

/// What one command did, in the few facts a learner who knows only `docker run` needs: the plain
/// sentence a view shows before the step-by-step narration. Read from the command's records alone,
/// so a saved trace gives the same gist as the live one.
///
/// The commands the levels use have one: those that change the store, and the listings a learner
/// reads (`search`, `images`, `history`, `diff`, `inspect`). A failed command is told by its error and has none, except
/// a refused `rmi`, whose gist says that nothing went; so has a listing another command reads
/// (`images -q`).
public enum CommandGist: Sendable, Equatable {
    /// `build`: `base` is the last stage's `FROM` as written, `nil` for `scratch`; `steps` are
    /// those after a `FROM` (the ones that can run, or come from the cache).
    case built(names: [Reference], base: String?, steps: Int, newLayers: Int, cached: Int)
    /// `commit`: the container's changes became the image's new top layer, or it changed nothing.
    case committed(container: String, image: ImageCalled, addedLayer: Bool)
    /// `tag`: `name` now names the image `source` names; `movedFrom` is the image it named before;
    /// `latestImplied`: the name was typed without a tag, so it got `latest`.
    case named(Reference, source: String, movedFrom: ImageCalled?, latestImplied: Bool)
    /// `rmi` deleted images: `images` counts the named ones and `pruned` the unnamed parents of
    /// their build that went with them.
    case removed(names: [Reference], images: Int, pruned: Int, layers: Int, keptLayers: Int, keepers: [ImageCalled])
    /// `rmi` took names away, and every image stays, for `reason`.
    case untagged(names: [Reference], reason: RmiConflict.Cause?)
    /// `rmi` was refused, and nothing changed.
    case refused
    case pulled(Reference, downloaded: Int, shared: Int)
    case upToDate(Reference)
    /// `push`: `existing` layers the repository had (Layer already exists), `mounted` ones it took
    /// from another of its repositories (Mounted from).
    case pushed(Reference, sent: Int, existing: Int, mounted: Int)
    /// `run` (in the foreground, with the command's exit status and the bytes its own layer holds
    /// then, or in the background) and `create`.
    case ran(container: String, image: ImageCalled, exitCode: Int32?, layerSize: Int64?, background: Bool)
    case created(container: String, image: ImageCalled)
    /// `start`: `exitCode` when it ran to its end here (`-a`), `nil` when it runs in the background.
    case started(container: String, exitCode: Int32?)
    /// `stop` and `kill`: the container's command ended with `exitCode`.
    case stopped(container: String, exitCode: Int32)
    /// `login`: the registry agreed, and the credentials are kept for push and pull.
    case loggedIn(registry: String)
    /// `rm`: the containers, by the names they had, and the images they ran on.
    case removedContainers([String], images: [ImageCalled])
    /// `export`: a container's files written as one flat tar.
    case exported(container: String, destination: String)
    /// `inspect`: the images and containers whose details were printed.
    case inspected([InspectedObject])
    /// `search`: what the registry has that matches.
    case searched(SearchListing)
    /// `images`: how many images under how many names, the SIZE column's sum and the bytes the
    /// store keeps, each shared layer once.
    case listedImages(images: Int, names: Int, listed: Int64, stored: Int64)
    /// `diff`: how many paths the container's own layer added, changed and deleted.
    case changesListed(container: String, added: Int, changed: Int, deleted: Int)
    /// `history`: the image as named, its steps and those that added a layer; `base` is the named
    /// image it was built on and `baseSteps` the steps that image's history had.
    case listedHistory(String, steps: Int, layers: Int, base: Reference?, baseSteps: Int)
    /// `import` and `load`: the images that came in.
    case imported(ImageCalled, layers: Int, newLayers: Int)

    /// An image as a learner knows it: by its first name, else by its ID.
    public struct ImageCalled: Sendable, Equatable {
        public var id: Digest
        public var name: Reference?
    }

    /// The gist of one command's records, or `nil` when it has none. `names` are the images' names
    /// before the command (``ImageNames/following(_:)`` of the records before it), or after it:
    /// its own records are followed here, and following them twice changes nothing.
    public init?(_ records: [TraceRecord], names: ImageNames) {
        guard let command = CommandRecords(records) else { return nil }
        var names = names
        names.follow(command.events)
        let gist: CommandGist? =
            switch command.kind {
            case .rmi: Self.removal(command.events, names: names)
            case _ where command.failed: nil
            case .build: Self.build(command.events)
            case .commit: Self.commit(command, names: names)
            case .tag: Self.tag(command, names: names)
            case .pull: Self.pull(command.events)
            case .push: Self.push(command.events)
            case .run, .create: Self.container(command, names: names)
            case .rm: Self.containersRemoved(command.events, names: names)
            case .images: Self.imagesListed(command.events)
            case .search:
                command.events.lazy.compactMap { if case .searchListed(let listing) = $0 { listing } else { nil } }
                    .first.map { .searched($0) }
            case .history: Self.historyListed(command.events)
            case .diff: Self.changesListed(command.events)
            case .inspect: Self.inspected(command.events)
            case .export: Self.exported(command.events)
            case .start: command.positional.first.map { .started(container: $0, exitCode: command.exit?.code) }
            case .stop, .kill:
                command.positional.first.flatMap { name in
                    command.exit.map { .stopped(container: name, exitCode: $0.code) }
                }
            case .login: command.positional.first.map { .loggedIn(registry: $0) }
            case .import, .load: Self.imported(command.events, names: names)
            default: nil
            }
        guard let gist else { return nil }
        self = gist
    }

    private static func build(_ events: [TraceEvent]) -> CommandGist? {
        var names: [Reference] = []
        var base: String?
        var steps = 0
        var newLayers = 0
        var cached = 0
        var starts: Set<Int> = []
        for event in events {
            switch event {
            case .buildStepStarted(let step):
                let words = step.instruction.split(separator: " ", omittingEmptySubsequences: true)
                guard words.first?.uppercased() == "FROM" else {
                    steps += 1
                    continue
                }
                starts.insert(step.number)
                if words.count > 1 { base = words[1].lowercased() == "scratch" ? nil : String(words[1]) }
            case .buildStepFinished(let result) where !starts.contains(result.number):
                if result.cache == .hit { cached += 1 } else if result.layer != nil { newLayers += 1 }
            case .buildFinished(_, let references):
                names = references
            default:
                break
            }
        }
        return .built(names: names, base: base, steps: steps, newLayers: newLayers, cached: cached)
    }

    private static func commit(_ command: CommandRecords, names: ImageNames) -> CommandGist? {
        let added = command.events.contains { if case .layerRegistered = $0 { true } else { false } }
        guard
            let image = command.events.lazy.compactMap({ event -> Digest? in
                if case .imageCreated(let image) = event { image.id } else { nil }
            }).last,
            let container = command.positional.first
        else { return nil }
        return .committed(container: container, image: names.called(image), addedLayer: added)
    }

    private static func tag(_ command: CommandRecords, names: ImageNames) -> CommandGist? {
        for case .tagAdded(let reference, let image, let previous) in command.events {
            let source = command.positional.first ?? image.shortID
            let typed = command.positional.dropFirst().first ?? ""
            let untagged = !typed.contains("@") && !(typed.split(separator: "/").last ?? "").contains(":")
            return .named(
                reference, source: source, movedFrom: previous.flatMap { $0 == image ? nil : names.called($0) },
                latestImplied: untagged && reference.tag == "latest")
        }
        return nil
    }

    private static func removal(_ events: [TraceEvent], names: ImageNames) -> CommandGist? {
        var untagged: [Reference] = []
        var deleted = 0
        var pruned = 0
        var deletedLayers: Set<Digest> = []
        var released: [Digest: [Digest]] = [:]
        var reason: RmiConflict.Cause?
        var refused = false
        for event in events {
            switch event {
            case .tagRemoved(let reference, _) where reference.digest == nil: untagged.append(reference)
            case .imageDeleted: deleted += 1
            case .parentPruned: pruned += 1
            case .layerDeleted(let layer): deletedLayers.insert(layer.chainID)
            case .layerReleased(let chainID, _, let users): released[chainID] = users ?? []
            case .imageKept(let kept): reason = reason ?? kept.cause
            case .rmiConflict: refused = true
            default: break
            }
        }
        if deleted > 0 {
            let kept = released.filter { !deletedLayers.contains($0.key) }
            let keepers = Set(kept.values.joined()).sorted { $0.encoded < $1.encoded }.map(names.called)
            return .removed(
                names: untagged, images: deleted - pruned, pruned: pruned, layers: deletedLayers.count,
                keptLayers: kept.count, keepers: keepers)
        }
        if !untagged.isEmpty { return .untagged(names: untagged, reason: reason) }
        return refused ? .refused : nil
    }

    private static func pull(_ events: [TraceEvent]) -> CommandGist? {
        var downloaded = 0
        var shared = 0
        for case .pullLayer(_, let step, _) in events {
            if case .alreadyExists = step { shared += 1 } else if case .pullComplete = step { downloaded += 1 }
        }
        for case .imagePulled(let reference, _, _, let upToDate) in events {
            return upToDate ? .upToDate(reference) : .pulled(reference, downloaded: downloaded, shared: shared)
        }
        return nil
    }

    private static func push(_ events: [TraceEvent]) -> CommandGist? {
        var sent = 0
        var existing = 0
        var mounted = 0
        for case .pushLayer(_, let step, _, _) in events {
            switch step {
            case .pushed: sent += 1
            case .mountedFrom: mounted += 1
            case _ where step.isShared: existing += 1
            default: break
            }
        }
        for case .imagePushed(let reference, _, _) in events {
            return .pushed(reference, sent: sent, existing: existing, mounted: mounted)
        }
        return nil
    }

    private static func container(_ command: CommandRecords, names: ImageNames) -> CommandGist? {
        for case .containerCreated(_, let name, let image) in command.events {
            let called = names.called(image)
            guard command.kind == .run else { return .created(container: name, image: called) }
            let background = command.arguments.contains { $0 == "-d" || $0 == "--detach" }
            return .ran(
                container: name, image: called, exitCode: command.exit?.code, layerSize: command.exit?.layerSize,
                background: background)
        }
        return nil
    }

    private static func containersRemoved(_ events: [TraceEvent], names: ImageNames) -> CommandGist? {
        let removed = events.compactMap { event -> (name: String, image: Digest?)? in
            if case .containerRemoved(let id, let name) = event { (name, names.image(ofContainer: id)) } else { nil }
        }
        guard !removed.isEmpty else { return nil }
        var images: [Digest] = []
        for case let image? in removed.map(\.image) where !images.contains(image) { images.append(image) }
        return .removedContainers(removed.map(\.name), images: images.map(names.called))
    }

    private static func imagesListed(_ events: [TraceEvent]) -> CommandGist? {
        for case .imagesListed(let listing) in events where listing.quiet != true {
            return .listedImages(
                images: listing.images.count, names: listing.rows, listed: listing.listedSize,
                stored: listing.storedSize)
        }
        return nil
    }

    private static func exported(_ events: [TraceEvent]) -> CommandGist? {
        for case .containerExported(_, let name, let destination) in events {
            return .exported(container: name, destination: destination)
        }
        return nil
    }

    private static func inspected(_ events: [TraceEvent]) -> CommandGist? {
        let objects = events.compactMap { if case .objectInspected(let object) = $0 { object } else { nil } }
        return objects.isEmpty ? nil : .inspected(objects)
    }

    private static func changesListed(_ events: [TraceEvent]) -> CommandGist? {
        for case .containerChangesListed(let changes) in events {
            return .changesListed(
                container: changes.name, added: changes.count(.added), changed: changes.count(.changed),
                deleted: changes.count(.deleted))
        }
        return nil
    }

    private static func historyListed(_ events: [TraceEvent]) -> CommandGist? {
        for case .historyListed(let listing) in events {
            return .listedHistory(
                listing.requested, steps: listing.steps.count, layers: listing.steps.filter(\.addsLayer).count,
                base: listing.base?.name, baseSteps: listing.base?.steps ?? 0)
        }
        return nil
    }

    private static func imported(_ events: [TraceEvent], names: ImageNames) -> CommandGist? {
        var newLayers = 0
        var image: ImageInfo?
        for event in events {
            switch event {
            case .layerRegistered: newLayers += 1
            case .imageCreated(let created), .imageReused(let created): image = created
            default: break
            }
        }
        guard let image else { return nil }
        return .imported(names.called(image.id), layers: image.layers.count, newLayers: newLayers)
    }
}
