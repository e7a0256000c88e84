import OCI
import Trace

/// The narration in English.
struct EnglishPhrases: Phrasebook {
    func started(_ command: OperationKind, _ arguments: [String]) -> String {
        let line = ShellWord.line(["layerlab", command.rawValue] + arguments)
        switch command {
        case .import: return "\(line): a root filesystem becomes the single layer of a new image."
        case .tag: return "\(line): an image gets another name; no data is copied."
        case .rmi where arguments.contains(where: RemovalDiagram.isID) && RemovalDiagram.isForced(arguments):
            return "\(line): delete the image with this ID, and its names with it, even when it has several or a "
                + "stopped container uses it (-f). Only an image built on it, or a running container, still stops it."
        case .rmi where arguments.contains(where: RemovalDiagram.isID):
            return
                "\(line): delete the image with this ID, and its names with it. It is refused while an image is built "
                + "on it or a container uses it, and, when it has several names, without -f."
        case .rmi where RemovalDiagram.isForced(arguments):
            return "\(line): take the name away and delete the image, even while a stopped container uses it "
                + "(that container keeps the layers it stands on); an image other images are built on, or a running "
                + "container uses, stays."
        case .rmi:
            return "\(line): take the name away, and delete the image once nothing needs it any more."
        case .save: return "\(line): write images with their layers and names to an archive."
        case .load: return "\(line): read images from an archive, checking every layer's digest."
        case .pull: return "\(line): fetch an image from a registry, downloading only the layers the store lacks."
        case .push: return "\(line): send an image to a registry, skipping the layers it already has."
        case .graph: return "\(line): look at the store as it is."
        case .history: return "\(line): list the steps the image was made in, from its config."
        case .login:
            return "\(line): the registry checks the user name and password (itself, or through the token service "
                + "it names); once it agrees, they are saved for later pushes and pulls."
        case .images: return "\(line): list the images in the store, newest first."
        case .run where arguments.first == "-d":
            return "\(line): create a container on the image and start its command in the background: -d prints the "
                + "container's ID at once, logs shows what the command writes, and ps shows it Up until the command "
                + "ends, or stop or kill ends it."
        case .start:
            return "\(line): run the container's command again, on the writable layer it already has."
        case .stop:
            return "\(line): send the container's command SIGTERM, then SIGKILL once the time is up (-t, 10 seconds "
                + "unless given). A container's first process ignores a signal it has no handler for, so sleep waits "
                + "the whole time and ends only by SIGKILL (status 137)."
        case .kill:
            return "\(line): send the container's command a signal, SIGKILL unless -s names another; SIGKILL ends it "
                + "at once (status 137)."
        case .ended: return "Meanwhile, in the background:"
        case .run: return "\(line): create a container on the image and run its command at once."
        case .attach: return "\(line): the container's command runs; what it writes is recorded as it writes it."
        case .logs:
            return "\(line): print what the container's command wrote, every run of it, from the container's log "
                + "(containers/<id>/<id>-json.log, a line of JSON for each line of output)."
        case .fsck:
            return "\(line): check the store: every blob hashed, every layer's files compared with its blob, "
                + "every name and link followed."
        case .recover: return "Opening the store: first, clean what an interrupted command left behind."
        default: return line
        }
    }

    var done: String { "Done." }

    func failed(_ message: String) -> String { "Failed: \(message)" }

    func blobStored(_ blob: BlobInfo, files: Int64?) -> String {
        blob.alreadyPresent
            ? "Blob \(blob.digest.shortID) is already in the blob store: same bytes, same digest, kept once."
            : "The layer is also kept compressed as blob \(blob.digest.shortID) (\(blob.size) bytes): "
                + "the form it travels in to and from a registry."
                + (blob.outweighs(files: files)
                    ? " For a layer this small, the tar's 512-byte headers and gzip's own bytes can outweigh the files."
                    : "")
    }

    func layerRegistered(_ layer: LayerInfo) -> String {
        let position =
            layer.parent.map { "It sits on top of layer \($0.shortID)." } ?? "It is the bottom layer of its stack."
        guard layer.size > 0 else {
            return "New layer \(layer.chainID.shortID): 0 bytes of file data, as what it holds (empty files, folders, "
                + "whiteouts for deleted files, changed modes) takes none; it is still a layer, unlike a step that only changes settings (ENV, CMD), which adds none. \(position)"
        }
        return "New layer \(layer.chainID.shortID): its diff folder holds only what this layer changed "
            + "(\(layer.size) bytes). \(position)"
    }

    func layerReused(_ layer: LayerInfo, sharedWith: [Digest]) -> String {
        let sharing =
            sharedWith.isEmpty
            ? "" : " Image(s) \(sharedWith.shortList) already use it; from now on they share it with the new image."
        return "Layer \(layer.chainID.shortID) already exists, so it is not stored again: same content, same ID."
            + sharing
    }

    func layerReleased(_ chainID: Digest, remaining: Int, usedBy: [Digest]?) -> String {
        guard let usedBy else {
            return "Layer \(chainID.shortID) is not removed yet: "
                + (remaining == 1
                    ? "another image or container still uses it."
                    : "\(remaining) other images or containers still use it.")
        }
        let containers = remaining - usedBy.count
        let users =
            switch (usedBy.count, containers) {
            case (0, _): Self.count(containers, "container")
            case (1, 0): "image \(usedBy.shortList)"
            case (_, 0): "\(Self.count(usedBy.count, "image")) (\(usedBy.shortList))"
            default:
                "\(Self.count(usedBy.count, "image")) (\(usedBy.shortList)) and \(Self.count(containers, "container"))"
            }
        // A layer kept here may go a line later, with a parent image that goes after its child: say so,
        // or the two lines read as a contradiction.
        return "Layer \(chainID.shortID) stays for now: \(users) still \(remaining == 1 ? "uses" : "use") it"
            + (containers == 0
                ? " (if \(usedBy.count == 1 ? "that image goes" : "those images go") too, the layer goes with it)."
                : ".")
    }

    /// `1 image`, `2 images`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    func layerDeleted(_ layer: LayerInfo) -> String {
        "Layer \(layer.chainID.shortID) is deleted: no image uses it any more, so its diff folder goes too."
    }

    func imageCreated(_ image: ImageInfo) -> String {
        "Image \(image.id.shortID) is created. Its ID is the SHA-256 of its config, which lists "
            + Self.count(image.layers.count, "layer")
            + (image.parent.map { " and names \($0.shortID) as its parent" } ?? "")
            + "."
    }

    func imageReused(_ image: ImageInfo) -> String {
        "Image \(image.id.shortID) already exists: the same config gives the same ID."
    }

    func imageDeleted(_ id: Digest) -> String { "Image \(id.shortID) is deleted." }
    func parentPruned(_ image: Digest, child: Digest) -> String {
        "Image \(image.shortID), which \(child.shortID) was built on, has no name, no other child image and no "
            + "container: nothing needs it any more, so it goes too (`rmi --no-prune` would keep it)."
    }

    func imageKept(_ kept: ImageKept) -> String {
        let image = kept.image.shortID
        let subject = kept.child.map { "Image \(image), which \($0.shortID) was built on," } ?? "Image \(image)"
        switch kept.cause {
        case .referencedInRepositories(let references):
            return "\(subject) stays: it still has the name(s) \(references.familiarList)."
        case .dependentChildren(let children):
            let users = kept.namedDescendants.isEmpty ? children.shortList : kept.namedDescendants.familiarList
            return "\(subject) stays: the \(children.count == 1 ? "image" : "images") built on it (\(users)) still "
                + "\(children.count == 1 ? "needs" : "need") its layers."
        case .usedByContainer(let id, _), .containerUsesReference(_, let id):
            return "\(subject) stays: container \(id.prefix(12)) was created from it and still uses its layers."
        }
    }

    func historyListed(_ listing: HistoryListing) -> String {
        let steps = listing.steps
        let layers = steps.filter(\.addsLayer).count
        var text =
            "The history of \(listing.requested) (image \(listing.image.shortID)) lists the \(Self.count(steps.count, "step")) "
            + "it was made in, newest first: \(layers) of them added a layer (its size under SIZE; a layer of only empty "
            + "files, folders or deletions shows 0B too)"
            + (steps.count == layers
                ? "."
                : ", \(steps.count - layers) only changed the config and have no layer (Docker's empty layers, 0B).")
        if let base = listing.base {
            text +=
                (base.steps == 1
                    ? " The bottom step is that of \(base.name.familiarString), the image it was built on (by FROM "
                        + "or a commit): its "
                    : " The bottom \(base.steps) steps are those of \(base.name.familiarString), the image it was "
                        + "built on (by FROM or a commit): their ") + "layers are shared, not copied."
        }
        if steps.contains(where: { $0.image == nil }) {
            text +=
                " <missing> under IMAGE: that step's image was never in this store (the image came "
                + "whole, pulled, loaded or imported); its config keeps only the step's record."
        }
        let made = listing.layersFromTheBottom
        if !made.isEmpty {
            text +=
                " The layers, bottom first, and the step that made each: "
                + made.map { "layer \($0.layer.shortID) (\($0.step.instruction()))" }.joined(separator: ", ") + "."
        }
        return text
    }

    func exported(container: String, destination: String) -> String {
        "Container \(container)'s files, as it sees them (its image's layers merged with its own, deleted files left "
            + "out), written to \(destination == "-" ? "standard output" : destination) as one flat tar: no layers, no "
            + "config, no history. `save` keeps an image's layers; `import` makes a one-layer image of this tar."
    }

    func inspected(_ object: InspectedObject) -> String {
        guard object.kind == .image else {
            return "The record of container \(object.requested), as Docker keeps it: its state, the image it was made "
                + "on (\(object.image?.shortID ?? "?")), and under GraphDriver its UpperDir, the folder of its own "
                + "layer of changes, over LowerDir, its image's layers."
        }
        let layers = object.layers ?? []
        return "The config of image \(object.requested), as Docker keeps it: Config is what a container starts with "
            + "(its command, environment, working folder); RootFS.Layers lists its \(Self.count(layers.count, "layer")) "
            + "bottom first, each by its diff ID (the digest of its uncompressed tar), while the picture names a layer by "
            + "its chain ID, which also covers the layers under it; GraphDriver says where their diff folders are."
    }

    func containerChanges(_ changes: ContainerChanges) -> String {
        guard !changes.entries.isEmpty else {
            return "Container \(changes.name) changed nothing: its own layer is empty, so a commit of it would add no "
                + "layer."
        }
        let letters = [
            (ContainerChanges.Kind.added, "A: added"),
            (.changed, "C: changed, such as a folder whose contents changed"),
            (.deleted, "D: deleted, hidden by a whiteout in the container's layer"),
        ].filter { changes.count($0.0) > 0 }.map { "\(changes.count($0.0)) \($0.1)" }
        return "Container \(changes.name)'s own layer holds \(Self.count(changes.entries.count, "change")) against its "
            + "image (\(letters.joined(separator: "; "))). The image's layers stay as they were; a commit would make "
            + "exactly these changes a new layer."
    }

    func containersListed(_ listing: ContainersListing) -> String {
        guard !listing.containers.isEmpty else { return "There are no containers: run or create makes one." }
        let count = { (n: Int) in "\(n) container\(n == 1 ? "" : "s")" }
        let shown =
            listing.all
            ? "\(count(listing.containers.count)): \(listing.running) running, \(listing.stopped) stopped"
                + (listing.neverStarted > 0 ? " (\(listing.neverStarted) of them created and never started)." : ".")
            : "\(count(listing.running)) running"
                + (listing.stopped == 0
                    ? "."
                    : "; \(listing.stopped) stopped \(listing.stopped == 1 ? "is" : "are") not listed without -a (ps -a).")
        var text =
            listing.stopped == 0
            ? shown
            : shown + " A stopped container keeps its read-write layer, and rmi refuses its image without -f, until rm "
                + "removes the container."
        for container in listing.withoutImage {
            text +=
                " Container \(container.name)'s image \(container.image.shortID) was deleted by rmi -f: the container "
                + "keeps that image's layers, and ps shows the image by its ID, until rm removes the container."
        }
        return text
    }

    func imagesListed(_ listing: ImagesListing) -> String {
        var text = "\(Self.count(listing.images.count, "image")) listed."
        if listing.quiet == true {
            return "-q prints only the IMAGE ID column, a line per row: \(Self.count(listing.rows, "line")) for "
                + "\(Self.count(listing.images.count, "image")), ready to hand to rmi, history or inspect."
                + hiddenIntermediates(listing)
        }
        if listing.rows > listing.images.count {
            text =
                "\(Self.count(listing.rows, "row")) for \(Self.count(listing.images.count, "image")): an image with "
                + "several names has a row for each, with the same IMAGE ID."
        }
        if listing.listedSize > listing.storedSize {
            let sharing =
                listing.sharingPair.map { " (\(Self.name($0.0)) and \(Self.name($0.1)) share layers, for one)" } ?? ""
            text +=
                " SIZE counts all of an image's layers in each of its rows, shared ones too: the column adds up to "
                + "\(ByteCount.docker(listing.listedSize)), but the store keeps each layer once, "
                + "\(ByteCount.docker(listing.storedSize)) in all\(sharing)."
        }
        let dangling = listing.all ? 0 : listing.images.filter(\.references.isEmpty).count
        if dangling > 0 {
            text +=
                " \(dangling) listed as <none>: an image with no name left, because its name was given to another "
                + "image or taken away (rmi) while something still needed the image."
        }
        return text + hiddenIntermediates(listing)
    }

    /// The images `images` left out without `-a`, if any.
    private func hiddenIntermediates(_ listing: ImagesListing) -> String {
        let hidden = listing.hiddenIntermediates
        guard hidden > 0 else { return "" }
        return " \(Self.count(hidden, "image")) without a name that other images are built on "
            + "\(hidden == 1 ? "is" : "are") not shown (a build's intermediate images, or a parent whose name was "
            + "removed); `images -a` shows \(hidden == 1 ? "it" : "them")."
    }

    private static func name(_ image: ImagesListing.Image) -> String {
        image.references.first?.familiarString ?? image.id.shortID
    }

    func tagAdded(_ reference: Reference, image: Digest, previous: Digest?) -> String {
        if let digest = reference.digest {
            return "The registry's digest for this image, \(digest.shortID), is kept as one of its names "
                + "(\(reference.familiarName)@sha256:…, a RepoDigest): it names exactly these bytes, whatever tags do later."
        }
        let moved = previous.map { " The name used to point to \($0.shortID); a tag can move." } ?? ""
        return "The name \(reference.familiarString) now points to image \(image.shortID).\(moved)"
    }

    func tagRemoved(_ reference: Reference, image: Digest) -> String {
        "Untagged \(reference.familiarString): the name no longer points to image \(image.shortID)."
    }

    func refusal(_ conflict: RmiConflict) -> String {
        let image = conflict.image.shortID
        switch conflict.cause {
        case .dependentChildren(let children) where !conflict.namedDescendants.isEmpty:
            // The images the learner knows by name first: the one right on it may be a build's
            // in-between image, which they never saw.
            let named = conflict.namedDescendants
            return "Docker refuses: \(named.familiarList) \(named.count == 1 ? "is" : "are") built on image \(image), "
                + "and \(named.count == 1 ? "its" : "their") layers stand on the layers of \(image) (the image right on "
                + "it: \(children.shortList)), so even -f cannot remove \(image). Named "
                + "\(named.count == 1 ? "image" : "images") built on it: \(named.familiarList)."
        case .dependentChildren(let children):
            return "Docker refuses: \(Self.count(children.count, "image")) (\(children.shortList)) "
                + "\(children.count == 1 ? "was" : "were") built on image \(image). "
                + "\(children.count == 1 ? "That image's" : "Their") layers stand on the layers of \(image), so even -f "
                + "cannot remove \(image)."
        case .referencedInRepositories(let references):
            return "Docker refuses: image \(image) has names in several repositories (\(references.familiarList)) "
                + "and you named it by ID, so it is not clear which name you meant."
        case .usedByContainer(let id, let running):
            let container = conflict.containerShown(id)
            return "Docker refuses: container \(container) (\(running ? "running" : "stopped")) was created from "
                + "image \(image); its files are the image's layers plus its own."
        case .containerUsesReference(let reference, let id):
            return "Docker refuses: container \(conflict.containerShown(id)) was created from "
                + "image \(image) and stands on its layers, and \(reference.familiarString) is the image's last name: "
                + "without it, the image would stay, nameless, only for the container."
        }
    }

    func advice(_ conflict: RmiConflict) -> String {
        switch conflict.cause {
        case .dependentChildren where conflict.namedDescendants.isEmpty:
            return "Remove the images built on it first, starting from the newest: removing a named image also "
                + "removes the nameless images under it that nothing else needs."
        case .dependentChildren:
            return "Remove \(conflict.namedDescendants.familiarList) first (`rmi NAME`): removing a named image also "
                + "removes the nameless images under it that nothing else needs. Then this one can go."
        case .referencedInRepositories:
            return "Remove the names one by one with `layerlab rmi NAME`, or all of them at once with -f."
        case .usedByContainer(_, let running):
            return running
                ? "A running container cannot be forced out of the way, not even with -f: stop it first "
                    + "(\(conflict.containerStop)), then remove it (\(conflict.containerRemoval))."
                : "Remove the container first (\(conflict.containerRemoval)), or use -f."
        case .containerUsesReference:
            return "Remove the container first (\(conflict.containerRemoval); a running one needs "
                + "\(conflict.containerStop) before); or use -f: the name goes, and the image "
                + "too unless an image is built on it or the container is running; a stopped container keeps the "
                + "layers it stands on."
        }
    }

    func saved(format: String, destination: String, count: Int) -> String {
        "\(Self.count(count, "image")) written to \(destination) in the \(format) format, layers and names included."
    }

    func loaded(_ id: Digest, references: [Reference]) -> String {
        references.isEmpty
            ? "Loaded image \(id.shortID); the archive gave it no name."
            : "Loaded image \(id.shortID) as \(references.familiarList); its ID is unchanged."
    }

    func unionLayer(_ index: Int, _ layer: UnionStackReport.Layer) -> String {
        "Layer \(index + 1) (\(layer.chainID.shortID)) adds \(layer.added.count) file(s), changes \(layer.changed.count) "
            + "and deletes \(layer.removed.count) with whiteouts: its diff folder holds only these."
    }

    func unionMerged(_ stack: UnionStackReport) -> String {
        "The union filesystem merges the \(Self.count(stack.layers.count, "layer")) into one view of "
            + "\(Self.count(stack.merged.count, "file")): "
            + "for each path, the highest layer that has it wins."
    }

    func containerCreated(id: String, name: String, image: Digest) -> String {
        "Container \(id.prefix(12)) (\(name)) is created from image \(image.shortID): an empty read-write layer on top "
            + "of the image's read-only layers, which it shares with the image."
    }

    func containerExited(id: String, exitCode: Int32) -> String {
        "Container \(id.prefix(12)) exited with status \(exitCode)"
            + (ExitSignal.name(exitCode).map { " (128 + \(exitCode - 128): signal \($0) ended it)" } ?? "")
            + "; what it changed stays in its read-write layer "
            + "until it is removed. A commit only copies those changes into a new image's layer; the container "
            + "keeps them."
    }

    func containerRemoved(id: String, name: String) -> String {
        "Container \(id.prefix(12)) (\(name)) is removed, and its read-write layer with it; its image's layers stay "
            + "while an image uses them."
    }

    func lookup(_ path: String, layer: Int?) -> String {
        layer.map { "\(path) comes from layer \($0 + 1): the highest layer that has it hides the ones below." }
            ?? "\(path) is in no layer of the merged view."
    }

    func whiteoutApplied(_ path: String, layer: Int, opaque: Bool) -> String {
        opaque
            ? "Folder \(path) is opaque in layer \(layer + 1): what lower layers had in it is hidden."
            : "A whiteout in layer \(layer + 1) hides \(path): lower layers still have it, the merged view does not."
    }

    func copyUp(_ path: String, fromLayer: Int, isDirectory: Bool) -> String {
        isDirectory
            ? "Copy-up: the folder /\(path) is created in the container's layer, empty, with the owner and "
                + "permissions it has in the image, so that something inside it can change; its files stay in the "
                + "image's layer."
            : "Copy-up: /\(path) is copied from read-only layer \(fromLayer + 1) (counting from the bottom) into the "
                + "container's layer before it changes; the image's layer is never modified."
    }

    func whiteoutWritten(_ path: String, opaque: Bool) -> String {
        opaque
            ? "/\(path) was removed and made again: the container's layer marks it opaque (.wh..wh..opq)."
            : "/\(path) is deleted in the container: a whiteout (.wh.) in its layer hides the image's copy."
    }
}
