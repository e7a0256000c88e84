import OCI
import Trace

/// Every word a diagram draws, in one language: titles, node notes, edge labels and keys. The
/// phrasebooks the narrator speaks with conform to it, so a diagram and its narration name things
/// alike (镜像、镜像层、标签). Docker's own words (its per-layer statuses, "Using cache") are kept
/// beside the translation, as the course quotes them.
protocol DiagramWords {
    /// The font the language's text is set in: Graphviz measures with it and the SVG names it.
    var font: String { get }

    // MARK: Nodes every diagram shares
    func image(_ id: Digest) -> String
    func layer(_ id: Digest) -> String
    var topLayer: String { get }
    var onTopOf: String { get }

    // MARK: Layer graph
    func layerGraphTitle(images: Int, layers: Int) -> String
    func sharedBy(_ images: Int) -> String
    var parentImage: String { get }
    var layerGraphKey: (tag: String, image: String, layer: String, shared: String) { get }
    /// The key's entry for containers, drawn only when there are some.
    var containerKey: String { get }
    /// An `rmi` given an image's ID, as the diagram's first box says it.
    func imageIDAsked(_ id: String) -> String
    /// The key's words for the dashed arrow from an image to its parent.
    var parentArrowKey: String { get }
    /// The key's entry for a name by digest (`tour/web@sha256:…`), drawn as a tag is.
    var digestNameKey: String { get }
    /// An image's size as `images` gives it: all its layers, shared ones included.
    func imageSize(_ size: String) -> String
    /// Under a container: the bytes of its own read-write layer, what its command changed.
    func containerLayer(_ size: String) -> String
    /// Under a container whose image `rmi -f` deleted: it still stands on that image's layers.
    func containersImageDeleted(_ image: Digest) -> String
    /// The key's words for an image without a name that another is built on, and for one nothing is.
    var namelessKey: (intermediate: String, dangling: String) { get }
    func condensedLayerGraphTitle(images: Int, layers: Int, runs: Int) -> String
    /// A box of several layers in a row, named by the first.
    func layerRun(_ count: Int, from first: Digest) -> String
    /// The heading of a table of images on one base (`shared`: false for images sharing no layer).
    func imagesOnBase(_ count: Int, shared: Bool) -> String
    func ownLayers(_ count: Int, size: String) -> String
    var noOwnLayers: String { get }

    // MARK: Union stack
    func unionTitle(_ name: String, layers: Int) -> String
    func unionLayerHeader(_ number: Int, _ chainID: Digest, size: String) -> String
    func mergedHeader(files: Int) -> String
    func fromLayer(_ number: Int) -> String
    var noFiles: String { get }
    func andMore(_ count: Int) -> String
    var unionKey: (changes: String, merged: String) { get }

    // MARK: Build
    var buildTitle: String { get }
    func buildOf(_ dockerfile: String, builder: BuilderKind) -> String
    var usingCache: String { get }
    var baseImage: String { get }
    func cacheMiss(_ reason: CacheMiss) -> String
    var emptyLayer: String { get }
    func successfullyBuilt(_ image: Digest) -> String
    var buildKey: (line: String, made: String, cached: String, layer: String, empty: String) { get }

    // MARK: Transfer
    var transferTitle: String { get }
    func transferStatus(_ step: LayerTransferStep) -> String
    /// Under a transferred blob: the layer it is in the store, as the layer graph labels it.
    func inTheStoreAs(_ layer: Digest) -> String
    /// The registry diagram's title, its key, and its boxes' words.
    func registryTitle(_ registry: String, repositories: Int) -> String
    var registryKey: (tag: String, manifest: String, blob: String, shared: String) { get }
    func manifest(_ digest: Digest) -> String
    func blob(_ digest: Digest) -> String
    func inRepositories(_ count: Int) -> String
    func pullSummary(manifest: Digest, image: Digest, upToDate: Bool) -> String
    func pushSummary(manifest: Digest, size: Int64) -> String
    func transferFailed(_ message: String) -> String
    var transferKey: (sent: String, shared: String) { get }

    // MARK: HTTP sequence
    var httpTitle: String { get }
    var tokenService: String { get }
    var client: String { get }
    var registry: String { get }
    /// What a request to `endpoint` is for; `nil` for one outside the distribution spec.
    func purpose(of endpoint: RegistryEndpoint, scope: String?) -> String?
    var aToken: String { get }
    var notThereWillUpload: String { get }
    func moreExchanges(_ count: Int) -> String
    var httpKey: (request: String, answer: String, refused: String) { get }

    // MARK: rmi
    var removalTitle: String { get }
    func removal(_ requested: String, refused: Bool) -> String
    var untagged: String { get }
    var untag: String { get }
    var deleted: String { get }
    var kept: String { get }
    /// A layer an `rmi` left: who still uses it, images and containers apart when the trace says
    /// (`images` and `containers` are `nil` in older traces: `users` is all there is).
    func keptFor(images: Int?, containers: Int?, users: Int) -> String
    var refused: String { get }
    var notRemoved: String { get }
    func childImage(_ id: Digest) -> String
    var builtOn: String { get }
    /// The edge from a deleted image to its parent that went with it.
    var unusedParent: String { get }
    /// The edge from an image to a layer it used.
    var used: String { get }
    func container(_ id: String, running: Bool?) -> String
    var uses: String { get }
    var removalKey: (asked: String, deleted: String, kept: String, blocks: String) { get }
}

extension Language {
    /// The words diagrams are drawn with in this language.
    var diagramWords: any DiagramWords {
        switch self {
        case .en: EnglishPhrases()
        case .zh: ChinesePhrases()
        }
    }
}
