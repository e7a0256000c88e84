import Archive
import Foundation
import OCI
import Trace

/// What `import` reads: a tarball (plain or gzip), standard input, or a folder.
public enum ImportSource: Sendable {
    case file(String)
    case standardInput
    case folder(String)

    /// How Docker names the source in the image's history comment (`Imported from -`): the docker
    /// CLI streams a file to the daemon, which sees only its standard input.
    var label: String {
        switch self {
        case .folder(let path): path
        case .file, .standardInput: "-"
        }
    }
}

extension ImageStore {
    /// `docker import`: makes a one-layer image from a root filesystem tarball or folder.
    /// - Parameters:
    ///   - repository: the name to tag the new image with, if any.
    ///   - message: the history comment; Docker's default is `Imported from SOURCE`.
    ///   - changes: the container config for the image (`-c CMD …` is applied by the caller).
    /// - Returns: the new image's ID.
    @discardableResult
    public func importImage(
        from source: ImportSource,
        repository: String? = nil,
        message: String? = nil,
        config containerConfig: ContainerConfig? = nil,
        platform: Platform = .host
    ) throws(StoreError) -> Digest {
        let reference: Reference?
        do {
            reference = try repository.map { try Reference.parseDocker($0) }
        } catch {
            throw StoreError(.invalidReference, String(describing: error), cause: error)
        }
        return try operation(.import, arguments: [source.label] + (repository.map { [$0] } ?? [])) {
            (op) throws(StoreError) in
            var state = try readState()
            let id = try undoingOnFailure(&state) { (state) throws(StoreError) in
                let layer = try registerLayer(from: source, state: &state, op: op)
                let created = Timestamp(clock())
                let comment = message ?? "Imported from \(source.label)"
                // Docker writes an (empty) container config even when no -c change fills it.
                var config = ImageConfig(
                    created: created, platform: platform, config: containerConfig ?? ContainerConfig(),
                    diffIDs: [layer.diffID],
                    history: [History(created: created, createdBy: nil, comment: comment)])
                config.comment = comment
                return try createImage(config, parent: nil, state: &state, op: op)
            }
            if let reference { try addTag(reference, to: id, state: &state, op: op) }
            return id
        }
    }

    private func registerLayer(from source: ImportSource, state: inout StoreState, op: TraceOperation)
        throws(StoreError) -> LayerRecord
    {
        do {
            switch source {
            case .file(let path):
                return try registerLayer(from: try FileSource(path: path), parent: nil, state: &state, op: op)
            case .standardInput:
                return try registerLayer(
                    from: FileSource(fileDescriptor: 0, owned: false), parent: nil, state: &state, op: op)
            case .folder(let path):
                let tarPath = try FileSystem.makeStagingFolder(in: layout.temporary, prefix: "import") + "/layer.tar"
                defer { try? FileSystem.remove((tarPath as NSString).deletingLastPathComponent) }
                var writer = TarWriter(try FileSink(path: tarPath, permissions: 0o600))
                _ = try DirectoryArchiver(root: path, owner: .init(uid: 0, gid: 0)).write(to: &writer)
                try writer.finish()
                try writer.sink.close()
                return try registerLayer(from: try FileSource(path: tarPath), parent: nil, state: &state, op: op)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.invalidInput, "cannot import \(source.label): \(error)", cause: error)
        }
    }
}
