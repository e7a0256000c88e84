import Foundation
import OCI

/// The names that point to images, kept in `repositories.json` the way moby's reference store
/// keeps them: `{"Repositories": {"ubuntu": {"ubuntu:latest": "sha256:…"}}}`, with familiar names.
struct TagStore: Sendable {
    private(set) var references: [Reference: Digest] = [:]

    private struct File: Codable {
        var Repositories: [String: [String: Digest]]
    }

    init() {}

    /// Reads `repositories.json`; a missing file is an empty store.
    init(path: String) throws(StoreError) {
        guard FileSystem.exists(path) else { return }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(try FileSystem.read(path)))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corrupt, "\(path) is not a valid repositories.json", cause: error)
        }
        for (_, repository) in file.Repositories {
            for (name, id) in repository {
                guard let reference = try? Reference(parsing: name) else {
                    throw StoreError(.corrupt, "\(path) names an invalid reference \"\(name)\"")
                }
                references[reference] = id
            }
        }
    }

    func save(to path: String) throws(StoreError) {
        var file = File(Repositories: [:])
        for (reference, id) in references {
            file.Repositories[reference.familiarName, default: [:]][reference.familiarString] = id
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            try FileSystem.writeAtomically(Array(try encoder.encode(file)), to: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot encode \(path)", cause: error)
        }
    }

    /// The image a tag or digest reference points to.
    func image(for reference: Reference) -> Digest? { references[reference] }

    /// The references to `image`, sorted as moby sorts them (by their full string).
    func references(to image: Digest) -> [Reference] {
        references.filter { $0.value == image }.map(\.key).sorted { $0.description < $1.description }
    }

    /// Points `reference` at `image`; returns the image it pointed to before.
    @discardableResult
    mutating func set(_ reference: Reference, to image: Digest) -> Digest? {
        references.updateValue(image, forKey: reference)
    }

    @discardableResult
    mutating func remove(_ reference: Reference) -> Digest? {
        references.removeValue(forKey: reference)
    }

    var isEmpty: Bool { references.isEmpty }
}
