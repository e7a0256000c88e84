import OCI
import Trace

extension EnglishPhrases {
    func recovered(_ entry: RecoveredEntry) -> String {
        let why =
            switch entry.reason {
            case .staging: "a staging folder of a command that was interrupted; nothing in it was ever an image"
            case .unfinishedRemoval: "a layer whose removal was interrupted after it was marked -removing"
            case .unfinishedRecord: "a record written under a temporary name and never renamed into place"
            case .unusedLayer: "a layer no image uses: its command stopped before the image was written"
            case .orphanMetadata: "metadata of an image or layer that no longer exists"
            case .unfinishedContainer: "a container created or removed only halfway"
            case .exitedContainer: "a container whose command was killed; it is marked exited (255), as Docker does"
            case .orphanFolder: "a layer folder that no layer and no container names"
            case .unreferencedBlob: "a blob that no layer and no image names"
            }
        let action = entry.reason == .exitedContainer ? "Recovery updated" : "Recovery removed"
        return "\(action) \(entry.path): \(why). Every write is staged and renamed into place, so this is all "
            + "an interruption can leave."
    }

    func storeProblem(_ problem: StoreProblem) -> String {
        let what =
            switch problem.kind {
            case .blobCorrupt:
                "Blob \(problem.subject) is damaged: content is named by its hash, and this one's "
                    + "bytes no longer match it"
            case .layerDamaged: "The record of layer \(problem.subject) is damaged"
            case .layerMissingParent: "Layer \(problem.subject) has lost the layer it stands on"
            case .layerDataMissing: "Layer \(problem.subject) has lost its files"
            case .layerBlobMissing: "Layer \(problem.subject) cannot be checked or pushed"
            case .layerContentChanged:
                "The files of layer \(problem.subject) were changed after it was stored, "
                    + "though a layer never changes"
            case .imageDamaged: "Image \(problem.subject)'s config is damaged: the image ID is its hash"
            case .imageMissingLayer: "Image \(problem.subject) has lost one of its layers"
            case .imageMissingParent: "Image \(problem.subject) names a parent image that is gone"
            case .imageManifestMissing: "Image \(problem.subject) has lost the manifest it was pulled with"
            case .tagDangling: "The name \(problem.subject) points to no image"
            case .containerDamaged: "Container \(problem.subject) is broken"
            case .unreachableLayer: "Layer \(problem.subject) is unreachable"
            case .unreachableBlob: "Blob \(problem.subject) is unreachable"
            case .unreachableEntry: "\(problem.subject) is unreachable"
            }
        return "\(what) (\(problem.detail))." + (problem.repaired ? " Removed." : "")
    }

    func storeChecked(_ summary: StoreCheckSummary) -> String {
        let checked =
            "Checked \(summary.blobs) blob(s), \(summary.layers) layer(s), \(summary.images) image(s), "
            + "\(summary.tags) tag(s) and \(summary.containers) container(s)"
        if summary.problems == 0 { return checked + ": every digest matches and every link leads somewhere." }
        if summary.isClean { return checked + ": \(summary.problems) problem(s) found, and all were removed." }
        return checked + ": \(summary.problems) problem(s) found; `layerlab fsck --repair` removes them."
    }
}
