import OCI
import Tracing

extension TraceEvent {
    /// The event's main facts as span-event attributes, named after OpenTelemetry's semantic
    /// conventions where one fits (`http.*`, `container.*`) and under `layerlab.` otherwise.
    public var spanAttributes: SpanAttributes {
        var attributes: SpanAttributes = [:]
        switch self {
        case .operationFinished(let error?):
            attributes["error.message"] = error
        case .blobStored(let blob):
            attributes["layerlab.blob.digest"] = blob.digest.description
            attributes["layerlab.blob.size"] = blob.size
        case .layerRegistered(let layer), .layerDeleted(let layer):
            attributes["layerlab.layer.chain_id"] = layer.chainID.description
            attributes["layerlab.layer.size"] = layer.size
        case .layerReused(let layer, let images):
            attributes["layerlab.layer.chain_id"] = layer.chainID.description
            attributes["layerlab.layer.shared_with"] = SpanAttribute.stringArray(images.map(\.description))
        case .imageCreated(let image), .imageReused(let image):
            attributes["layerlab.image.id"] = image.id.description
        case .imageDeleted(let id):
            attributes["layerlab.image.id"] = id.description
        case .parentPruned(let image, let child):
            attributes["layerlab.image.id"] = image.description
            attributes["layerlab.image.child"] = child.description
        case .tagAdded(let reference, let image, _), .tagRemoved(let reference, let image):
            attributes["layerlab.reference"] = reference.description
            attributes["layerlab.image.id"] = image.description
        case .rmiConflict(let conflict):
            attributes["layerlab.image.id"] = conflict.image.description
            attributes["error.message"] = conflict.message
        case .imageKept(let kept):
            attributes["layerlab.image.id"] = kept.image.description
        case .historyListed(let listing):
            attributes["layerlab.image.id"] = listing.image.description
        case .containerCreated(let id, _, let image):
            attributes["container.id"] = id
            attributes["layerlab.image.id"] = image.description
        case .containerExited(let id, let exitCode, _):
            attributes["container.id"] = id
            attributes["process.exit.code"] = Int64(exitCode)
        case .containerOutput(let output):
            attributes["container.id"] = output.container
            attributes["layerlab.stream"] = output.stream.rawValue
            attributes["layerlab.bytes"] = Int64(output.bytes.count)
        case .buildStepStarted(let step):
            attributes["layerlab.build.step"] = Int64(step.number)
            attributes["layerlab.build.instruction"] = step.instruction
        case .buildTrigger(let trigger):
            attributes["layerlab.build.step"] = Int64(trigger.step)
            attributes["layerlab.build.instruction"] = trigger.instruction
        case .buildStepFinished(let result):
            attributes["layerlab.build.step"] = Int64(result.number)
            attributes["layerlab.build.cache"] = result.cache.rawValue
        case .httpExchange(let exchange):
            attributes["http.request.method"] = exchange.method
            attributes["url.path"] = exchange.path
            attributes["http.response.status_code"] = Int64(exchange.status)
            attributes["http.response.body.size"] = exchange.bytes
            attributes["layerlab.registry.endpoint"] = exchange.endpoint.rawValue
        case .searchListed(let listing):
            attributes["layerlab.search.term"] = listing.term
            attributes["layerlab.search.hits"] = Int64(listing.hits.count)
        case .pullStarted(let reference), .pushStarted(let reference):
            attributes["layerlab.reference"] = reference.description
        case .pullLayer(let digest, let step, _), .pushLayer(let digest, let step, _, _):
            attributes["layerlab.layer.digest"] = digest.description
            attributes["layerlab.layer.status"] = step.status.rawValue
        case .imagePulled(let reference, let manifest, let image, _):
            attributes["layerlab.reference"] = reference.description
            attributes["layerlab.manifest.digest"] = manifest.description
            attributes["layerlab.image.id"] = image.description
        case .imagePushed(let reference, let manifest, let size):
            attributes["layerlab.reference"] = reference.description
            attributes["layerlab.manifest.digest"] = manifest.description
            attributes["layerlab.manifest.size"] = size
        case .storeRecovered(let entry):
            attributes["layerlab.store.path"] = entry.path
            attributes["layerlab.recovery.reason"] = entry.reason.rawValue
        case .storeProblem(let problem):
            attributes["layerlab.problem.kind"] = problem.kind.rawValue
            attributes["layerlab.problem.subject"] = problem.subject
            attributes["layerlab.problem.repaired"] = problem.repaired
        case .storeChecked(let summary):
            attributes["layerlab.fsck.problems"] = Int64(summary.problems)
            attributes["layerlab.fsck.repaired"] = Int64(summary.repaired)
        default:
            break
        }
        return attributes
    }
}
