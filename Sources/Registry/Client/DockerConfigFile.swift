import Foundation

/// Docker's client config, `~/.docker/config.json` (or `$DOCKER_CONFIG/config.json`): the
/// `auths` section that `docker login` writes, read and written the way Docker does, so that
/// credentials saved by either tool work for both.
///
/// Only `auths` is touched: every other key of the file (credential helpers, proxies, aliases)
/// is kept as it was. The file is written atomically with mode 0600.
public struct DockerConfigFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    public static func `default`(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DockerConfigFile
    {
        let folder = environment["DOCKER_CONFIG"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.docker")
        return DockerConfigFile(path: folder + "/config.json")
    }

    /// The key `auths` uses for a registry: Docker Hub's historical URL for `docker.io`, the
    /// host (and port) for every other registry.
    public static func key(for registry: String) -> String {
        registry == "docker.io" || registry == "registry-1.docker.io" || registry == "index.docker.io"
            ? "https://index.docker.io/v1/" : registry
    }

    /// The credentials saved for `registry`, if any (`auth` is base64 of `user:password`).
    /// - Throws: ``RegistryError/Code/invalidResponse`` when the file is not valid JSON.
    public func credentials(for registry: String) throws -> RegistryClient.Credentials? {
        let auths = try read()["auths"] as? [String: Any] ?? [:]
        let key = Self.key(for: registry)
        let entry =
            auths[key] as? [String: Any] ?? auths["https://\(key)"] as? [String: Any]
            ?? auths["http://\(key)"] as? [String: Any]
        guard let encoded = entry?["auth"] as? String, let data = Data(base64Encoded: encoded),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return RegistryClient.Credentials(
            user: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    /// Saves `credentials` for `registry`, replacing what was there.
    /// - Throws: ``RegistryError/Code/io`` when the file cannot be written.
    public func store(_ credentials: RegistryClient.Credentials, for registry: String) throws {
        var document = try read()
        var auths = document["auths"] as? [String: Any] ?? [:]
        let auth = Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()
        auths[Self.key(for: registry)] = ["auth": auth]
        document["auths"] = auths
        try write(document)
    }

    /// Removes the credentials for `registry`.
    /// - Returns: whether there were any.
    /// - Throws: ``RegistryError/Code/io`` when the file cannot be written.
    @discardableResult
    public func remove(for registry: String) throws -> Bool {
        var document = try read()
        var auths = document["auths"] as? [String: Any] ?? [:]
        guard auths.removeValue(forKey: Self.key(for: registry)) != nil else { return false }
        document["auths"] = auths
        try write(document)
        return true
    }

    private func read() throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [:] }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RegistryError(.invalidResponse, "\(path) is not a JSON object: fix or remove it")
        }
        return document
    }

    private func write(_ document: [String: Any]) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let staging = path + ".tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            guard
                FileManager.default.createFile(atPath: staging, contents: data, attributes: [.posixPermissions: 0o600])
            else { throw RegistryError(.io, "cannot write \(staging)") }
            guard rename(staging, path) == 0 else { throw RegistryError(.io, "cannot replace \(path)") }
        } catch let error as RegistryError {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw RegistryError(.io, "cannot write \(path): \(error)", cause: error)
        }
    }
}
