import Foundation
import OCI
import Store
import Trace

/// The rows of `docker images`: one per repository and tag, `<none>` where an image has no name.
struct ImageListing {
    struct Row: Equatable {
        var repository: String
        var tag: String
        var digest: String
        var image: ImageRecord
    }

    /// Builds the rows the way Docker does: newest first; without `all`, untagged images that other
    /// images are built on (intermediate images of a classic build) are hidden.
    static func rows(_ images: [ImageRecord], all: Bool) -> [Row] {
        let parents = Set(images.compactMap(\.parent))
        let visible = images.filter { all || !$0.references.isEmpty || !parents.contains($0.id) }
        let sorted = visible.sorted {
            let (a, b) = ($0.created ?? .distantPast, $1.created ?? .distantPast)
            return a != b ? a > b : $0.id < $1.id
        }
        return sorted.flatMap(rows(for:))
    }

    /// The images `rows` list, each once, for the trace; without `all`, with how many of `images`
    /// were left out as intermediate images.
    static func listing(_ rows: [Row], of images: [ImageRecord], all: Bool, quiet: Bool) -> ImagesListing {
        var seen: Set<Digest> = []
        let listed = rows.map(\.image).filter { seen.insert($0.id).inserted }.map { image in
            ImagesListing.Image(
                id: image.id, references: image.references, layers: image.layers.map(\.chainID),
                layerSizes: image.layers.map(\.size), rows: rows.filter { $0.image.id == image.id }.count)
        }
        let parents = Set(images.compactMap(\.parent))
        let intermediates = images.filter { $0.references.isEmpty && parents.contains($0.id) }.count
        return ImagesListing(
            images: listed, all: all, hiddenIntermediates: all ? 0 : intermediates, quiet: quiet ? true : nil)
    }

    private static func rows(for image: ImageRecord) -> [Row] {
        guard !image.references.isEmpty else {
            return [Row(repository: "<none>", tag: "<none>", digest: "<none>", image: image)]
        }
        var result: [Row] = []
        let byRepository = Dictionary(grouping: image.references, by: \.familiarName)
        for repository in byRepository.keys.sorted() {
            let references = byRepository[repository] ?? []
            let digest = references.compactMap(\.digest).first.map(\.description) ?? "<none>"
            let tags = references.compactMap(\.tag).sorted()
            if tags.isEmpty {
                result.append(Row(repository: repository, tag: "<none>", digest: digest, image: image))
            }
            for tag in tags {
                result.append(Row(repository: repository, tag: tag, digest: digest, image: image))
            }
        }
        return result
    }
}
