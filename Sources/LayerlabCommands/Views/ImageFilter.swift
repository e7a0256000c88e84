import Foundation
import OCI
import Store

/// `docker images --filter`: the filters moby's image list takes (`dangling`, `reference`,
/// `before`, `since`, `label`). Several values of one filter match when any matches; different
/// filters must all match.
struct ImageFilter {
    private var dangling: Bool?
    private var references: [String] = []
    private var labels: [(key: String, value: String?)] = []
    private var before: [ImageRecord] = []
    private var since: [ImageRecord] = []

    /// The filters as typed (`dangling=true`), or an error saying which is wrong, as Docker words it;
    /// `find` looks up the images `before` and `since` name, once.
    init(_ filters: [String], find: (String) -> ImageRecord?) throws(ImageFilterError) {
        func image(_ name: String) throws(ImageFilterError) -> ImageRecord {
            guard let image = find(name) else { throw ImageFilterError("No such image: \(name)") }
            return image
        }
        for filter in filters {
            guard let equals = filter.firstIndex(of: "=") else {
                throw ImageFilterError("bad format of filter (expected name=value)")
            }
            let name = filter[..<equals].lowercased()
            let value = String(filter[filter.index(after: equals)...])
            switch name {
            case "dangling":
                switch value.lowercased() {
                case "true", "1": dangling = true
                case "false", "0": dangling = false
                default: throw ImageFilterError("invalid filter 'dangling=\(value)': dangling takes true or false")
                }
            case "reference": references.append(value)
            case "label":
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                labels.append((parts.first ?? "", parts.count > 1 ? parts[1] : nil))
            case "before": before.append(try image(value))
            case "since": since.append(try image(value))
            default:
                throw ImageFilterError(
                    "invalid filter '\(name)' (images takes dangling, reference, before, since and label)")
            }
        }
    }

    /// Whether `row` passes the filters: `reference` by the row's own name (an image with two
    /// names keeps only the rows that match, as moby keeps only the matching RepoTags), the others
    /// by its image. `parents` are the store's images that others are built on.
    func matches(_ row: ImageListing.Row, parents: Set<Digest>) -> Bool {
        let image = row.image
        if let dangling {
            // Dangling: no name, and no image built on it (an intermediate image is not dangling).
            if (image.references.isEmpty && !parents.contains(image.id)) != dangling { return false }
        }
        let names = row.repository == "<none>" ? [] : [row.repository, "\(row.repository):\(row.tag)"]
        if !references.isEmpty, !references.contains(where: { pattern in names.contains { Self.glob(pattern, $0) } }) {
            return false
        }
        if !labels.isEmpty {
            let own = image.config.config?.labels ?? [:]
            guard labels.allSatisfy({ own[$0.key] != nil && ($0.value == nil || own[$0.key] == $0.value) }) else {
                return false
            }
        }
        for other in before {
            guard let created = image.created, let limit = other.created, created < limit else { return false }
        }
        for other in since {
            guard let created = image.created, let limit = other.created, created > limit else { return false }
        }
        return true
    }

    /// Go's `path.Match`, which moby uses: `*` does not cross a `/`.
    private static func glob(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, FNM_PATHNAME) == 0
    }
}

/// A filter `images` cannot take, in Docker's words.
struct ImageFilterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
