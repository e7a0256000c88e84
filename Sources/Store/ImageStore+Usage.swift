import OCI

/// `docker system df`: how much the images take, and how much of it is shared.
public struct DiskUsage: Sendable, Equatable {
    /// One image's share of the store.
    public struct ImageUsage: Sendable, Equatable {
        public var image: ImageRecord
        /// The layers this image shares with at least one other image.
        public var sharedSize: Int64
        /// The layers only this image uses: what deleting it would free.
        public var uniqueSize: Int64
        /// How many containers use the image.
        public var containers: Int
    }

    public var images: [ImageUsage]
    /// The size of every layer, counted once however many images share it.
    public var layersSize: Int64
    /// How many images containers use.
    public var activeImages: Int
    /// What removing every image no container uses would free: their unique sizes.
    public var reclaimable: Int64
}

extension ImageStore {
    /// Computes the store's disk usage as moby's `SystemDiskUsage` does for images: intermediate
    /// images are not counted, each layer counts once, and what is reclaimable is the unique part of
    /// every image no container uses.
    public func diskUsage() throws(StoreError) -> DiskUsage {
        try withLock(.shared) { () throws(StoreError) in
            let state = try readState()
            var usage: [DiskUsage.ImageUsage] = []
            for id in state.images.keys.sorted()
            where !(state.tags.references(to: id).isEmpty && !state.children(of: id).isEmpty) {
                let record = try state.record(id)
                let shared = record.layers.filter { state.users(of: $0.chainID).count > 1 }.reduce(0) { $0 + $1.size }
                usage.append(.init(image: record, sharedSize: shared, uniqueSize: record.size - shared, containers: 0))
            }
            let used = Set(usage.flatMap { $0.image.layers.map(\.chainID) })
            let total = state.layers.values.filter { used.contains($0.chainID) }.reduce(0) { $0 + $1.size }
            let unused = usage.filter { $0.containers == 0 }
            return DiskUsage(
                images: usage, layersSize: total, activeImages: usage.count - unused.count,
                reclaimable: unused.reduce(0) { $0 + $1.uniqueSize })
        }
    }
}
