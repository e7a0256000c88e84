import Foundation
import OCI
import Trace

extension ImageStore {
    /// Stores `config` as an image whose layers (`rootfs.diff_ids`) the store already has: what a
    /// builder does when a cached layer is reused or when it writes its final image.
    /// - Parameters:
    ///   - parent: the classic parent link (`nil` for images that have none, as BuildKit's).
    ///   - repository: `REPOSITORY[:TAG]` to give the image, if any.
    /// - Returns: the image ID (the digest of the config's bytes); an existing image is reused.
    /// - Throws: ``StoreError/Code/corrupt`` when a layer is missing, ``StoreError/Code/invalidReference``.
    @discardableResult
    public func createImage(_ config: ImageConfig, parent: Digest? = nil, repository: String? = nil)
        throws(StoreError) -> Digest
    {
        let reference: Reference?
        do {
            reference = try repository.map { try Reference.parseDocker($0) }
        } catch {
            throw StoreError(.invalidReference, String(describing: error), cause: error)
        }
        return try operation(.createImage, arguments: repository.map { [$0] } ?? []) { (op) throws(StoreError) in
            var state = try readState()
            if let parent, state.images[parent] == nil { throw StoreError(.noSuchImage, "No such image: \(parent)") }
            let id = try createImage(config, parent: parent, state: &state, op: op)
            if let reference { try addTag(reference, to: id, state: &state, op: op) }
            return id
        }
    }

    /// Stores `config` as an image (its ID is the digest of its bytes) with a classic parent link.
    /// The config file is written last: it is the commit point that makes the image exist (R-S2).
    func createImage(
        _ config: ImageConfig,
        parent: Digest?,
        state: inout StoreState,
        op: TraceOperation
    ) throws(StoreError) -> Digest {
        let bytes: [UInt8]
        do {
            bytes = try Self.encode(config)
        } catch {
            throw StoreError(.invalidInput, "cannot encode image config", cause: error)
        }
        return try storeImage(configBytes: bytes, config: config, parent: parent, state: &state, op: op)
    }

    /// Stores an image from the exact bytes of its config (as loaded or pulled, so its ID is kept).
    func storeImage(
        configBytes bytes: [UInt8],
        config: ImageConfig,
        parent: Digest?,
        state: inout StoreState,
        op: TraceOperation
    ) throws(StoreError) -> Digest {
        let id = Digest.sha256(of: bytes)
        let chain = ChainID.chain(config.rootfs.diffIDs)
        if let missing = chain.first(where: { state.layers[$0] == nil }) {
            throw StoreError(.corrupt, "image \(id.shortID) needs layer \(missing), which the store lacks")
        }
        return try publish(id: id, bytes: bytes, config: config, chain: chain, parent: parent, state: &state, op: op)
    }

    private func publish(
        id: Digest,
        bytes: [UInt8],
        config: ImageConfig,
        chain: [Digest],
        parent: Digest?,
        state: inout StoreState,
        op: TraceOperation
    ) throws(StoreError) -> Digest {
        let info = ImageInfo(
            id: id, parent: parent, layers: chain, layerSizes: chain.map { state.layers[$0]?.size ?? 0 },
            createdBy: config.history?.last?.createdBy)
        if state.images[id] != nil {
            op.emit(.imageReused(info))
            return id
        }
        // Checked before anything is written: the store reads no record past this size.
        guard bytes.count <= FileSystem.recordLimit else {
            throw StoreError(
                .invalidInput,
                "the image config would be \(bytes.count) bytes, more than the \(FileSystem.recordLimit) the store "
                    + "reads back")
        }
        if let parent {
            try FileSystem.makeFolder(layout.metadata(id))
            try FileSystem.writeAtomically(parent.description, to: layout.metadata(id) + "/parent")
        }
        try FileSystem.writeAtomically(bytes, to: layout.config(id), permissions: 0o400)
        state.images[id] = StoreState.StoredImage(id: id, config: config, parent: parent, chain: chain)
        op.emit(.imageCreated(info))
        return id
    }
}
