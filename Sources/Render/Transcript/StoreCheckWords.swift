import Trace

/// The words of `layerlab fsck`'s lines, terse as a checker's output is (`corrupt blob sha256:…`);
/// the narrator explains the same findings in whole sentences.
enum StoreCheckWords {
    /// What kind of thing is wrong, and how.
    static func label(_ kind: StoreProblem.Kind) -> String {
        switch kind {
        case .blobCorrupt: "corrupt blob"
        case .layerDamaged: "damaged layer"
        case .layerMissingParent, .layerDataMissing, .layerBlobMissing: "broken layer"
        case .layerContentChanged: "changed layer"
        case .imageDamaged: "damaged image"
        case .imageMissingLayer: "broken image"
        case .imageMissingParent: "broken parent link of"
        case .imageManifestMissing: "missing manifest of"
        case .tagDangling: "dangling tag"
        case .containerDamaged: "broken container"
        case .unreachableLayer: "unreachable layer"
        case .unreachableBlob: "unreachable blob"
        case .unreachableEntry: "unreachable"
        }
    }

    /// Why recovery removed an entry.
    static func reason(_ reason: RecoveredEntry.Reason) -> String {
        switch reason {
        case .staging: "staging folder of an interrupted command, removed"
        case .unfinishedRemoval: "layer whose removal was interrupted, removed"
        case .unfinishedRecord: "record never put in place, removed"
        case .unusedLayer: "layer no image uses (its image was never written), removed"
        case .orphanMetadata: "metadata of an image or layer that is gone, removed"
        case .unfinishedContainer: "half-made or half-removed container, removed"
        case .exitedContainer: "container whose command was killed, marked exited (255)"
        case .orphanFolder: "folder no layer or container names, removed"
        case .unreferencedBlob: "blob nothing names, removed"
        }
    }

    /// The closing line: what was checked, and how many problems were found and removed.
    static func summary(_ summary: StoreCheckSummary) -> String {
        let checked = [
            count(summary.blobs, "blob"),
            count(summary.layers, "layer") + " (\(ByteCount.docker(summary.verifiedBytes)) of files re-extracted)",
            count(summary.images, "image"), count(summary.tags, "tag"), count(summary.containers, "container"),
        ].joined(separator: ", ")
        let outcome =
            switch (summary.problems, summary.repaired) {
            case (0, _): "no problems"
            case (let found, 0): count(found, "problem") + "; `layerlab fsck --repair` removes them"
            case (let found, let repaired) where found == repaired: count(found, "problem") + ", all removed"
            case (let found, let repaired): count(found, "problem") + ", \(repaired) removed"
            }
        return "checked \(checked): \(outcome)"
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
