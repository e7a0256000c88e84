import Archive
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

/// The store's containers (`docker ps`, `create`, `rm`, `commit`): one concern of ``ImageStore``,
/// reached as `store.containers`. UnionFS adds what needs the merged view (`diff`, `export`,
/// committing a read-write layer as a tar) and Runtime what runs a command (`run`, `start`).
public struct ContainerStore: Sendable {
    /// The store the containers live in: their images, layers and lock.
    public let store: ImageStore
}

extension ImageStore {
    /// The containers of this store.
    public var containers: ContainerStore { ContainerStore(store: self) }
}

extension ContainerStore {
    // MARK: Reading

    /// Every container, newest first (`docker ps -a`).
    public func list() throws(StoreError) -> [ContainerRecord] {
        try store.withLock(.shared) { () throws(StoreError) in
            try store.readState().containers.values.map(\.record).sorted {
                $0.created.rawValue != $1.created.rawValue ? $0.created.rawValue > $1.created.rawValue : $0.id > $1.id
            }
        }
    }

    /// The container a name or ID (or unique ID prefix) means.
    /// - Throws: ``StoreError/Code/noSuchContainer`` with Docker's message.
    public func inspect(_ nameOrID: String) throws(StoreError) -> ContainerRecord {
        try store.withLock(.shared) { () throws(StoreError) in try store.readState().resolveContainer(nameOrID).record }
    }

    /// Runs `body` with the container's folders while holding the store lock (shared), so no
    /// `rm` or `rmi` changes them meanwhile (`diff`, `export`).
    /// - Throws: ``StoreError`` from the store, or what `body` throws.
    public func withFilesystem<T>(_ nameOrID: String, _ body: (ContainerFilesystem) throws -> T) throws -> T {
        let lock = try StoreLock(path: store.layout.lockFile, mode: .shared)
        let state = try store.readState()
        let filesystem = try store.filesystem(of: try state.resolveContainer(nameOrID), state: state)
        let result = try body(filesystem)
        _ = consume lock
        return result
    }

    // MARK: Create

    /// `docker create`: a container record and an empty read-write layer on top of the image.
    ///
    /// The read-write layer's folders and mount record are written first, `config.v2.json` last:
    /// it is the commit point, and recovery removes a read-write layer without one (R-S2, R-S5).
    /// - Throws: ``StoreError/Code/noSuchImage``, ``StoreError/Code/invalidInput`` for a bad name
    ///   or no command, ``StoreError/Code/conflict`` for a name in use.
    /// - Parameter command: the command it is created for: `create`, or `run`, which goes on to
    ///   start it (and, unlike `create`, does not print its ID).
    /// - Parameter flags: the command's own flags, as typed, for the trace (`run -d`).
    @discardableResult
    public func create(_ spec: ContainerSpec, for command: OperationKind = .create, flags: [String] = [])
        throws(StoreError) -> ContainerRecord
    {
        try store.operation(
            command, arguments: flags + (spec.name.map { ["--name", $0] } ?? []) + [spec.image] + spec.command
        ) {
            (op) throws(StoreError) in
            var state = try store.readState()
            let imageID = try ImageStore.resolve(spec.image, in: state)
            guard let image = state.images[imageID] else {
                throw StoreError(.noSuchImage, "No such image: \(spec.image)")
            }
            var config = try ImageStore.containerConfig(image: image.config.config ?? ContainerConfig(), spec: spec)
            let program = (config.entrypoint ?? []) + (config.cmd ?? [])
            guard let path = program.first else {
                throw StoreError(.invalidInput, "No command specified")
            }
            let taken = Set(state.containers.values.map(\.record.name))
            let created = Timestamp(store.clock())
            let seed = Digest.sha256(of: Array("\(created)\n\(imageID)\n\(program)\n\(taken.count)".utf8))
            let name: String
            if let wanted = spec.name {
                let bare = wanted.hasPrefix("/") ? String(wanted.dropFirst()) : wanted
                guard ContainerName.isValid(bare) else {
                    throw StoreError(
                        .invalidInput, "Invalid container name (\(wanted)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
                }
                if let other = state.containers.values.first(where: { $0.record.name == bare }) {
                    throw StoreError(
                        .conflict,
                        "Conflict. The container name \"/\(bare)\" is already in use by container "
                            + "\"\(other.record.id)\". You have to remove (or rename) that container to be able "
                            + "to reuse that name.")
                }
                name = bare
            } else {
                name = ContainerName.generate(seed: seed, taken: taken)
            }
            // The ID is derived from what makes the container, so a lesson gives the same IDs on every run;
            // the name is unique among containers, so two existing containers never share an ID.
            var attempt = 0
            var id: ContainerID
            repeat {
                let digest = Digest.sha256(of: Array("\(seed)\n\(name)\n\(attempt)".utf8))
                guard let made = ContainerID(validating: digest.encoded) else {
                    throw StoreError(.io, "internal: digest \(digest) is not a container ID")
                }
                id = made
                attempt += 1
            } while state.containers[id] != nil || FileSystem.exists(store.layout.container(id))

            // What `docker create` adds to the image's config: its host name, its attached streams and
            // the image as named; `commit` keeps them (moby's `container.Config`).
            config.hostname = id.shortID
            config.attachStdout = true
            config.attachStderr = true
            config.image = spec.image
            if config.labels == nil { config.labels = [:] }
            let record = ContainerRecord(
                id: id, name: name, image: imageID, imageName: spec.image, created: created, path: path,
                args: Array(program.dropFirst()), config: config, state: ContainerState(status: .created))
            let mountID = CacheID.random()
            try FileSystem.makeFolder(store.layout.diff(mountID))
            // The upper folder's root is the merged root `/`: world-readable, as in Docker's layers.
            chmod(store.layout.diff(mountID), 0o755)
            try FileSystem.makeFolder(store.layout.work(mountID))
            try FileSystem.makeFolder(store.layout.mounts)
            let mountStaging = try FileSystem.makeStagingFolder(in: store.layout.mounts, prefix: ".tmp-\(id.shortID)")
            try FileSystem.writeAtomically(mountID.value, to: mountStaging + "/mount-id")
            if let top = image.chain.last {
                try FileSystem.writeAtomically(top.description, to: mountStaging + "/parent")
            }
            try FileSystem.move(mountStaging, to: store.layout.mount(id))
            let staging = try FileSystem.makeStagingFolder(in: store.layout.containers, prefix: ".tmp-\(id.shortID)")
            try FileSystem.writeAtomically(try ImageStore.encodeRecord(record), to: staging + "/config.v2.json")
            try FileSystem.move(staging, to: store.layout.container(id))
            state.containers[id] = StoredContainer(record: record, mountID: mountID, parent: image.chain.last)
            op.emit(.containerCreated(id: id.value, name: name, image: imageID))
            return record
        }
    }

    // MARK: Running state

    /// Marks the container running in this process and returns its folders: what a runtime needs.
    /// - Throws: ``StoreError/Code/conflict`` when it already runs.
    public func markRunning(_ nameOrID: String) throws(StoreError) -> ContainerFilesystem {
        try store.operation(.start, arguments: [nameOrID]) { (op) throws(StoreError) in
            let state = try store.readState()
            var stored = try state.resolveContainer(nameOrID)
            guard !stored.record.state.isRunning else {
                throw StoreError(.conflict, "container \(stored.record.id.shortID) is already running")
            }
            stored.record.state = ContainerState(status: .running, pid: getpid(), startedAt: Timestamp(store.clock()))
            try FileSystem.writeAtomically(
                try ImageStore.encodeRecord(stored.record), to: store.layout.containerConfig(stored.record.id))
            return try store.filesystem(of: stored, state: state)
        }
    }

    /// Records that the container's command ended with `exitCode`.
    /// - Parameter watched: `false` for a command in the background, whose end no trace hears:
    ///   the next command that opens the store tells it.
    public func markExited(_ id: ContainerID, exitCode: Int32, watched: Bool = true) throws(StoreError) {
        try store.operation(.wait, arguments: [id.shortID]) { (op) throws(StoreError) in
            guard var stored = try store.readState().containers[id] else { return }
            stored.record.state.status = .exited
            stored.record.state.exitCode = exitCode
            stored.record.state.pid = 0
            stored.record.state.finishedAt = Timestamp(store.clock())
            try FileSystem.writeAtomically(
                try ImageStore.encodeRecord(stored.record), to: store.layout.containerConfig(id))
            if !watched { try FileSystem.writeAtomically("\(exitCode)\n", to: store.layout.untoldExit(id)) }
            op.emit(
                .containerExited(
                    id: id.value, exitCode: exitCode, layerSize: FolderSize.of(store.layout.diff(stored.mountID))))
        }
    }

    // MARK: Remove

    /// `docker rm`: removes the container and its read-write layer; image layers no image or
    /// container needs any more (after an `rmi -f`) go too, as moby's layer store releases them.
    /// - Parameter force: `-f`: also a running container, whose process is killed first (SIGKILL).
    /// - Returns: the removed container.
    @discardableResult
    public func remove(_ nameOrID: String, force: Bool = false) throws(StoreError) -> ContainerRecord {
        if force, let running = try? inspect(nameOrID), running.state.isRunning {
            signalProcess(running.state.pid, SIGKILL)
            _ = Self.waitForEnd(of: running.state.pid, within: Self.killWait)
        }
        return try store.operation(.rm, arguments: (force ? ["-f"] : []) + [nameOrID]) { (op) throws(StoreError) in
            var state = try store.readState()
            let stored = try state.resolveContainer(nameOrID)
            let id = stored.record.id
            if stored.record.state.isRunning && !force {
                throw StoreError(
                    .conflict,
                    "cannot remove container \"/\(stored.record.name)\": container is running: stop the container "
                        + "before removing or force remove")
            }
            // The config goes first (renamed away): from then on the container does not exist (R-S2).
            let removing = store.layout.container(id) + "-removing"
            try FileSystem.move(store.layout.container(id), to: removing)
            try FileSystem.move(store.layout.mount(id), to: store.layout.mount(id) + "-removing")
            try FileSystem.remove(store.layout.layerData(stored.mountID))
            try FileSystem.remove(store.layout.mount(id) + "-removing")
            try FileSystem.remove(removing)
            state.containers[id] = nil
            op.emit(.containerRemoved(id: id.value, name: stored.record.name))
            for chainID in state.chain(from: stored.parent).reversed() {
                guard state.users(of: chainID).isEmpty, state.containerUsers(of: chainID) == 0,
                    let layer = state.layers[chainID]
                else { break }
                try store.deleteLayerData(chainID, state: &state)
                op.emit(.layerDeleted(layer.info))
            }
            return stored.record
        }
    }

    // MARK: Commit

    /// `docker commit`: a new image whose classic parent is the container's image, with the
    /// read-write layer as its new top layer (none when nothing changed, as moby marks an empty
    /// layer), the container's config with `changes` applied, and a history step whose
    /// `created_by` is the container's command joined by spaces (moby `image.NewChildImage`).
    /// - Parameter writeLayer: writes the read-write layer as a tar to the given path
    ///   (`ContainerLayer.writeLayerTar`, which the Store module cannot call itself).
    /// - Returns: the new image's ID.
    public func commit(
        _ nameOrID: String,
        options: CommitOptions,
        writeLayer: (ContainerFilesystem, String) throws -> Void
    ) throws(StoreError) -> Digest {
        var changes: [ConfigChange] = []
        for line in options.changes { changes.append(try ConfigChange(parsing: line)) }
        let reference: Reference?
        do {
            reference = try options.repository.map { try Reference.parseDocker($0) }
        } catch {
            throw StoreError(.invalidReference, String(describing: error), cause: error)
        }
        return try store.operation(.commit, arguments: [nameOrID] + (options.repository.map { [$0] } ?? [])) {
            (op) throws(StoreError) in
            var state = try store.readState()
            let stored = try state.resolveContainer(nameOrID)
            let container = stored.record
            guard let image = state.images[container.image] else {
                throw StoreError(.noSuchImage, "No such image: \(container.image)")
            }
            let filesystem = try store.filesystem(of: stored, state: state)
            var config = options.config ?? container.config
            for change in changes { change.apply(to: &config) }
            // moby's `merge`: a new ENTRYPOINT without a new CMD drops the old CMD.
            if changes.contains(where: { if case .entrypoint = $0 { true } else { false } }),
                !changes.contains(where: { if case .cmd = $0 { true } else { false } })
            {
                config.cmd = nil
            }
            var diffIDs = image.config.rootfs.diffIDs
            let isEmpty = FileSystem.list(filesystem.upperFolder).isEmpty
            if !isEmpty {
                let staging = try FileSystem.makeStagingFolder(in: store.layout.temporary, prefix: "commit")
                defer { try? FileSystem.remove(staging) }
                let tarPath = staging + "/layer.tar"
                let layer: LayerRecord
                do {
                    try writeLayer(filesystem, tarPath)
                    layer = try store.registerLayer(
                        from: try FileSource(path: tarPath), parent: filesystem.layers.last, state: &state, op: op)
                } catch let error as StoreError {
                    throw error
                } catch {
                    throw StoreError(.io, "cannot write the layer of container \(container.id.shortID): \(error)")
                }
                diffIDs.append(layer.diffID)
            }
            let created = Timestamp(store.clock())
            var newConfig = image.config
            newConfig.created = created
            newConfig.author = options.author
            newConfig.comment = options.message
            newConfig.config = config
            newConfig.container = container.id.value
            // moby's commit keeps the container's config as it was; a builder's step says its own.
            newConfig.containerConfig = options.config == nil ? container.config : nil
            newConfig.rootfs.diffIDs = diffIDs
            newConfig.history =
                (image.config.history ?? []) + [
                    History(
                        created: created, createdBy: options.createdBy ?? container.commandLine, author: options.author,
                        comment: options.message, emptyLayer: isEmpty)
                ]
            let id = try store.createImage(
                newConfig, parent: options.recordsParent ? image.id : nil, state: &state, op: op)
            if let reference { try store.addTag(reference, to: id, state: &state, op: op) }
            return id
        }
    }
}
