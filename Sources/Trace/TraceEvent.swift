import OCI

/// Everything the engine reports, in the course's words.
///
/// Events carry the digests, sizes and relations a view needs, so that a renderer or narrator
/// never has to ask the store again: a trace written on one machine renders the same on another.
/// New cases may be added; existing ones keep their meaning (``TraceRecord/schemaVersion``).
public enum TraceEvent: Codable, Sendable, Equatable {
    // MARK: Operations
    /// A command started (`import`, `rmi`, …) with the arguments it was given.
    case operationStarted(kind: OperationKind, arguments: [String])
    /// The command finished; `error` is the message a user saw when it failed.
    case operationFinished(error: String?)

    // MARK: Content
    /// A blob entered the blob store, or was already there (`alreadyPresent`).
    case blobStored(BlobInfo)

    // MARK: Layers
    /// A new layer was registered under its chain ID.
    case layerRegistered(LayerInfo)
    /// A layer the store already had was used again instead of being stored twice.
    case layerReused(LayerInfo, sharedWith: [Digest])
    /// An image stopped using a layer; the layer stays while others use it.
    /// `usedBy` names the images among them (absent in older traces).
    case layerReleased(chainID: Digest, remainingReferences: Int, usedBy: [Digest]? = nil)
    /// A layer's last user went, so its data was removed.
    case layerDeleted(LayerInfo)

    // MARK: Images
    /// An image entered the image store.
    case imageCreated(ImageInfo)
    /// An image that was already in the store was referenced again (same config, same ID).
    case imageReused(ImageInfo)
    /// An image and its config were removed.
    case imageDeleted(id: Digest)
    /// `rmi` goes on to `image`, the parent `child` was built on, because it has no name, no
    /// other child and no container (moby prunes parents unless `--no-prune`); its deletion follows.
    case parentPruned(image: Digest, child: Digest)
    /// A name now points to an image; `previous` is the image it pointed to before, if any.
    case tagAdded(Reference, image: Digest, previous: Digest?)
    /// A name no longer points to an image.
    case tagRemoved(Reference, image: Digest)

    // MARK: Removal
    /// `rmi` found a reason not to delete an image.
    case rmiConflict(RmiConflict)
    /// `rmi` left an image in place without an error: it took a name away and the image has more,
    /// or a child image, or a container; or it pruned a parent that something else still needs.
    case imageKept(ImageKept)

    // MARK: State
    /// The store's images and layers, for diagrams of the store as it is.
    case storeSnapshot(StoreSnapshot)
    /// An image as its stack of layers and the merged view they give (`analyze`).
    case unionStack(UnionStackReport)
    /// The steps an image was made in, as `history` lists them.
    case historyListed(HistoryListing)
    /// The images `images` listed.
    case imagesListed(ImagesListing)

    // MARK: Transfer of whole images
    /// Images were written out (`save`).
    case imagesSaved(format: String, destination: String, images: [Digest])
    /// An image was read in (`load`), with the names it carried.
    case imageLoaded(id: Digest, references: [Reference])

    // MARK: Containers
    /// A container was created from `image`: its own empty read-write layer on top of the
    /// image's layers (`id` is the full 64-hex container ID).
    case containerCreated(id: String, name: String, image: Digest)
    /// The container's command ended with `exitCode`; its changes stay in its read-write layer.
    /// `layerSize`: the bytes the container's read-write layer holds once its command ended, what
    /// the picture says it changed. Absent in older traces.
    case containerExited(id: String, exitCode: Int32, layerSize: Int64? = nil)
    /// The container's command wrote to its standard output or error: what `run` shows, and a
    /// build's RUN step.
    case containerOutput(ContainerOutput)
    /// The container and its read-write layer were removed.
    case containerRemoved(id: String, name: String)
    /// `ps` listed containers.
    case containersListed(ContainersListing)
    /// `diff`: what a container's read-write layer changed against its image.
    case containerChangesListed(ContainerChanges)
    /// `inspect`: an image's or a container's details, printed as JSON.
    case objectInspected(InspectedObject)
    /// `export`: a container's merged files written as one tar to `destination` (`-`: standard output).
    case containerExported(id: String, name: String, destination: String)

    // MARK: Union filesystem
    /// A lookup in a merged view found `path` in `layer` (counted from the bottom, 0 first), or
    /// found nothing (`nil`): the layer an `ls` or `cat` in a container reads from.
    case unionLookup(path: String, layer: Int?)
    /// A lookup stopped at a whiteout (`.wh.NAME`) or an opaque directory (`.wh..wh..opq`) in
    /// `layer`: everything below it at `path` is hidden.
    case whiteoutApplied(path: String, layer: Int, opaque: Bool)
    /// A file or directory of a lower layer was copied into the container's layer before its
    /// first change (overlayfs "copy up"); the lower layer itself is never modified. A directory
    /// (`isDirectory`, absent for a file or a symlink) is copied without its entries: it is made
    /// so that something inside it can change.
    case copyUp(path: String, fromLayer: Int, isDirectory: Bool? = nil)
    /// The container's layer recorded a deletion: a `.wh.NAME` file, or an opaque directory
    /// (`.wh..wh..opq`) for a directory removed and created again.
    case whiteoutWritten(path: String, opaque: Bool)

    // MARK: Builds
    /// A build began: which builder (`classic` or `modern`), the Dockerfile and the context's size.
    case buildStarted(builder: BuilderKind, dockerfile: String, contextSize: Int64)
    /// A Dockerfile step began.
    case buildStepStarted(BuildStepInfo)
    /// An ONBUILD trigger of a stage's base image began, inside the FROM step; its result is a
    /// `buildStepFinished` of that step, followed by the FROM step's own once every trigger ran.
    case buildTrigger(BuildTriggerInfo)
    /// A Dockerfile step ended with an image, and a layer or an empty layer.
    case buildStepFinished(BuildStepResult)
    /// The build's final image, and the names it was given.
    case buildFinished(image: Digest, references: [Reference])
    /// `--build-arg`s no ARG of the build declared (Docker warns of them).
    case buildArgumentsUnused([String])

    // MARK: Registries
    /// One HTTP request to a registry and its answer: `bytes` is the body size the answer announced.
    case httpExchange(HTTPExchange)
    /// A step of authentication with a registry (a challenge, a token fetched, credentials sent).
    case authStep(AuthStep)
    /// A search found these repositories (`docker search`).
    case searchListed(SearchListing)
    /// A pull of one image began (`TAG: Pulling from NAME`).
    case pullStarted(Reference)
    /// A push of one image began (`The push refers to repository [NAME]`).
    case pushStarted(Reference)
    /// What happened to one layer of a pull, in Docker's words (`Already exists`, `Pull complete`, …),
    /// with the facts of that step as typed fields. `layer` is the layer's chain ID in the store once
    /// known (`Already exists`, `Pull complete`): the ID the layer graph and `rmi` give the layer the
    /// pull names by its blob. Absent in older traces.
    case pullLayer(digest: Digest, step: LayerTransferStep, layer: Digest? = nil)
    /// What happened to one layer of a push (`Layer already exists`, `Mounted from`, `Pushed`): the
    /// blob that travels, the layer's diff ID, which `docker push` names the layer by, and its chain
    /// ID in the store (absent in older traces).
    case pushLayer(digest: Digest, step: LayerTransferStep, diffID: Digest? = nil, layer: Digest? = nil)
    /// A pull ended: the manifest's digest, the image ID, and whether the store already had the image.
    case imagePulled(Reference, manifest: Digest, image: Digest, upToDate: Bool)
    /// A push ended: the manifest's digest and size, as `docker push` prints them.
    case imagePushed(Reference, manifest: Digest, size: Int64)

    // MARK: Store checks
    /// Opening the store removed (or, for a killed container, marked exited) what an interrupted
    /// command left behind.
    case storeRecovered(RecoveredEntry)
    /// `fsck` found something wrong, and removed it when repairing.
    case storeProblem(StoreProblem)
    /// `fsck` finished: what it checked and how much was wrong.
    case storeChecked(StoreCheckSummary)
}

/// One step of the registry authentication dance (distribution's token spec).
public struct AuthStep: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, Equatable {
        /// The registry answered 401 with a `WWW-Authenticate` challenge.
        case challenged
        /// A token was asked for at the challenge's realm.
        case tokenRequested
        /// The token service answered with a token.
        case tokenReceived
        /// Basic credentials were sent to the registry itself.
        case basicCredentialsSent
        /// The registry refused even after authenticating.
        case refused
    }

    public var kind: Kind
    /// The auth scheme (`Bearer`, `Basic`).
    public var scheme: String
    /// The token service's URL, for Bearer.
    public var realm: String?
    /// The service name the token is for.
    public var service: String?
    /// The access asked for (`repository:library/alpine:pull`).
    public var scope: String?
    /// The user, when credentials were used (never the password).
    public var user: String?

    public init(
        kind: Kind, scheme: String, realm: String? = nil, service: String? = nil, scope: String? = nil,
        user: String? = nil
    ) {
        self.kind = kind
        self.scheme = scheme
        self.realm = realm
        self.service = service
        self.scope = scope
        self.user = user
    }
}

/// A blob in the content store.
public struct BlobInfo: Codable, Sendable, Equatable {
    public var digest: Digest
    public var size: Int64
    public var mediaType: MediaType
    public var alreadyPresent: Bool

    public init(digest: Digest, size: Int64, mediaType: MediaType, alreadyPresent: Bool) {
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
        self.alreadyPresent = alreadyPresent
    }
}

/// A layer as the layer store knows it.
public struct LayerInfo: Codable, Sendable, Equatable {
    /// The layer's identity in the store: the chain ID of it and every layer below.
    public var chainID: Digest
    /// The digest of the layer's uncompressed tar.
    public var diffID: Digest
    /// The chain ID of the layer below, if any.
    public var parent: Digest?
    /// The size of the layer's files (what `docker images` adds up).
    public var size: Int64
    /// The name of the layer's folder under `overlay2/`.
    public var cacheID: String

    public init(chainID: Digest, diffID: Digest, parent: Digest?, size: Int64, cacheID: String) {
        self.chainID = chainID
        self.diffID = diffID
        self.parent = parent
        self.size = size
        self.cacheID = cacheID
    }
}

/// An image as the image store knows it.
public struct ImageInfo: Codable, Sendable, Equatable {
    /// The image ID: the digest of its config.
    public var id: Digest
    /// The classic parent image (builds and commits), if any.
    public var parent: Digest?
    /// The chain IDs of its layers, bottom first.
    public var layers: [Digest]
    /// The sizes of those layers.
    public var layerSizes: [Int64]
    /// What made the image (`import`, `commit`, a Dockerfile line).
    public var createdBy: String?

    public init(id: Digest, parent: Digest?, layers: [Digest], layerSizes: [Int64], createdBy: String?) {
        self.id = id
        self.parent = parent
        self.layers = layers
        self.layerSizes = layerSizes
        self.createdBy = createdBy
    }

    /// The image's total size: the sum of its layers.
    public var size: Int64 { layerSizes.reduce(0, +) }
}
