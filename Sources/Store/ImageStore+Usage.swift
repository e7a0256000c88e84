import Foundation
import OCI

/// `docker system df`: how much the images and containers take, and how much of it is shared.
public struct DiskUsage: Sendable, Equatable {
    /// One image's share of the store.
    public struct ImageUsage: Sendable, Equatable {
        public var image: ImageRecord
        /// The layers this image shares with at least one other listed image.
        public var sharedSize: Int64
        /// The layers only this image uses: what deleting it would free.
        public var uniqueSize: Int64
        /// How many containers use the image.
        public var containers: Int
    }

    /// One container and the size of its read-write layer (Docker's `SizeRw`).
    public struct ContainerUsage: Sendable, Equatable {
        public var container: ContainerRecord
        public var size: Int64
    }

    public var images: [ImageUsage]
    public var containers: [ContainerUsage]
    /// The size of every layer, counted once however many images share it.
    public var layersSize: Int64
    /// How many images containers use.
    public var activeImages: Int { images.filter { $0.containers > 0 }.count }
    /// docker/cli's reclaimable space for images: all of it but the unique part of every image a
    /// container uses.
    public var reclaimable: Int64 {
        layersSize - images.filter { $0.containers > 0 }.reduce(0) { $0 + $1.uniqueSize }
    }
    /// The read-write layers of containers that are not running.
    public var reclaimableContainerSize: Int64 {
        containers.filter { !$0.container.state.isRunning }.reduce(0) { $0 + $1.size }
    }
    public var containersSize: Int64 { containers.reduce(0) { $0 + $1.size } }
}

extension ImageStore {
    /// Computes the store's disk usage as moby's `SystemDiskUsage` does: intermediate images are
    /// not listed, each layer counts once, an image's shared size is what it shares with the
    /// other listed images, and a container's size is what its read-write layer holds.
    public func diskUsage() throws(StoreError) -> DiskUsage {
        try withLock(.shared) { () throws(StoreError) in
            let state = try readState()
            let listed = state.images.keys.sorted().filter { id in
                !(state.tags.references(to: id).isEmpty && !state.children(of: id).isEmpty)
            }
            let records = try listed.map { (id) throws(StoreError) in try state.record(id) }
            var users: [Digest: Int] = [:]
            for record in records {
                for layer in Set(record.layers.map(\.chainID)) { users[layer, default: 0] += 1 }
            }
            let images = records.map { record in
                let shared = record.layers.filter { users[$0.chainID, default: 0] > 1 }.reduce(0) { $0 + $1.size }
                return DiskUsage.ImageUsage(
                    image: record, sharedSize: shared, uniqueSize: record.size - shared,
                    containers: state.containers.values.filter { $0.record.image == record.id }.count)
            }
            let used = Set(records.flatMap { $0.layers.map(\.chainID) })
            let total = state.layers.values.filter { used.contains($0.chainID) }.reduce(0) { $0 + $1.size }
            let containers = state.containers.values.map(\.record).sorted {
                ($0.created.date ?? .distantPast) > ($1.created.date ?? .distantPast)
            }.map { record in
                DiskUsage.ContainerUsage(
                    container: record,
                    size: state.containers[record.id].map { FolderSize.of(layout.diff($0.mountID)) } ?? 0)
            }
            return DiskUsage(images: images, containers: containers, layersSize: total)
        }
    }
}
