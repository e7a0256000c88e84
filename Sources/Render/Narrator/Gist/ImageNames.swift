import OCI
import Trace

/// Which names each image has, followed through the tags a trace adds and removes, and which image
/// each container was made on: how a gist calls an image the learner sees by its name in the
/// picture, from the records alone.
public struct ImageNames: Sendable, Equatable {
    private var names: [Digest: [Reference]] = [:]
    /// The image each container was made on, by the container's ID: `rm` names only the container.
    private var containers: [String: Digest] = [:]

    public init() {}

    /// The names after `records`, starting from these.
    public func following(_ records: [TraceRecord]) -> ImageNames {
        var after = self
        after.follow(records.map(\.event))
        return after
    }

    mutating func follow(_ events: [TraceEvent]) {
        for event in events {
            switch event {
            case .tagAdded(let reference, let image, let previous) where reference.digest == nil:
                if let previous { names[previous]?.removeAll { $0 == reference } }
                if names[image]?.contains(reference) != true { names[image, default: []].append(reference) }
            case .tagRemoved(let reference, let image):
                names[image]?.removeAll { $0 == reference }
            case .imageDeleted(let id):
                names[id] = nil
            case .containerCreated(let id, _, let image):
                containers[id] = image
            default:
                break
            }
        }
    }

    /// The image container `id` was made on, when the records followed made it.
    func image(ofContainer id: String) -> Digest? { containers[id] }

    /// The image by its first name, or by its ID when it has none.
    func called(_ id: Digest) -> CommandGist.ImageCalled {
        CommandGist.ImageCalled(id: id, name: names[id]?.first)
    }
}
