import Foundation
import OCI
import Trace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A container as the store reads it: `config.v2.json` and its read-write layer's mount record.
struct StoredContainer {
    var record: ContainerRecord
    /// `layerdb/mounts/<id>/mount-id`: the `overlay2/` folder of the read-write layer.
    var mountID: CacheID
    /// `layerdb/mounts/<id>/parent`: the chain ID of the image's top layer.
    var parent: Digest?
}

extension StoreLayout {
    /// `image/overlay2/layerdb/mounts/<container id>/`: the read-write layers' records.
    var mounts: String { imageRoot + "/layerdb/mounts" }
    func container(_ id: ContainerID) -> String { "\(containers)/\(id.value)" }
    func containerConfig(_ id: ContainerID) -> String { container(id) + "/config.v2.json" }
    func mount(_ id: ContainerID) -> String { "\(mounts)/\(id.value)" }
    func work(_ cacheID: CacheID) -> String { "\(overlay)/\(cacheID.value)/work" }
}

extension StoreState {
    /// Reads every complete container: a valid folder name, a `config.v2.json`, and a mount record.
    static func readContainers(layout: StoreLayout) throws(StoreError) -> [ContainerID: StoredContainer] {
        var result: [ContainerID: StoredContainer] = [:]
        for name in FileSystem.list(layout.containers) {
            guard let id = ContainerID(validating: name), FileSystem.exists(layout.containerConfig(id)),
                let mountID = CacheID(validating: (try? FileSystem.readText(layout.mount(id) + "/mount-id")) ?? "")
            else { continue }
            let record: ContainerRecord
            do {
                record = try JSONDecoder().decode(
                    ContainerRecord.self, from: Data(try FileSystem.read(layout.containerConfig(id))))
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(.corrupt, "\(layout.containerConfig(id)) is damaged: \(error)", cause: error)
            }
            let parentPath = layout.mount(id) + "/parent"
            let parent = FileSystem.exists(parentPath) ? try? Digest(parsing: FileSystem.readText(parentPath)) : nil
            result[id] = StoredContainer(record: record, mountID: mountID, parent: parent)
        }
        return result
    }

    /// Containers created from `image`, oldest first (moby's `containers.First` picks one of them).
    func containers(using image: Digest) -> [ContainerRecord] {
        containers.values.map(\.record).filter { $0.image == image }.sorted {
            $0.created.rawValue != $1.created.rawValue ? $0.created.rawValue < $1.created.rawValue : $0.id < $1.id
        }
    }

    /// The chain IDs from `top` down to the bottom layer, following the layers' parent links.
    func chain(from top: Digest?) -> [Digest] {
        var result: [Digest] = []
        var current = top
        while let chainID = current, let layer = layers[chainID], result.count <= 200 {
            result.append(chainID)
            current = layer.parent
        }
        return result.reversed()
    }

    /// The number of containers whose read-write layer stands on `chainID`: they hold it as images do.
    func containerUsers(of chainID: Digest) -> Int {
        containers.values.filter { chain(from: $0.parent).contains(chainID) }.count
    }

    /// A container by full ID, name (with or without Docker's `/`), or unique ID prefix.
    func resolveContainer(_ nameOrID: String) throws(StoreError) -> StoredContainer {
        if let id = ContainerID(validating: nameOrID), let found = containers[id] { return found }
        let name = nameOrID.hasPrefix("/") ? String(nameOrID.dropFirst()) : nameOrID
        if let found = containers.values.first(where: { $0.record.name == name }) { return found }
        if !nameOrID.isEmpty, Digest.isHexPrefix(nameOrID) {
            let matches = containers.values.filter { $0.record.id.value.hasPrefix(nameOrID) }
            if matches.count > 1 {
                throw StoreError(
                    .noSuchContainer, "multiple containers found with provided prefix: \(nameOrID)")
            }
            if let found = matches.first { return found }
        }
        throw StoreError(.noSuchContainer, "No such container: \(nameOrID)")
    }
}

extension ImageStore {
    func filesystem(of stored: StoredContainer, state: StoreState) throws(StoreError) -> ContainerFilesystem {
        var layers: [LayerRecord] = []
        for chainID in state.chain(from: stored.parent) {
            guard let layer = state.layers[chainID] else {
                throw StoreError(.corrupt, "container \(stored.record.id.shortID) needs layer \(chainID)")
            }
            layers.append(layer)
        }
        return ContainerFilesystem(
            container: stored.record, layers: layers, lowerFolders: layers.map { layout.diff($0.cacheID) },
            upperFolder: layout.diff(stored.mountID), workFolder: layout.work(stored.mountID),
            scratch: temporaryArea)
    }

    /// The container's config as moby's create merges it: the image's, with the command, `-e`
    /// (replacing a variable of the same name) and `-w` given.
    static func containerConfig(image: ContainerConfig, spec: ContainerSpec) throws(StoreError) -> ContainerConfig {
        var config = image
        if let entrypoint = spec.entrypoint { config.entrypoint = entrypoint.isEmpty ? nil : entrypoint }
        if !spec.command.isEmpty { config.cmd = spec.command }
        var env = config.env ?? []
        for variable in spec.environment {
            let key = String(variable.prefix { $0 != "=" })
            guard !key.isEmpty else { throw StoreError(.invalidInput, "invalid environment variable: \(variable)") }
            env.removeAll { $0 == key || $0.hasPrefix(key + "=") }
            if variable.contains("=") { env.append(variable) }
        }
        config.env = env.isEmpty ? nil : env
        if let folder = spec.workingDirectory {
            guard folder.hasPrefix("/") else {
                throw StoreError(
                    .invalidInput, "the working directory '\(folder)' is invalid, it needs to be an absolute path")
            }
            config.workingDir = folder
        }
        return config
    }

    static func encodeRecord(_ record: ContainerRecord) throws(StoreError) -> [UInt8] {
        do {
            return try encode(record)
        } catch {
            throw StoreError(.io, "cannot encode container \(record.id.shortID)", cause: error)
        }
    }

    // MARK: Recovery

    /// Cleans half-created and half-removed containers (R-S5): staging folders, `-removing`
    /// folders, containers without `config.v2.json`, mount records without a container, and
    /// marks containers whose process is gone as exited (255, as Docker does after a crash).
    func recoverContainers() throws(StoreError) -> [RecoveredEntry] {
        var cleaned: [RecoveredEntry] = []
        func remove(_ path: String) throws(StoreError) {
            guard FileSystem.exists(path) else { return }
            try FileSystem.remove(path)
            cleaned.append(RecoveredEntry(path: layout.relative(path), reason: .unfinishedContainer))
        }
        for name in FileSystem.list(layout.containers) {
            let path = layout.containers + "/" + name
            guard let id = ContainerID(validating: name), FileSystem.exists(layout.containerConfig(id)),
                FileSystem.exists(layout.mount(id) + "/mount-id")
            else {
                try remove(path)
                continue
            }
        }
        for name in FileSystem.list(layout.mounts) {
            let path = layout.mounts + "/" + name
            guard let id = ContainerID(validating: name), FileSystem.exists(layout.containerConfig(id)) else {
                if let mountID = CacheID(validating: (try? FileSystem.readText(path + "/mount-id")) ?? "") {
                    try remove(layout.layerData(mountID))
                }
                try remove(path)
                continue
            }
        }
        for (id, stored) in try StoreState.readContainers(layout: layout) where stored.record.state.isRunning {
            let pid = stored.record.state.pid
            if ProcessLiveness.isAlive(pid) { continue }
            var record = stored.record
            record.state.status = .exited
            record.state.exitCode = 255
            record.state.pid = 0
            record.state.finishedAt = Timestamp(clock())
            try FileSystem.writeAtomically(try Self.encodeRecord(record), to: layout.containerConfig(id))
            cleaned.append(RecoveredEntry(path: layout.relative(layout.container(id)), reason: .exitedContainer))
        }
        return cleaned
    }
}

extension ImageStore {
    /// Unmounts (lazily) every mount point under `folder`, deepest first: the merged folder of an
    /// `overlay` run that was killed, which must never be removed while mounted.
    static func unmountLeftovers(under folder: String) {
        #if os(Linux)
            // Read to its end: Foundation's String(contentsOfFile:) stops a /proc file at 4 KiB, and
            // with a few dozen mounts the leftovers were past it, never unmounted, and every command
            // then failed to remove their folder.
            guard let bytes = try? FileSystem.read("/proc/self/mountinfo", limit: 64 << 20) else { return }
            let text = String(decoding: bytes, as: UTF8.self)
            let prefix = (folder as NSString).standardizingPath + "/"
            let points = text.split(separator: "\n").compactMap { line -> String? in
                let fields = line.split(separator: " ")
                guard fields.count > 4 else { return nil }
                // mountinfo escapes spaces and the like as octal (`\040`).
                let point = String(fields[4]).replacingOccurrences(of: "\\040", with: " ")
                return point.hasPrefix(prefix) ? point : nil
            }
            for point in points.sorted(by: { $0.count > $1.count }) { umount2(point, Int32(MNT_DETACH)) }
        #endif
    }
}
