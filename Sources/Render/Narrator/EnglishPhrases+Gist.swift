import OCI
import Trace

/// A command's gist in English: one plain sentence, in the words of someone who knows `docker run`
/// and not yet what a layer is made of; the step-by-step narration says the rest.
extension EnglishPhrases {
    func gist(_ gist: CommandGist) -> String {
        switch gist {
        case .built(let names, let base, let steps, let newLayers, let cached):
            let image = names.first.map(\.familiarString) ?? "the image"
            let start = base.map { "on top of \($0)'s layers, which it shares rather than copies" } ?? "from scratch"
            let after = steps == 1 ? "the step after FROM" : "the \(steps) steps after FROM"
            if steps > 0 && cached == steps {
                return "Built \(image) \(start). \(steps == 1 ? "The step" : "Each of \(after)") came from the cache: "
                    + "nothing ran again and no new layer was made."
            }
            let added =
                switch newLayers {
                case 0: steps == 1 ? "the step after FROM added no layer" : "none of \(after) added a layer"
                case steps: steps == 1 ? "the step after FROM added a new layer" : "each of \(after) added a new layer"
                default: "\(newLayers) of \(after) added a new layer each"
                }
            return "Built \(image) \(start): \(added)"
                + (cached > 0 ? "; \(Self.count(cached, "step")) came from the cache and did not run." : ".")
        case .committed(let container, let image, let addedLayer):
            guard addedLayer else {
                return "Container \(container) changed no file, so the new image \(called(image)) adds no layer: "
                    + "it has only the layers of the image the container ran on."
            }
            return "What container \(container) changed is now copied into a new layer, on top of the layers of the "
                + "image it ran on: the new image \(called(image)) is those layers plus this one. The container keeps its "
                + "own copy until rm."
        case .named(let name, let source, let movedFrom, let latestImplied):
            return "\(name.familiarString) now names the same image as \(source): still one image, nothing copied."
                + (latestImplied ? " (A name typed without a tag gets the tag latest.)" : "")
                + (movedFrom.map {
                    " Before, \(name.familiarString) named \(called($0)); that image is still here"
                        + ($0.name == nil
                            ? ", now with no name at all: a dangling image, which images lists as <none> <none>."
                            : ".")
                } ?? "")
        case .removed(let names, let images, let pruned, let layers, let keptLayers, let keepers):
            let what = names.isEmpty ? "The image" : names.familiarList
            var sentence =
                "\(what) \(max(names.count, images) == 1 ? "is" : "are") gone: "
                + (images == 1 ? "its image was deleted" : "their \(images) images were deleted")
                + (pruned > 0 ? ", with the \(Self.count(pruned, "in-between image")) its build made" : "")
                + (layers > 0 ? ", and the \(Self.count(layers, "layer")) no other image used." : "; no layer went.")
            if keptLayers > 0 {
                sentence +=
                    " \(Self.count(keptLayers, "layer")) \(keptLayers == 1 ? "stays" : "stay"): "
                    + "\(keepers.map(called).joined(separator: ", ")) still \(keepers.count == 1 ? "uses" : "use") "
                    + (keptLayers == 1 ? "it." : "them.")
            }
            return sentence
        case .untagged(let names, let reason):
            let what = names.familiarList
            let why = reason.map(whyKept) ?? "something still needs it"
            return
                "Only the name\(names.count == 1 ? "" : "s") \(what) went. The image stays, because \(why); no layer was deleted."
        case .refused:
            return "Nothing was removed: Docker refused. Why, and what to do first, is just below."
        case .pulled(let reference, let downloaded, let shared):
            return "Pulled \(reference.familiarString): \(Self.count(downloaded, "layer")) downloaded"
                + (shared > 0
                    ? "; \(Self.count(shared, "layer")) \(shared == 1 ? "was" : "were") already on this machine, so "
                        + "\(shared == 1 ? "it is" : "they are") shared with the images that had \(shared == 1 ? "it" : "them"), "
                        + "not downloaded again."
                    : ".")
        case .upToDate(let reference):
            return "\(reference.familiarString) is already up to date: nothing was downloaded."
        case .pushed(let reference, let sent, let existing, let mounted):
            var notSent: [String] = []
            if existing > 0 { notSent.append("\(Self.count(existing, "layer")) it already had (Layer already exists)") }
            if mounted > 0 {
                notSent.append(
                    "\(Self.count(mounted, "layer")) it linked from another of its repositories (Mounted from)")
            }
            return "Pushed \(reference.familiarString): \(Self.count(sent, "layer")) sent"
                + (notSent.isEmpty
                    ? "."
                    : "; the registry had the rest: \(notSent.joined(separator: ", and ")), so no bytes went for "
                        + "\(existing + mounted == 1 ? "it" : "them").")
        case .ran(let container, let image, let exitCode, let layerSize, let background):
            let said =
                background
                ? "Container \(container) started on \(called(image)) and runs in the background: the files its "
                    + "command writes go into a layer of changes that belongs to the container; the image itself does "
                    + "not change."
                : layerSize == 0
                    ? "Container \(container) ran on \(called(image)): its command changed no file, so the container's "
                        + "own layer of changes is empty; the image itself did not change."
                    : "Container \(container) ran on \(called(image)): the files its command wrote went into a layer "
                        + "of changes that belongs to the container; the image itself did not change."
            return said + (exitCode.map(Self.failure) ?? "")
        case .created(let container, let image):
            return "Container \(container) was made on \(called(image)), with an empty layer of its own on top for the "
                + "changes its command will make. Nothing ran yet: start runs its command."
        case .started(let container, let exitCode):
            guard let exitCode else {
                return "Container \(container)'s command runs again, in the background, on the container's own layer "
                    + "of changes: what it changed before is still there."
            }
            return "Container \(container)'s command ran again, on the container's own layer of changes: what it "
                + "changed before is still there." + Self.failure(exitCode)
        case .stopped(let container, let exitCode):
            return "Container \(container)'s command ended"
                + (ExitSignal.name(exitCode).map { " (signal \($0))" } ?? " (exit status \(exitCode))")
                + ". The container stays, with the files it changed, until rm removes it."
        case .loggedIn(let registry):
            return "\(registry) accepted the user name and password; they are kept for later pushes and pulls."
        case .removedContainers(let names, let images):
            let ranOn = images.map(called).joined(separator: ", ")
            guard names.count > 1 else {
                return "Removed container \(names.joined()), with the changes it made (its own layer); "
                    + (images.isEmpty
                        ? "its image stays as it was." : "the image it ran on, \(ranOn), stays as it was.")
            }
            return "Removed containers \(names.joined(separator: ", ")), with the changes each made; "
                + (images.isEmpty
                    ? "their images stay as they were." : "the images they ran on (\(ranOn)) stay as they were.")
        case .exported(let container, let destination):
            return
                "Wrote container \(container)'s files, as it sees them, to \(destination == "-" ? "the output" : destination): "
                + "one flat tar, without layers (save keeps an image's layers)."
        case .inspected(let objects):
            return objects.map { object in
                object.kind == .image
                    ? "The details of image \(object.requested), as JSON: its \(Self.count(object.layers?.count ?? 0, "layer")) "
                        + "in RootFS.Layers, bottom first, and the settings a container starts with (Config)."
                    : "The details of container \(object.requested), as JSON: its state, its image, and where its own "
                        + "layer of changes is on disk (GraphDriver's UpperDir)."
            }.joined(separator: " ")
        case .searched(let listing):
            return searchListed(listing)
        case .listedImages(let images, let names, let listed, let stored):
            let subject =
                Self.count(images, "image") + (names > images ? " under \(names) names (a row for each name)" : "")
            guard listed != stored else { return "\(subject), \(ByteCount.docker(stored)) on disk." }
            return
                "\(subject). Adding up the SIZE column gives \(ByteCount.docker(listed)), as each row counts all the "
                + "layers of its image; but a layer is stored once, however many images use it: "
                + "\(ByteCount.docker(stored)) on disk."
        case .listedHistory(let name, let steps, let layers, let base, let baseSteps):
            let which =
                base.map {
                    "\(Self.count(steps - baseSteps, "step")) of its own on top of \(baseSteps) from "
                        + "\($0.familiarString)"
                } ?? Self.count(steps, "step")
            let added =
                layers == steps
                ? "each added a layer"
                : "\(layers) of them added a layer; the others only changed settings (such as CMD or ENV)"
            return "The history of \(name) lists \(which), newest first: \(added)."
        case .changesListed(let container, let added, let changed, let deleted):
            guard added + changed + deleted > 0 else {
                return "Container \(container) changed nothing compared with its image: a commit would add no layer."
            }
            return "Container \(container) changed \(Self.count(added + changed + deleted, "path")) compared with its "
                + "image: \(added) added, \(changed) changed, \(deleted) deleted. They are all in the container's own "
                + "layer; a commit would make exactly these into a new layer."
        case .imported(let image, let layers, let newLayers):
            return "\(called(image).capitalisedFirst) is here, with \(Self.count(layers, "layer"))"
                + (newLayers < layers
                    ? "; \(Self.count(layers - newLayers, "layer")) of them \(layers - newLayers == 1 ? "was" : "were") "
                        + "already on this machine and \(layers - newLayers == 1 ? "is" : "are") shared."
                    : ".")
        }
    }

    private func whyKept(_ cause: RmiConflict.Cause) -> String {
        switch cause {
        case .dependentChildren: return "an image built on it still needs its layers"
        case .referencedInRepositories: return "it still has another name"
        case .usedByContainer, .containerUsesReference: return "a container uses it"
        }
    }

    /// A sentence more when a command failed; a signal that ended it (stop, kill) is no failure.
    private static func failure(_ exitCode: Int32) -> String {
        exitCode == 0 || ExitSignal.name(exitCode) != nil ? "" : " Its command failed (exit status \(exitCode))."
    }

    private func called(_ image: CommandGist.ImageCalled) -> String {
        image.name.map(\.familiarString) ?? "image \(image.id.shortID)"
    }
}

extension String {
    fileprivate var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
