import OCI
import Trace

extension ImageStore {
    /// The store's images and layers as one ``StoreSnapshot``, also emitted as a trace event.
    public func snapshot() throws(StoreError) -> StoreSnapshot {
        try operation(.graph, arguments: [], mode: .shared) { (op) throws(StoreError) in
            let state = try readState()
            var images: [StoreSnapshot.Image] = []
            for id in state.images.keys.sorted() {
                let record = try state.record(id)
                images.append(
                    StoreSnapshot.Image(
                        id: id, parent: record.parent, layers: record.layers.map(\.chainID),
                        references: record.references, created: record.config.created,
                        createdBy: record.config.history?.last?.createdBy, size: record.size))
            }
            let layers = state.layers.values.sorted { $0.chainID < $1.chainID }.map(\.info)
            let containers = state.containers.values.sorted { $0.record.name < $1.record.name }.map {
                StoreSnapshot.Container(
                    id: $0.record.id.value, name: $0.record.name, image: $0.record.image,
                    exitCode: $0.record.state.status == .exited ? $0.record.state.exitCode : nil, layer: $0.parent,
                    running: $0.record.state.isRunning, size: FolderSize.of(layout.diff($0.mountID)))
            }
            let snapshot = StoreSnapshot(images: images, layers: layers, containers: containers)
            op.emit(.storeSnapshot(snapshot))
            return snapshot
        }
    }
}
