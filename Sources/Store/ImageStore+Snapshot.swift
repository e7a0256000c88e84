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
            let containers = state.containers.values.map(\.record).sorted { $0.name < $1.name }.map {
                StoreSnapshot.Container(
                    id: $0.id.value, name: $0.name, image: $0.image,
                    exitCode: $0.state.status == .exited ? $0.state.exitCode : nil)
            }
            let snapshot = StoreSnapshot(images: images, layers: layers, containers: containers)
            op.emit(.storeSnapshot(snapshot))
            return snapshot
        }
    }
}
