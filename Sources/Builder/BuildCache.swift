import Crypto
import Foundation
import OCI
import Store
import Trace

/// Finds the result of a step that an earlier build already made.
///
/// - Classic (moby's `getLocalCachedImage`): an image whose classic parent is the current image,
///   whose last history line is the step's (`/bin/sh -c #(nop) COPY file:<hash> in /app`, the RUN
///   command with its build args) and whose config is the one the step leaves.
/// - Modern: intermediate images do not stay, so each step's resulting config is kept under a key
///   of (parent image, history line, config) in `<root>/builder/cache/`; a hit re-creates the image
///   when the store still has all its layers (they stay while an image uses them).
struct BuildCache {
    let store: ImageStore
    let kind: BuilderKind

    var folder: String { store.layout.root + "/builder/cache" }

    /// The cached image for a step, or why there is none.
    func lookUp(parent: OCI.Digest, createdBy: String, config: ContainerConfig) -> Result<OCI.Digest, Miss> {
        switch kind {
        case .classic: return lookUpChild(parent: parent, createdBy: createdBy, config: config)
        case .modern: return lookUpIndex(parent: parent, createdBy: createdBy, config: config)
        }
    }

    /// Why a step missed the cache.
    struct Miss: Error {
        var reason: CacheMiss
    }

    private func lookUpChild(parent: OCI.Digest, createdBy: String, config: ContainerConfig) -> Result<OCI.Digest, Miss>
    {
        guard let children = try? store.children(of: parent), !children.isEmpty else {
            return .failure(Miss(reason: .newParent))
        }
        var sameLine = false
        var sameInstruction = false
        for child in children {
            guard let record = try? store.image(child.description), let line = record.config.history?.last?.createdBy
            else { continue }
            sameInstruction = sameInstruction || Self.withoutSourceHash(line) == Self.withoutSourceHash(createdBy)
            guard line == createdBy else { continue }
            sameLine = true
            if record.config.config ?? ContainerConfig() == config { return .success(child) }
        }
        return .failure(
            Miss(reason: sameLine ? .settingsChanged : sameInstruction ? .sourcesChanged : .newInstruction))
    }

    /// A classic COPY or ADD history line without its sources' hash (`COPY file:<hash> in /x`).
    static func withoutSourceHash(_ line: String) -> String {
        line.replacing(/(file|dir|multi):[0-9a-f]{64}/, with: "")
    }

    private func lookUpIndex(parent: OCI.Digest, createdBy: String, config: ContainerConfig) -> Result<OCI.Digest, Miss>
    {
        let path = folder + "/" + Self.key(parent: parent, createdBy: createdBy, config: config)
        guard let data = FileManager.default.contents(atPath: path),
            let cached = try? JSONDecoder().decode(ImageConfig.self, from: data)
        else { return .failure(Miss(reason: .newInstruction)) }
        guard let id = try? store.createImage(cached, parent: parent) else {
            return .failure(Miss(reason: .layersRemoved))
        }
        return .success(id)
    }

    /// Records a modern step's result (the classic builder's images are their own record).
    func record(parent: OCI.Digest, createdBy: String, config: ContainerConfig, result: ImageConfig) {
        guard kind == .modern, let data = try? JSONEncoder().encode(result) else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + Self.key(parent: parent, createdBy: createdBy, config: config)
        let staging = path + ".tmp-\(getpid())"
        if FileManager.default.createFile(atPath: staging, contents: data) {
            _ = rename(staging, path)
        }
    }

    static func key(parent: OCI.Digest, createdBy: String, config: ContainerConfig) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let configBytes = (try? encoder.encode(config)) ?? Data()
        var hasher = SHA256()
        hasher.update(data: Array("\(parent)\n\(createdBy)\n".utf8))
        hasher.update(data: configBytes)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
