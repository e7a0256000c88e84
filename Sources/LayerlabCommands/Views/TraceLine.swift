import OCI
import Trace

/// One trace record as a line a person reads: sequence, operation and what happened.
enum TraceLine {
    static func render(_ record: TraceRecord) -> String {
        let prefix = "#\(record.sequence) [op \(record.operation)]"
        switch record.event {
        case .operationStarted:
            return "\(prefix) \(describe(record.event))"
        default:
            return "\(prefix)   \(describe(record.event))"
        }
    }

    static func describe(_ event: TraceEvent) -> String {
        switch event {
        case .operationStarted(let kind, let arguments):
            return "▶ \(([kind.rawValue] + arguments).joined(separator: " "))"
        case .operationFinished(let error):
            return error.map { "✗ failed: \($0)" } ?? "✓ done"
        case .blobStored(let blob):
            return "blob \(blob.digest.shortID) (\(blob.size) bytes, \(blob.mediaType))"
                + (blob.alreadyPresent ? " already in the blob store" : " written to the blob store")
        case .layerRegistered(let layer):
            return "new layer \(layer.chainID.shortID) (diff \(layer.diffID.shortID), \(layer.size) bytes)"
                + (layer.parent.map { " on top of \($0.shortID)" } ?? " at the bottom")
        case .layerReused(let layer, let images):
            return "layer \(layer.chainID.shortID) already exists"
                + (images.isEmpty ? "" : ", shared with \(images.map(\.shortID).joined(separator: ", "))")
        case .layerReleased(let chainID, let remaining, _):
            return "layer \(chainID.shortID) kept: still used by \(remaining) image(s)"
        case .layerDeleted(let layer):
            return "layer \(layer.chainID.shortID) deleted (no image uses it any more)"
        case .imageCreated(let image):
            return "image \(image.id.shortID) created with \(image.layers.count) layer(s)"
                + (image.parent.map { ", parent \($0.shortID)" } ?? "")
        case .imageReused(let image):
            return "image \(image.id.shortID) already exists (same config)"
        case .imageDeleted(let id):
            return "image \(id.shortID) deleted"
        case .parentPruned(let image, let child):
            return "parent \(image.shortID) of \(child.shortID) is unused: pruned"
        case .tagAdded(let reference, let image, let previous):
            return "tag \(reference.familiarString) → \(image.shortID)"
                + (previous.map { " (moved from \($0.shortID))" } ?? "")
        case .tagRemoved(let reference, let image):
            return "untagged \(reference.familiarString) (was \(image.shortID))"
        case .rmiConflict(let conflict):
            return "refused: \(conflict.message)"
        case .imageKept(let kept):
            return "image \(kept.image.shortID) kept: \(keptBecause(kept.cause))"
        case .unionStack(let stack):
            return
                "image \(stack.image.shortID) is \(stack.layers.count) layer(s) merging into \(stack.merged.count) file(s)"
        case .imagesListed(let listing):
            return "\(listing.images.count) image(s) listed, \(listing.listedSize) bytes by SIZE, "
                + "\(listing.storedSize) bytes stored"
        case .containersListed(let listing):
            return "\(listing.listed) of \(listing.containers.count) container(s) listed, \(listing.running) running"
        case .containerExported(_, let name, let destination):
            return "container \(name) exported to \(destination)"
        case .objectInspected(let object):
            return "\(object.kind.rawValue) \(object.requested) inspected"
                + (object.layers.map { ": \($0.count) layer(s)" } ?? "")
        case .containerChangesListed(let changes):
            return "container \(changes.name): "
                + ContainerChanges.Kind.allCases.map { "\(changes.count($0)) \($0.rawValue)" }
                .joined(separator: ", ")
        case .historyListed(let listing):
            return "history of \(listing.image.shortID): \(listing.steps.count) step(s), "
                + "\(listing.steps.filter(\.addsLayer).count) with a layer"
        case .storeSnapshot(let snapshot):
            return "store has \(snapshot.images.count) image(s) and \(snapshot.layers.count) layer(s)"
        case .imagesSaved(let format, let destination, let images):
            return "saved \(images.count) image(s) as \(format) to \(destination)"
        case .imageLoaded(let id, let references):
            return "loaded image \(id.shortID)"
                + (references.isEmpty ? "" : " as \(references.map(\.familiarString).joined(separator: ", "))")
        case .containerCreated(let id, let name, let image):
            return "container \(id.prefix(12)) (\(name)) created from image \(image.shortID)"
        case .containerExited(let id, let exitCode, _):
            return "container \(id.prefix(12)) exited (\(exitCode))"
        case .containerRemoved(let id, let name):
            return "container \(id.prefix(12)) (\(name)) removed with its read-write layer"
        case .unionLookup(let path, let layer):
            return layer.map { "/\(path) found in layer \($0)" } ?? "/\(path) not found in any layer"
        case .whiteoutApplied(let path, let layer, let opaque):
            return opaque
                ? "/\(path) is opaque in layer \(layer): lower layers' contents hidden"
                : "/\(path) deleted by a whiteout in layer \(layer)"
        case .copyUp(let path, let layer, let isDirectory):
            return isDirectory == true
                ? "copy-up: folder /\(path) made in the container layer (from layer \(layer), without its entries)"
                : "copy-up: /\(path) copied from layer \(layer) into the container layer"
        case .buildStarted(let builder, let dockerfile, let size):
            return "\(builder) build of \(dockerfile) (context \(size) bytes)"
        case .buildStepStarted(let step):
            return "step \(step.number)/\(step.total) (line \(step.line)): \(step.instruction)"
        case .buildTrigger(let trigger):
            return "step \(trigger.step): ONBUILD trigger \(trigger.index + 1)/\(trigger.count): \(trigger.instruction)"
        case .buildStepFinished(let result):
            return "step \(result.number) → image \(result.image.shortID), "
                + (result.shownLayer.map { "layer \($0.shortID)" } ?? "empty layer")
                + " (cache \(result.cache.rawValue)"
                + (result.reason.map { ": \($0.rawValue)" } ?? "") + ")"
        case .buildArgumentsUnused(let names):
            return "build args not consumed: \(names.joined(separator: ", "))"
        case .buildFinished(let image, let references):
            return "built \(image.shortID)"
                + (references.isEmpty ? "" : " as " + references.map(\.familiarString).joined(separator: ", "))
        case .httpExchange(let exchange):
            return "\(exchange.method) \(exchange.path) → \(exchange.status) (\(exchange.bytes) bytes)"
        case .authStep(let step):
            return "auth \(step.kind.rawValue) (\(step.scheme))" + (step.scope.map { " scope \($0)" } ?? "")
                + (step.realm.map { " realm \($0)" } ?? "")
        case .pullLayer(let digest, let step, _), .pushLayer(let digest, let step, _, _):
            return "\(digest.shortID): \(step.status.rawValue)" + Self.facts(of: step)
        case .containerOutput(let output):
            return "\(output.container.prefix(12)) \(output.stream.rawValue): "
                + String(decoding: output.bytes, as: UTF8.self).debugDescription
        case .searchListed(let listing):
            return "search \(listing.term): \(listing.hits.map(\.name).joined(separator: ", "))"
        case .pullStarted(let reference):
            return "pulling \(reference.familiarString)"
        case .pushStarted(let reference):
            return "pushing \(reference.familiarString)"
        case .imagePulled(let reference, let manifest, let image, let upToDate):
            return "pulled \(reference.familiarString): digest \(manifest), image \(image.shortID)"
                + (upToDate ? " (up to date)" : "")
        case .imagePushed(let reference, let manifest, let size):
            return "pushed \(reference.familiarString): digest \(manifest) size \(size)"
        case .whiteoutWritten(let path, let opaque):
            return opaque
                ? "/\(path) made opaque in the container layer (.wh..wh..opq)"
                : "/\(path) deleted in the container layer (whiteout .wh.\(path.split(separator: "/").last.map(String.init) ?? path))"
        case .storeRecovered(let entry):
            return "recovered \(entry.path) (\(entry.reason.rawValue))"
        case .storeProblem(let problem):
            return "\(problem.kind.rawValue) \(problem.subject): \(problem.detail)"
                + (problem.repaired ? " (removed)" : "")
        case .storeChecked(let summary):
            return "checked the store: \(summary.problems) problem(s), \(summary.repaired) removed"
        }
    }

    /// The data a transfer step carries, as `trace show` prints it after Docker's word.
    private static func facts(of step: LayerTransferStep) -> String {
        switch step {
        case .alreadyExists(let users) where !users.isEmpty:
            " (used by \(users.map(\.shortID).joined(separator: ", ")))"
        case .downloadStarted(let size): " \(size) bytes"
        case .downloadProgress(let received, let total): " \(received)/\(total)"
        case .retrying(let offset): " from byte \(offset)"
        case .mountedFrom(let repository): " \(repository)"
        default: ""
        }
    }

    private static func keptBecause(_ cause: RmiConflict.Cause) -> String {
        switch cause {
        case .dependentChildren(let children): "child image(s) \(children.map(\.shortID).joined(separator: ", "))"
        case .referencedInRepositories(let references):
            "named \(references.map(\.familiarString).joined(separator: ", "))"
        case .usedByContainer(let id, _), .containerUsesReference(_, let id): "used by container \(id.prefix(12))"
        }
    }
}
