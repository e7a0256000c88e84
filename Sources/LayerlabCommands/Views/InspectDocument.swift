import Foundation
import OCI
import Store

/// `docker image inspect`'s document: moby 20.10's `types.ImageInspect`, its fields in their
/// order, filled from the image's stored config as the daemon fills them.
enum InspectDocument {
    /// Go's zero time, which Docker prints for a time it does not have.
    static let zeroTime = "0001-01-01T00:00:00Z"

    static func image(_ image: ImageRecord, in store: ImageStore) throws -> GoJSON {
        let raw = (try? JSONSerialization.jsonObject(with: Data(try store.configBytes(of: image.id)))) as? [String: Any]
        let config = raw ?? [:]
        func text(_ key: String, _ fallback: String = "") -> GoJSON { .string(config[key] as? String ?? fallback) }
        var members: [(key: String, value: GoJSON)] = [
            ("Id", .string(image.id.description)),
            ("RepoTags", .array(image.references.filter { $0.tag != nil }.map { .string($0.familiarString) })),
            ("RepoDigests", .array(image.references.filter { $0.digest != nil }.map { .string($0.familiarString) })),
            ("Parent", .string(image.parent?.description ?? "")),
            ("Comment", text("comment")),
            ("Created", text("created", zeroTime)),
            ("Container", text("container")),
            // moby keeps ContainerConfig as a value (all zero when absent) and Config as a pointer.
            ("ContainerConfig", containerConfig(config["container_config"] as? [String: Any] ?? [:])),
            ("DockerVersion", text("docker_version")),
            ("Author", text("author")),
            ("Config", (config["config"] as? [String: Any]).map(containerConfig) ?? .null),
            ("Architecture", text("architecture")),
        ]
        if let variant = config["variant"] as? String, !variant.isEmpty {
            members.append(("Variant", .string(variant)))
        }
        members.append(("Os", text("os")))
        if let version = config["os.version"] as? String, !version.isEmpty {
            members.append(("OsVersion", .string(version)))
        }
        members += [
            ("Size", .number(String(image.size))),
            ("VirtualSize", .number(String(image.size))),
            ("GraphDriver", graphDriver(image, layout: store.layout)),
            (
                "RootFS",
                .object([
                    ("Type", .string("layers")),
                    ("Layers", .array(image.config.rootfs.diffIDs.map { .string($0.description) })),
                ])
            ),
            ("Metadata", .object([("LastTagTime", .string(store.lastTagTime(of: image.id)?.rawValue ?? zeroTime))])),
        ]
        return .object(members)
    }

    /// The overlay2 folders: the top layer's as the upper one, the rest, top first, as lower ones.
    static func graphDriver(_ image: ImageRecord, layout: StoreLayout) -> GoJSON {
        let diffs = image.layers.map { layout.diffFolder(of: $0) }
        var data: [(key: String, value: GoJSON)] = []
        if let upper = diffs.last {
            let folder = (upper as NSString).deletingLastPathComponent
            if diffs.count > 1 {
                data.append(("LowerDir", .string(diffs.dropLast().reversed().joined(separator: ":"))))
            }
            data += [
                ("MergedDir", .string(folder + "/merged")), ("UpperDir", .string(upper)),
                ("WorkDir", .string(folder + "/work")),
            ]
        }
        return .object([("Data", .object(data)), ("Name", .string("overlay2"))])
    }

    /// moby's `container.Config`, in its field order: a missing field is Go's zero value, and an
    /// `omitempty` one (nil in ``containerConfigFields``) appears only when it holds something.
    static func containerConfig(_ values: [String: Any]) -> GoJSON {
        .object(
            containerConfigFields.compactMap { name, zero in
                let value = values[name].map { GoJSON($0) }
                guard let zero else {
                    guard let value, !value.isEmpty else { return nil }
                    return (name, value)
                }
                return (name, value ?? zero)
            })
    }

    static let containerConfigFields: [(String, GoJSON?)] = [
        ("Hostname", .string("")), ("Domainname", .string("")), ("User", .string("")),
        ("AttachStdin", .bool(false)), ("AttachStdout", .bool(false)), ("AttachStderr", .bool(false)),
        ("ExposedPorts", nil), ("Tty", .bool(false)), ("OpenStdin", .bool(false)), ("StdinOnce", .bool(false)),
        ("Env", .null), ("Cmd", .null), ("Healthcheck", nil), ("ArgsEscaped", nil), ("Image", .string("")),
        ("Volumes", .null), ("WorkingDir", .string("")), ("Entrypoint", .null), ("NetworkDisabled", nil),
        ("MacAddress", nil), ("OnBuild", .null), ("Labels", .null), ("StopSignal", nil), ("StopTimeout", nil),
        ("Shell", nil),
    ]
}

extension GoJSON {
    /// What Go's `omitempty` leaves out: false, 0, "", null and empty lists and maps.
    var isEmpty: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .number(let text): text == "0"
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let members): members.isEmpty
        }
    }
}

extension InspectDocument {
    /// `docker container inspect`'s document: moby's `types.ContainerJSON`, its fields in their
    /// order, those layerlab has (no networks, mounts or host config: nothing runs in the background).
    static func container(_ filesystem: ContainerFilesystem, logPath: String) throws -> GoJSON {
        let record = filesystem.container
        let config =
            (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(record.config))) as? [String: Any] ?? [:]
        let state = record.state
        let folder = (filesystem.upperFolder as NSString).deletingLastPathComponent
        return .object([
            ("Id", .string(record.id.value)),
            ("Created", .string(record.created.rawValue)),
            ("Path", .string(record.path)),
            ("Args", .array(record.args.map { .string($0) })),
            (
                "State",
                .object([
                    ("Status", .string(state.status.rawValue)), ("Running", .bool(state.isRunning)),
                    ("Paused", .bool(false)), ("Restarting", .bool(false)), ("OOMKilled", .bool(false)),
                    ("Dead", .bool(false)), ("Pid", .number(String(state.pid))),
                    ("ExitCode", .number(String(state.exitCode))), ("Error", .string("")),
                    ("StartedAt", .string(state.startedAt?.rawValue ?? zeroTime)),
                    ("FinishedAt", .string(state.finishedAt?.rawValue ?? zeroTime)),
                ])
            ),
            ("Image", .string(record.image.description)),
            ("LogPath", .string(logPath)),
            ("Name", .string("/" + record.name)),
            ("RestartCount", .number("0")),
            ("Driver", .string(record.driver)),
            ("Platform", .string("linux")),
            (
                "GraphDriver",
                .object([
                    (
                        "Data",
                        .object([
                            ("LowerDir", .string(filesystem.lowerFolders.reversed().joined(separator: ":"))),
                            ("MergedDir", .string(folder + "/merged")), ("UpperDir", .string(filesystem.upperFolder)),
                            ("WorkDir", .string(filesystem.workFolder)),
                        ])
                    ),
                    ("Name", .string("overlay2")),
                ])
            ),
            ("Config", containerConfig(config)),
        ])
    }
}
