import OCI
import Trace

extension EnglishPhrases {
    func buildStarted(builder: BuilderKind, dockerfile: String, contextSize: Int64) -> String {
        let how =
            builder == .modern
            ? "the modern builder (as BuildKit): only the final image is kept, unused stages are skipped"
            : "the classic builder: every step commits an intermediate image on top of the previous one"
        return "Building \(dockerfile) with \(how); the context (\(contextSize) bytes) is what COPY and ADD can read."
    }

    func buildStepStarted(_ step: BuildStepInfo) -> String {
        "Step \(step.number)/\(step.total), Dockerfile line \(step.line): \(step.instruction)"
    }

    var commitAddedNoLayer: String {
        "The container changed no file, so the commit adds no layer (Docker leaves an empty one out): the new image "
            + "has its parent's layers and nothing more. Write a file in the container first for a layer of its own."
    }

    func stepContainer(id: String) -> String {
        "The step runs in a new intermediate container, \(id.prefix(12))."
    }

    func buildTrigger(_ trigger: BuildTriggerInfo) -> String {
        "The base image carries ONBUILD trigger \(trigger.index + 1) of \(trigger.count), left by the Dockerfile that "
            + "built it for the builds that start FROM it: \(trigger.instruction) runs now, inside step \(trigger.step)."
    }

    func buildStepFinished(_ result: BuildStepResult, repeated: Bool) -> String {
        let made =
            result.shownLayer.map { "adds layer \($0.shortID)" }
            ?? "adds no layer: it only changes the image's config (a history line Docker calls an empty layer)"
        switch result.cache {
        case .hit where repeated:
            return "Using cache again: image \(result.image.shortID)"
                + (result.shownLayer.map { " and its layer \($0.shortID) are" } ?? " is") + " used again."
        case .hit:
            return "Using cache: an earlier build ran this same step on the same parent, so nothing runs: "
                + (result.shownLayer.map {
                    "image \(result.image.shortID) and its layer \($0.shortID), made then, are used again."
                } ?? "image \(result.image.shortID), made then, is used again (the step adds no files).")
        case .miss where repeated:
            return "Cache miss again, for the same reason: the step ran and made image \(result.image.shortID), "
                + "which \(made)."
        case .miss:
            return "Cache miss (\(missReason(result.reason))): the step ran and made image "
                + "\(result.image.shortID), which \(made)."
        case .disabled:
            return "--no-cache: the step ran without looking at the cache and made image \(result.image.shortID), "
                + "which \(made)."
        case .notApplicable:
            return "The stage starts from image \(result.image.shortID): its layers are the bottom of every image "
                + "built on it, shared, not copied."
        }
    }

    func buildArgumentsUnused(_ names: [String]) -> String {
        "No ARG of the Dockerfile declares \(names.joined(separator: ", ")): those --build-arg values were not used."
    }

    func buildFinished(image: Digest, references: [Reference]) -> String {
        "Successfully built \(image.shortID)"
            + (references.isEmpty ? "." : ", tagged \(references.familiarList).")
    }

    func missReason(_ reason: CacheMiss?) -> String {
        switch reason {
        case .newParent?: "no earlier build made a step on this parent image"
        case .newInstruction?: "no earlier step on this parent ran this instruction"
        case .sourcesChanged?: "the files it copies changed since the last build"
        case .settingsChanged?: "the same instruction ran with other settings (ENV, ARG, WORKDIR …)"
        case .layersRemoved?: "the cached layers were removed since"
        case nil: "no earlier result"
        }
    }
}
