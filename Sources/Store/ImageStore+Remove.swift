import OCI
import Trace

/// `docker rmi`, following the rules of moby's graphdriver image store
/// (`daemon/images/image_delete.go`), which is the store the course describes.
extension ImageStore {
    /// Removes the image `nameOrID` names: untags a name, deletes the image when nothing else needs it,
    /// and (unless `prune` is false) deletes untagged parents that no longer have children.
    /// - Parameters:
    ///   - force: `-f`: also remove an image named in several repositories (soft conflicts).
    ///   - prune: `false` for `--no-prune`: keep untagged parents.
    /// - Returns: the `Untagged:` and `Deleted:` lines, in Docker's order.
    /// - Throws: ``StoreError/Code/conflict`` with moby's message, or ``StoreError/Code/noSuchImage``.
    public func remove(_ nameOrID: String, force: Bool = false, prune: Bool = true) throws(StoreError) -> [DeleteResult]
    {
        try operation(.rmi, arguments: (force ? ["-f"] : []) + (prune ? [] : ["--no-prune"]) + [nameOrID]) {
            (op) throws(StoreError) in
            var state = try readState()
            let id: Digest
            do throws(StoreError) {
                id = try Self.resolve(nameOrID, in: state)
            } catch {
                // The docker CLI names the image as it was typed (`No such image: nosuch`), where
                // other commands pass on the daemon's `nosuch:latest`.
                guard error.code == .noSuchImage else { throw error }
                throw StoreError(.noSuchImage, "No such image: \(nameOrID)")
            }
            var results: [DeleteResult] = []
            var removedRepositoryReference = false
            var references = state.tags.references(to: id)

            if !Self.isImageIDPrefix(id, nameOrID) {
                // A name was given: untag it. The image goes only if that was its last name.
                let reference = try Self.requestedReference(nameOrID)
                // The last name of an image a container uses would leave that image dangling: Docker asks for -f.
                if !force && Self.isSingleReference(references), let container = state.containers(using: id).first {
                    let conflict = RmiConflict(
                        image: id, requested: nameOrID,
                        cause: .containerUsesReference(reference, container: container.id.value), isHard: false,
                        message: "conflict: unable to remove repository reference \"\(nameOrID)\" (must force) - "
                            + "container \(container.id.shortID) is using its referenced image \(id.shortID)",
                        containerName: container.name)
                    op.emit(.rmiConflict(conflict))
                    throw StoreError(.conflict, conflict.message)
                }
                try untag(reference, image: id, state: &state, results: &results, op: op)
                references = state.tags.references(to: id)
                // With the last tag of a repository gone, its digest references go too.
                if reference.digest == nil
                    && !references.contains(where: { $0.digest == nil && $0.name == reference.name })
                {
                    for digested in references where digested.digest != nil && digested.name == reference.name {
                        try untag(digested, image: id, state: &state, results: &results, op: op)
                    }
                    references = state.tags.references(to: id)
                }
                if !references.isEmpty {
                    op.emit(.imageKept(ImageKept(image: id, cause: .referencedInRepositories(references))))
                    return results
                }
                removedRepositoryReference = true
            } else if Self.isSingleReference(references) {
                // An ID was given and the image has one name: that name may go with it,
                // unless something that -f cannot override (or, without -f, anything) blocks it.
                if let conflict = conflict(
                    id, requested: nameOrID, mask: force ? .hard : .hardAndSoftExceptReferences, state: state)
                {
                    op.emit(.rmiConflict(conflict))
                    throw StoreError(.conflict, conflict.message)
                }
                for reference in references {
                    try untag(reference, image: id, state: &state, results: &results, op: op)
                }
            }
            try deleteImage(
                id, requested: nameOrID, force: force, prune: prune, quiet: removedRepositoryReference,
                state: &state, results: &results, op: op)
            return results
        }
    }

    /// Which conflicts a check looks for (moby's `conflictType` masks).
    enum ConflictMask {
        case hard
        case hardAndSoft
        case hardAndSoftExceptReferences
    }

    /// moby's `checkImageDeleteConflict`, in its order: child images and running containers
    /// (hard), then names and stopped containers (soft, unless the mask leaves them out).
    func conflict(_ id: Digest, requested: String, mask: ConflictMask, state: StoreState) -> RmiConflict? {
        let children = state.children(of: id)
        if !children.isEmpty {
            return RmiConflict(
                image: id, requested: requested, cause: .dependentChildren(children), isHard: true,
                message: Self.conflictMessage(id, hard: true, "image has dependent child images"),
                namedDescendants: state.namedDescendants(of: id))
        }
        let containers = state.containers(using: id)
        if let running = containers.first(where: \.state.isRunning) {
            return RmiConflict(
                image: id, requested: requested, cause: .usedByContainer(id: running.id.value, running: true),
                isHard: true,
                message: Self.conflictMessage(
                    id, hard: true, "image is being used by running container \(running.id.shortID)"),
                containerName: running.name)
        }
        guard mask != .hard else { return nil }
        let references = state.tags.references(to: id)
        if mask == .hardAndSoft && !references.isEmpty {
            return RmiConflict(
                image: id, requested: requested, cause: .referencedInRepositories(references), isHard: false,
                message: Self.conflictMessage(id, hard: false, "image is referenced in multiple repositories"))
        }
        if let stopped = containers.first(where: { !$0.state.isRunning }) {
            return RmiConflict(
                image: id, requested: requested, cause: .usedByContainer(id: stopped.id.value, running: false),
                isHard: false,
                message: Self.conflictMessage(
                    id, hard: false, "image is being used by stopped container \(stopped.id.shortID)"),
                containerName: stopped.name)
        }
        return nil
    }

    /// `conflict: unable to delete <short id> (cannot be forced|must be forced) - <why>` (moby's `imageDeleteConflict`).
    static func conflictMessage(_ id: Digest, hard: Bool, _ why: String) -> String {
        "conflict: unable to delete \(id.shortID) (\(hard ? "cannot be forced" : "must be forced")) - \(why)"
    }

    /// moby's `imageDeleteHelper`: delete the image and its now unused layers, then prune its parent.
    private func deleteImage(
        _ id: Digest,
        child: Digest? = nil,
        requested: String,
        force: Bool,
        prune: Bool,
        quiet: Bool,
        state: inout StoreState,
        results: inout [DeleteResult],
        op: TraceOperation
    ) throws(StoreError) {
        if let conflict = conflict(id, requested: requested, mask: force ? .hard : .hardAndSoft, state: state) {
            // After removing a name, a conflict is silent unless the image was left dangling and
            // no container uses it (moby: `quiet && (!imageIsDangling || conflict.used)`).
            let isUsed = if case .usedByContainer = conflict.cause { true } else { false }
            if quiet && (!state.isDangling(id) || isUsed) {
                op.emit(
                    .imageKept(
                        ImageKept(
                            image: id, child: child, cause: conflict.cause,
                            namedDescendants: conflict.namedDescendants)))
                return
            }
            op.emit(.rmiConflict(conflict))
            throw StoreError(.conflict, conflict.message)
        }
        guard let image = state.images[id] else { return }
        if let child { op.emit(.parentPruned(image: id, child: child)) }
        for reference in state.tags.references(to: id) {
            try untag(reference, image: id, state: &state, results: &results, op: op)
        }
        // The config goes first: from then on the image does not exist, whatever else a crash leaves (R-S2).
        let manifest = keptManifestDigest(of: id)
        try FileSystem.remove(layout.config(id))
        try FileSystem.remove(layout.metadata(id))
        state.images[id] = nil
        if let manifest, !namedBlobs(in: state).contains(manifest) { try FileSystem.remove(layout.blob(manifest)) }
        op.emit(.imageDeleted(id: id))
        results.append(.deleted(id))
        // Release the layers top down; each goes when no remaining image or container stands on it
        // (a container's read-write layer holds its image's layers, as in moby's layer store).
        for chainID in image.chain.reversed() {
            let users = state.users(of: chainID)
            let remaining = users.count + state.containerUsers(of: chainID)
            guard remaining == 0 else {
                op.emit(.layerReleased(chainID: chainID, remainingReferences: remaining, usedBy: users))
                break
            }
            if let layer = state.layers[chainID] {
                try deleteLayerData(chainID, state: &state)
                op.emit(.layerDeleted(layer.info))
                results.append(.deleted(chainID))
            }
        }
        guard prune, let parent = image.parent, state.images[parent] != nil else { return }
        try deleteImage(
            parent, child: id, requested: parent.description, force: false, prune: true, quiet: true, state: &state,
            results: &results, op: op)
    }

    private func untag(
        _ reference: Reference,
        image: Digest,
        state: inout StoreState,
        results: inout [DeleteResult],
        op: TraceOperation
    ) throws(StoreError) {
        guard state.tags.remove(reference) != nil else { return }
        try state.tags.save(to: layout.repositories)
        op.emit(.tagRemoved(reference, image: image))
        results.append(.untagged(reference))
    }

    /// The reference a name given to `rmi` means, with `:latest` added as Docker adds it.
    private static func requestedReference(_ name: String) throws(StoreError) -> Reference {
        do {
            return try Reference.parseDocker(name)
        } catch {
            throw StoreError(.invalidReference, String(describing: error), cause: error)
        }
    }

    /// moby's `isImageIDPrefix`: whether the user named the image by (a prefix of) its ID.
    static func isImageIDPrefix(_ id: Digest, _ text: String) -> Bool {
        id.description.hasPrefix(text) || id.encoded.hasPrefix(text)
    }

    /// moby's `isSingleReference`: the references are all in one repository with at most one tag.
    static func isSingleReference(_ references: [Reference]) -> Bool {
        guard references.count > 1 else { return references.count == 1 }
        var single: Reference?
        var canonicalNames: Set<String> = []
        for reference in references {
            if reference.digest != nil {
                canonicalNames.insert(reference.name)
            } else if single == nil {
                single = reference
            } else {
                return false
            }
        }
        let name = (single ?? references[0]).name
        return canonicalNames.count == 1 && canonicalNames.contains(name)
    }
}

extension LayerRecord {
    /// The layer as trace events describe it.
    public var info: LayerInfo {
        LayerInfo(chainID: chainID, diffID: diffID, parent: parent, size: size, cacheID: cacheID.value)
    }
}
