import Foundation
import OCI
import Trace

/// One line of `docker history`.
public struct HistoryEntry: Sendable, Equatable {
    /// The image this step produced, when the store still has it; `nil` shows as `<missing>`.
    public var image: Digest?
    public var created: Date?
    public var createdBy: String
    public var comment: String
    /// Whether the step added a layer (a metadata-only step did not).
    public var addsLayer: Bool
    /// The size of the layer the step added (0 for metadata-only steps).
    public var size: Int64
    /// The tags of ``image``.
    public var tags: [Reference]
}

extension ImageStore {
    /// The history of the image `nameOrID` names, newest step first, as moby's `ImageHistory` builds it:
    /// each step gets its layer's size, and the newest steps get the IDs of the image and its classic parents.
    /// The trace has it as a `historyListed` event.
    public func history(of nameOrID: String) throws(StoreError) -> [HistoryEntry] {
        try operation(.history, arguments: [nameOrID], mode: .shared) { (op) throws(StoreError) in
            let state = try readState()
            let record = try state.record(try Self.resolve(nameOrID, in: state))
            var entries: [HistoryEntry] = []
            // Each step's layer, newest first as the entries are.
            var stepLayers: [Digest?] = []
            var layers = record.layers.makeIterator()
            for step in record.config.history ?? [] {
                var size: Int64 = 0
                var added: Digest?
                if step.addsLayer {
                    guard let layer = layers.next() else {
                        throw StoreError(
                            .corrupt, "image \(record.id.shortID) has more history steps with layers than layers")
                    }
                    size = layer.size
                    added = layer.chainID
                }
                stepLayers.insert(added, at: 0)
                entries.insert(
                    HistoryEntry(
                        image: nil, created: step.created?.date, createdBy: step.createdBy ?? "",
                        comment: step.comment ?? "", addsLayer: step.addsLayer, size: size, tags: []),
                    at: 0)
            }
            var current: Digest? = record.id
            for index in entries.indices {
                guard let id = current, let image = state.images[id] else { break }
                entries[index].image = id
                entries[index].tags = state.tags.references(to: id).filter { $0.tag != nil }
                current = image.parent
            }
            let steps = zip(zip(entries, (record.config.history ?? []).reversed()), stepLayers).map { pair, layer in
                let (entry, step) = pair
                return HistoryListing.Step(
                    image: entry.image, created: step.created, createdBy: entry.createdBy, comment: entry.comment,
                    addsLayer: entry.addsLayer, size: entry.size, tags: entry.tags, layer: layer)
            }
            op.emit(.historyListed(HistoryListing(image: record.id, requested: nameOrID, steps: steps)))
            return entries
        }
    }
}
