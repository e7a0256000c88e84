import OCI
import Trace

/// The store as a trace describes it: the last snapshot in the trace, with every later change
/// (images and layers created or deleted, tags moved) applied on top. So the layer graph can be
/// drawn from any trace, live or saved, without the store.
public struct TraceReplay {
    public private(set) var snapshot = StoreSnapshot(images: [], layers: [])

    /// Each operation's kind and arguments, by its number: whether a container was made by `run -d`.
    private var operations: [Int: (kind: OperationKind, arguments: [String])] = [:]

    public init(_ records: [TraceRecord]) {
        for record in records { apply(record) }
    }

    private mutating func apply(_ record: TraceRecord) {
        switch record.event {
        case .operationStarted(let kind, let arguments):
            operations[record.operation] = (kind, arguments)
        case .containerCreated(let id, let name, let image):
            let layer = snapshot.images.first { $0.id == image }?.layers.last
            // `run -d` leaves it running in the background; any other ends it in the same trace.
            let operation = operations[record.operation]
            let detached = operation?.kind == .run && operation?.arguments.first == "-d"
            snapshot.containers.append(
                // A new container's read-write layer is empty until its command writes.
                StoreSnapshot.Container(
                    id: id, name: name, image: image, layer: layer, running: detached, size: 0))
        default:
            apply(record.event)
        }
    }

    private mutating func apply(_ event: TraceEvent) {
        switch event {
        case .storeSnapshot(let state):
            snapshot = state
        case .layerRegistered(let layer), .layerReused(let layer, _):
            if !snapshot.layers.contains(where: { $0.chainID == layer.chainID }) { snapshot.layers.append(layer) }
        case .layerDeleted(let layer):
            snapshot.layers.removeAll { $0.chainID == layer.chainID }
        case .imageCreated(let image), .imageReused(let image):
            guard !snapshot.images.contains(where: { $0.id == image.id }) else { return }
            snapshot.images.append(
                StoreSnapshot.Image(
                    id: image.id, parent: image.parent, layers: image.layers, references: [], created: nil,
                    createdBy: image.createdBy, size: image.size))
        case .imageDeleted(let id):
            snapshot.images.removeAll { $0.id == id }
        case .tagAdded(let reference, let image, _):
            for index in snapshot.images.indices {
                snapshot.images[index].references.removeAll { $0 == reference }
                if snapshot.images[index].id == image { snapshot.images[index].references.append(reference) }
            }
        case .tagRemoved(let reference, _):
            for index in snapshot.images.indices { snapshot.images[index].references.removeAll { $0 == reference } }
        case .containerExited(let id, let exitCode, let layerSize):
            for index in snapshot.containers.indices where snapshot.containers[index].id == id {
                snapshot.containers[index].exitCode = exitCode
                snapshot.containers[index].running = false
                if let layerSize { snapshot.containers[index].size = layerSize }
            }
        case .storeRecovered(let entry) where entry.reason == .exitedContainer:
            // A container whose process was killed is marked exited (255) when the store is next opened.
            let id = entry.path.split(separator: "/").last.map(String.init)
            for index in snapshot.containers.indices where snapshot.containers[index].id == id {
                snapshot.containers[index].exitCode = 255
                snapshot.containers[index].running = false
            }
        case .containerRemoved(let id, _):
            snapshot.containers.removeAll { $0.id == id }
        default:
            break
        }
    }
}
