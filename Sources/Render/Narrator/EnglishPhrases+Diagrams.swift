import OCI
import Trace

extension EnglishPhrases: DiagramWords {
    var font: String { "Helvetica" }

    func image(_ id: Digest) -> String { "image \(id.shortID)" }
    func layer(_ id: Digest) -> String { "layer \(id.shortID)" }
    var topLayer: String { "top layer" }
    var onTopOf: String { "on top of" }

    func layerGraphTitle(images: Int, layers: Int) -> String {
        "Images and their layers: \(images) image(s), \(layers) layer(s)"
    }
    func sharedBy(_ images: Int) -> String { "shared by \(images) images" }
    var parentImage: String { "parent" }
    func condensedLayerGraphTitle(images: Int, layers: Int, runs: Int) -> String {
        "Images and their layers (condensed): \(images) image(s), \(layers) layer(s), \(runs) shared run(s)"
    }
    func layerRun(_ count: Int, from first: Digest) -> String { "\(count) layers from \(first.shortID)" }
    func imagesOnBase(_ count: Int, shared: Bool) -> String {
        shared ? "\(count) image(s) on these layers" : "\(count) image(s) sharing no layer"
    }
    func ownLayers(_ count: Int, size: String) -> String { "+\(count) own layer(s), \(size)" }
    var noOwnLayers: String { "no layer of its own" }
    var layerGraphKey: (tag: String, image: String, layer: String, shared: String) {
        ("tag (a name)", "image", "layer (by its ID in the store)", "layer shared by several images")
    }
    func imageIDAsked(_ id: String) -> String { "image ID \(id)" }
    var parentArrowKey: String { "⇢ dashed arrow: to the image it was built on" }
    var digestNameKey: String { "name@sha256:…: the digest of the manifest pulled or pushed, also a name" }
    var containerKey: String { "container (keeps its image's layers) ⋯ dotted arrow: the image it uses" }
    func imageSize(_ size: String) -> String { "all layers: \(size)" }
    func containerLayer(_ size: String) -> String { "its layer of changes: \(size)" }
    func containersImageDeleted(_ image: Digest) -> String { "image \(image.shortID) deleted (rmi -f)" }
    var namelessKey: (intermediate: String, dangling: String) {
        ("no name: intermediate image (images -a)", "no name: dangling image (<none>)")
    }

    func unionTitle(_ name: String, layers: Int) -> String {
        "Union filesystem: \(name) = \(layers) layer(s), merged"
    }
    func unionLayerHeader(_ number: Int, _ chainID: Digest, size: String) -> String {
        "layer \(number) · \(chainID.shortID) · \(size)"
    }
    func mergedHeader(files: Int) -> String { "merged view · \(files) file(s)" }
    func fromLayer(_ number: Int) -> String { "from layer \(number)" }
    var noFiles: String { "no files" }
    func andMore(_ count: Int) -> String { "… and \(count) more" }
    var unionKey: (changes: String, merged: String) {
        ("+ added  ~ changed  − deleted (whiteout)", "merged view: what a container sees")
    }

    var buildTitle: String { "docker build: one Dockerfile line, one step, one image, at most one layer" }
    func buildOf(_ dockerfile: String, builder: BuilderKind) -> String { "\(builder) build of \(dockerfile)" }
    var usingCache: String { "Using cache" }
    var baseImage: String { "base image" }
    func cacheMiss(_ reason: CacheMiss) -> String { "cache miss: \(missReason(reason))" }
    var emptyLayer: String { "empty layer" }
    func successfullyBuilt(_ image: Digest) -> String { "Successfully built \(image.shortID)" }
    var buildKey: (line: String, made: String, cached: String, layer: String, empty: String) {
        (
            "Dockerfile line", "image the step made", "image from the cache", "layer the step added",
            "empty layer: config only"
        )
    }

    var transferTitle: String { "docker pull / push: which layers travelled and which were shared" }
    func transferStatus(_ step: LayerTransferStep) -> String {
        if case .mountedFrom(let repository) = step {
            "\(step.status.rawValue) \(repository)"
        } else {
            step.status.rawValue
        }
    }
    func inTheStoreAs(_ layer: Digest) -> String { "= \(self.layer(layer)) in the store" }
    func registryTitle(_ registry: String, repositories: Int) -> String {
        "Registry \(registry): \(repositories) repositor\(repositories == 1 ? "y" : "ies"), as pushes and pulls saw it"
    }
    var registryKey: (tag: String, manifest: String, blob: String, shared: String) {
        (
            "tag", "manifest (the image's list of blobs)", "blob (a compressed layer)",
            "blob in several repositories, kept once"
        )
    }
    func manifest(_ digest: Digest) -> String { "manifest \(digest.shortID)" }
    func blob(_ digest: Digest) -> String { "blob \(digest.shortID)" }
    func inRepositories(_ count: Int) -> String { "in \(count) repositories" }
    func pullSummary(manifest: Digest, image: Digest, upToDate: Bool) -> String {
        "manifest \(manifest.shortID)\nimage \(image.shortID)" + (upToDate ? "\nup to date" : "")
    }
    func pushSummary(manifest: Digest, size: Int64) -> String { "manifest \(manifest.shortID)\n\(size) bytes" }
    func transferFailed(_ message: String) -> String { "failed:\n\(message)" }
    var transferKey: (sent: String, shared: String) { ("downloaded / uploaded", "shared: not sent again") }

    var httpTitle: String { "HTTP exchanges: the distribution protocol on the wire" }
    var tokenService: String { "token service" }
    var client: String { "layerlab\n(the client)" }
    var registry: String { "registry\n(/v2/ API)" }
    func purpose(of endpoint: RegistryEndpoint, scope: String?) -> String? {
        switch endpoint {
        case .apiVersion: "is this a registry? (API version check)"
        case .catalog: "list repositories"
        case .tagsList: "list tags"
        case .manifestExists: "does the manifest exist?"
        case .manifestFetch: "fetch the manifest"
        case .manifestPush: "push the manifest (tags it)"
        case .manifestDelete: "delete the manifest"
        case .uploadStart: "start an upload, or mount a blob"
        case .uploadChunk: "upload a chunk"
        case .uploadFinish: "finish the upload (the digest is checked)"
        case .uploadStatus: "how far has the upload got?"
        case .uploadCancel: "cancel the upload"
        case .blobExists: "does the registry have this blob?"
        case .blobFetch: "download the blob"
        case .blobDelete: "delete the blob"
        case .search: "search"
        case .token: "ask for a token" + (scope.map { " for \($0)" } ?? "")
        case .other: nil
        }
    }
    var aToken: String { "(a token)" }
    var notThereWillUpload: String { "(not there: it will be uploaded)" }
    func moreExchanges(_ count: Int) -> String { "… \(count) more exchange(s) not drawn" }
    var httpKey: (request: String, answer: String, refused: String) {
        ("request →", "← answer (dashed)", "refused (4xx, 5xx)")
    }

    var removalTitle: String { "docker rmi: what was removed, what was kept, and what blocked it" }
    func removal(_ requested: String, refused: Bool) -> String {
        "rmi \(requested) — \(refused ? "refused" : "done")"
    }
    var untagged: String { "untagged" }
    var untag: String { "untag" }
    var deleted: String { "deleted" }
    var kept: String { "kept" }
    func keptFor(images: Int?, containers: Int?, users: Int) -> String {
        guard let images, let containers else { return "kept: \(users) user(s) left" }
        let parts = [(images, "image"), (containers, "container")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)(s)" }
        return "kept: used by " + parts.joined(separator: " and ")
    }
    var refused: String { "refused" }
    var notRemoved: String { "not removed" }
    func childImage(_ id: Digest) -> String { "child image \(id.shortID)" }
    var builtOn: String { "built on" }
    var unusedParent: String { "its parent, unused now" }
    var used: String { "used" }
    func container(_ id: String, running: Bool?) -> String {
        (running.map { $0 ? "running container" : "stopped container" } ?? "container") + " \(id.prefix(12))"
    }
    var uses: String { "uses" }
    var removalKey: (asked: String, deleted: String, kept: String, blocks: String) {
        ("asked for", "deleted", "kept", "blocks removal")
    }
}
