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

/// What `create` and `run` are asked for.
public struct ContainerSpec: Sendable {
    /// The image, by name or ID.
    public var image: String
    /// `--name`; a free `adjective_surname` name when `nil`.
    public var name: String?
    /// The command; the image's `Cmd` when empty.
    public var command: [String]
    /// `-e KEY=VALUE` (or `-e KEY`, which is dropped as Docker drops an unset variable).
    public var environment: [String]
    /// `-w`: the working directory.
    public var workingDirectory: String?
    /// `--entrypoint`: replaces the image's entrypoint (an empty array clears it, as a builder's
    /// RUN does).
    public var entrypoint: [String]?

    public init(
        image: String, name: String? = nil, command: [String] = [], environment: [String] = [],
        workingDirectory: String? = nil, entrypoint: [String]? = nil
    ) {
        self.image = image
        self.name = name
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.entrypoint = entrypoint
    }
}

/// The folders of a container's file system: the image's layers and the read-write layer on top.
public struct ContainerFilesystem: Sendable {
    public var container: ContainerRecord
    /// The image's layers, bottom first.
    public var layers: [LayerRecord]
    /// Their `diff/` folders, bottom first.
    public var lowerFolders: [String]
    /// The read-write layer's folder (`overlay2/<mount-id>/diff`): the overlay upperdir.
    public var upperFolder: String
    /// The overlay workdir beside it (`overlay2/<mount-id>/work`), for the kernel.
    public var workFolder: String
    /// The store's staging area: a runtime leases a folder there for its mount points and
    /// converted layers, so that the next command's recovery unmounts and removes whatever a
    /// killed run left (R-S5), and leaves a running one alone.
    public var scratch: TemporaryArea
}

/// `docker commit` options.
public struct CommitOptions: Sendable {
    /// `REPOSITORY[:TAG]` for the new image.
    public var repository: String?
    /// `-a`.
    public var author: String?
    /// `-m`.
    public var message: String?
    /// `-c`: Dockerfile instructions applied to the config.
    public var changes: [String]
    /// The new image's config instead of the container's (a builder's run config after a step);
    /// `changes` still apply on top.
    public var config: ContainerConfig?
    /// The history step's `created_by` instead of the container's command line (a builder's
    /// `/bin/sh -c #(nop)  ENV A=b`).
    public var createdBy: String?
    /// Whether the new image records the container's image as its classic parent; a builder's
    /// first step `FROM scratch` has none.
    public var recordsParent = true

    public init(
        repository: String? = nil, author: String? = nil, message: String? = nil, changes: [String] = [],
        config: ContainerConfig? = nil, createdBy: String? = nil
    ) {
        self.repository = repository
        self.author = author
        self.message = message
        self.changes = changes
        self.config = config
        self.createdBy = createdBy
    }
}

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
    // MARK: Reading

    /// Every container, newest first (`docker ps -a`).
    public func containers() throws(StoreError) -> [ContainerRecord] {
        try withLock(.shared) { () throws(StoreError) in
            try readState().containers.values.map(\.record).sorted {
                $0.created.rawValue != $1.created.rawValue ? $0.created.rawValue > $1.created.rawValue : $0.id > $1.id
            }
        }
    }

    /// The container a name or ID (or unique ID prefix) means.
    /// - Throws: ``StoreError/Code/noSuchContainer`` with Docker's message.
    public func container(_ nameOrID: String) throws(StoreError) -> ContainerRecord {
        try withLock(.shared) { () throws(StoreError) in try readState().resolveContainer(nameOrID).record }
    }

    /// Runs `body` with the container's folders while holding the store lock (shared), so no
    /// `rm` or `rmi` changes them meanwhile (`diff`, `export`).
    /// - Throws: ``StoreError`` from the store, or what `body` throws.
    public func withContainerFilesystem<T>(_ nameOrID: String, _ body: (ContainerFilesystem) throws -> T) throws -> T {
        let lock = try StoreLock(path: layout.lockFile, mode: .shared)
        let state = try readState()
        let filesystem = try filesystem(of: try state.resolveContainer(nameOrID), state: state)
        let result = try body(filesystem)
        _ = consume lock
        return result
    }

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

    // MARK: Create

    /// `docker create`: a container record and an empty read-write layer on top of the image.
    ///
    /// The read-write layer's folders and mount record are written first, `config.v2.json` last:
    /// it is the commit point, and recovery removes a read-write layer without one (R-S2, R-S5).
    /// - Throws: ``StoreError/Code/noSuchImage``, ``StoreError/Code/invalidInput`` for a bad name
    ///   or no command, ``StoreError/Code/conflict`` for a name in use.
    /// - Parameter command: the command it is created for: `create`, or `run`, which goes on to
    ///   start it (and, unlike `create`, does not print its ID).
    @discardableResult
    public func createContainer(_ spec: ContainerSpec, for command: OperationKind = .create) throws(StoreError)
        -> ContainerRecord
    {
        try operation(command, arguments: (spec.name.map { ["--name", $0] } ?? []) + [spec.image] + spec.command) {
            (op) throws(StoreError) in
            var state = try readState()
            let imageID = try Self.resolve(spec.image, in: state)
            guard let image = state.images[imageID] else {
                throw StoreError(.noSuchImage, "No such image: \(spec.image)")
            }
            let config = try Self.containerConfig(image: image.config.config ?? ContainerConfig(), spec: spec)
            let program = (config.entrypoint ?? []) + (config.cmd ?? [])
            guard let path = program.first else {
                throw StoreError(.invalidInput, "No command specified")
            }
            let taken = Set(state.containers.values.map(\.record.name))
            let created = Timestamp(clock())
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
            } while state.containers[id] != nil || FileSystem.exists(layout.container(id))

            let record = ContainerRecord(
                id: id, name: name, image: imageID, imageName: spec.image, created: created, path: path,
                args: Array(program.dropFirst()), config: config, state: ContainerState(status: .created))
            let mountID = CacheID.random()
            try FileSystem.makeFolder(layout.diff(mountID))
            // The upper folder's root is the merged root `/`: world-readable, as in Docker's layers.
            chmod(layout.diff(mountID), 0o755)
            try FileSystem.makeFolder(layout.work(mountID))
            try FileSystem.makeFolder(layout.mounts)
            let mountStaging = try FileSystem.makeStagingFolder(in: layout.mounts, prefix: ".tmp-\(id.shortID)")
            try FileSystem.writeAtomically(mountID.value, to: mountStaging + "/mount-id")
            if let top = image.chain.last {
                try FileSystem.writeAtomically(top.description, to: mountStaging + "/parent")
            }
            try FileSystem.move(mountStaging, to: layout.mount(id))
            let staging = try FileSystem.makeStagingFolder(in: layout.containers, prefix: ".tmp-\(id.shortID)")
            try FileSystem.writeAtomically(try Self.encodeRecord(record), to: staging + "/config.v2.json")
            try FileSystem.move(staging, to: layout.container(id))
            state.containers[id] = StoredContainer(record: record, mountID: mountID, parent: image.chain.last)
            op.emit(.containerCreated(id: id.value, name: name, image: imageID))
            return record
        }
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

    // MARK: Running state

    /// Marks the container running in this process and returns its folders: what a runtime needs.
    /// - Throws: ``StoreError/Code/conflict`` when it already runs.
    public func startContainer(_ nameOrID: String) throws(StoreError) -> ContainerFilesystem {
        try operation(.start, arguments: [nameOrID]) { (op) throws(StoreError) in
            let state = try readState()
            var stored = try state.resolveContainer(nameOrID)
            guard !stored.record.state.isRunning else {
                throw StoreError(.conflict, "container \(stored.record.id.shortID) is already running")
            }
            stored.record.state = ContainerState(status: .running, pid: getpid(), startedAt: Timestamp(clock()))
            try FileSystem.writeAtomically(
                try Self.encodeRecord(stored.record), to: layout.containerConfig(stored.record.id))
            return try filesystem(of: stored, state: state)
        }
    }

    /// Records that the container's command ended with `exitCode`.
    public func finishContainer(_ id: ContainerID, exitCode: Int32) throws(StoreError) {
        try operation(.wait, arguments: [id.shortID]) { (op) throws(StoreError) in
            guard var stored = try readState().containers[id] else { return }
            stored.record.state.status = .exited
            stored.record.state.exitCode = exitCode
            stored.record.state.pid = 0
            stored.record.state.finishedAt = Timestamp(clock())
            try FileSystem.writeAtomically(try Self.encodeRecord(stored.record), to: layout.containerConfig(id))
            op.emit(.containerExited(id: id.value, exitCode: exitCode))
        }
    }

    // MARK: Remove

    /// `docker rm`: removes the container and its read-write layer; image layers no image or
    /// container needs any more (after an `rmi -f`) go too, as moby's layer store releases them.
    /// - Parameter force: `-f`: also a container whose command is still running here.
    /// - Returns: the removed container.
    @discardableResult
    public func removeContainer(_ nameOrID: String, force: Bool = false) throws(StoreError) -> ContainerRecord {
        try operation(.rm, arguments: [nameOrID] + (force ? ["-f"] : [])) { (op) throws(StoreError) in
            var state = try readState()
            let stored = try state.resolveContainer(nameOrID)
            let id = stored.record.id
            if stored.record.state.isRunning && !force {
                throw StoreError(
                    .conflict,
                    "cannot remove container \"/\(stored.record.name)\": container is running: stop the container "
                        + "before removing or force remove")
            }
            // The config goes first (renamed away): from then on the container does not exist (R-S2).
            let removing = layout.container(id) + "-removing"
            try FileSystem.move(layout.container(id), to: removing)
            try FileSystem.move(layout.mount(id), to: layout.mount(id) + "-removing")
            try FileSystem.remove(layout.layerData(stored.mountID))
            try FileSystem.remove(layout.mount(id) + "-removing")
            try FileSystem.remove(removing)
            state.containers[id] = nil
            op.emit(.containerRemoved(id: id.value, name: stored.record.name))
            for chainID in state.chain(from: stored.parent).reversed() {
                guard state.users(of: chainID).isEmpty, state.containerUsers(of: chainID) == 0,
                    let layer = state.layers[chainID]
                else { break }
                try deleteLayerData(chainID, state: &state)
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
        return try operation(.commit, arguments: [nameOrID] + (options.repository.map { [$0] } ?? [])) {
            (op) throws(StoreError) in
            var state = try readState()
            let stored = try state.resolveContainer(nameOrID)
            let container = stored.record
            guard let image = state.images[container.image] else {
                throw StoreError(.noSuchImage, "No such image: \(container.image)")
            }
            let filesystem = try filesystem(of: stored, state: state)
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
                let staging = try FileSystem.makeStagingFolder(in: layout.temporary, prefix: "commit")
                defer { try? FileSystem.remove(staging) }
                let tarPath = staging + "/layer.tar"
                let layer: LayerRecord
                do {
                    try writeLayer(filesystem, tarPath)
                    layer = try registerLayer(
                        from: try FileSource(path: tarPath), parent: filesystem.layers.last, state: &state, op: op)
                } catch let error as StoreError {
                    throw error
                } catch {
                    throw StoreError(.io, "cannot write the layer of container \(container.id.shortID): \(error)")
                }
                diffIDs.append(layer.diffID)
            }
            let created = Timestamp(clock())
            var newConfig = image.config
            newConfig.created = created
            newConfig.author = options.author
            newConfig.comment = options.message
            newConfig.config = config
            newConfig.container = container.id.value
            newConfig.rootfs.diffIDs = diffIDs
            newConfig.history =
                (image.config.history ?? []) + [
                    History(
                        created: created, createdBy: options.createdBy ?? container.commandLine, author: options.author,
                        comment: options.message, emptyLayer: isEmpty)
                ]
            let id = try createImage(newConfig, parent: options.recordsParent ? image.id : nil, state: &state, op: op)
            if let reference { try addTag(reference, to: id, state: &state, op: op) }
            return id
        }
    }

    // MARK: Recovery

    /// Cleans half-created and half-removed containers (R-S5): staging folders, `-removing`
    /// folders, containers without `config.v2.json`, mount records without a container, and
    /// marks containers whose process is gone as exited (255, as Docker does after a crash).
    func recoverContainers() throws(StoreError) {
        for name in FileSystem.list(layout.containers) {
            let path = layout.containers + "/" + name
            guard let id = ContainerID(validating: name), FileSystem.exists(layout.containerConfig(id)),
                FileSystem.exists(layout.mount(id) + "/mount-id")
            else {
                try FileSystem.remove(path)
                continue
            }
        }
        for name in FileSystem.list(layout.mounts) {
            let path = layout.mounts + "/" + name
            guard let id = ContainerID(validating: name), FileSystem.exists(layout.containerConfig(id)) else {
                if let mountID = CacheID(validating: (try? FileSystem.readText(path + "/mount-id")) ?? "") {
                    try FileSystem.remove(layout.layerData(mountID))
                }
                try FileSystem.remove(path)
                continue
            }
        }
        for (id, stored) in try StoreState.readContainers(layout: layout) where stored.record.state.isRunning {
            let pid = stored.record.state.pid
            if pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) { continue }
            var record = stored.record
            record.state.status = .exited
            record.state.exitCode = 255
            record.state.pid = 0
            record.state.finishedAt = Timestamp(clock())
            try FileSystem.writeAtomically(try Self.encodeRecord(record), to: layout.containerConfig(id))
        }
    }
}

extension ImageStore {
    /// Unmounts (lazily) every mount point under `folder`, deepest first: the merged folder of an
    /// `overlay` run that was killed, which must never be removed while mounted.
    static func unmountLeftovers(under folder: String) {
        #if os(Linux)
            guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return }
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
