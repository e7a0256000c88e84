extension EnglishPhrases {
    func explain(_ term: Term) -> String {
        switch term {
        case .layer:
            "Layer: a read-only set of file changes. An image is a stack of them; the store keeps each layer once, "
                + "in a diff folder of its own (overlay2/<id>/diff), however many images use it."
        case .blob:
            "Blob: a layer packed as a compressed tar and named by its digest (the SHA-256 of its bytes): the form "
                + "a layer travels in to and from a registry. So the terminal and the picture name one layer "
                + "differently: pull prints its blob, push its diff ID (the uncompressed tar's digest), and the picture "
                + "and rmi its chain ID in the store (which also covers the layers under it). Point at an ID in the "
                + "terminal to find its layer in the picture."
        case .imageID:
            "Image ID: the SHA-256 of the image's config, the JSON that lists its layers and settings. Change one "
                + "byte of the config and it is another image."
        case .sharedLayer:
            "Shared layer: images built on the same base stand on the same layers, stored once on disk; nothing is "
                + "copied or downloaded again."
        case .tag:
            "Names and tags: an image's name is REPOSITORY:TAG, like tour/busybox:1.0; without a tag it is latest. "
                + "A name points at one image ID; one image can have many names."
        case .dangling:
            "Dangling image: an image without a name, because it never got one (a build without -t), its name "
                + "moved to another image, or rmi took the name while a running container still needed the image. It "
                + "keeps its layers and shows as <none>:<none> in `images`."
        case .readWriteLayer:
            "Read-write layer: a container's own empty layer on top of its image's read-only ones. Everything the "
                + "container writes lands there; the image never changes."
        case .intermediateContainer:
            "Intermediate container: the classic builder runs a step in a temporary container, commits what it "
                + "changed as the step's image, and removes it (Running in …, Removing intermediate container …)."
        case .intermediateImage:
            "Intermediate image: each step of a classic build leaves an image without a name, the parent of the "
                + "next step's. `images -a` lists them as <none>; they let the next build use the cache, and go when "
                + "the final image is removed."
        case .emptyLayer:
            "Empty layer: Docker's name for a step that only changes settings (ENV, LABEL, CMD…). Despite the name, "
                + "such a step makes no layer at all; `history` shows it as a row of 0B. (A step that does make a "
                + "layer may also show 0B, when all it changed was folders or deletions.)"
        case .buildCache:
            "Build cache: a step is skipped when an earlier build ran the same instruction on the same parent image; "
                + "the image it made then is used again."
        case .copyUp:
            "Copy-up: before a container changes a file that comes from a lower layer, the whole file is copied into "
                + "its read-write layer and changed there. The lower layer stays as it was."
        case .whiteout:
            "Whiteout: a marker file (.wh.NAME) in an upper layer that hides NAME in the layers below, as a layer's tar "
                + "and layerlab's store keep it (the kernel's overlayfs, under Docker's overlay2, marks it with a 0/0 "
                + "character device instead). Deleting a file never shrinks the image: the lower layer still holds it."
        case .unionFileSystem:
            "Union file system: the layers stacked, each upper one hiding the same path below, seen as one folder "
                + "(the kernel's overlayfs does this for Docker)."
        case .manifest:
            "Manifest: the registry's list of an image's config and layer blobs, by digest. `Digest:` is the "
                + "manifest's own digest, which is not the image ID."
        case .mount:
            "Mount: the registry links a blob it already holds in another repository instead of receiving it again."
        case .parentImage:
            "Parent image: a build or commit records the image it started from. While a child stands on it, the "
                + "parent cannot be removed, even with -f."
        }
    }
}
