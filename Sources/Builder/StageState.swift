import OCI

/// Where a stage stands between two steps: its image so far and the run config the next step
/// starts from (moby's `dispatchState`).
struct StageState {
    /// The stage's index and `AS` name.
    var index: Int
    var name: String?
    /// The image after the last step.
    var image: Digest
    /// That image's config.
    var imageConfig: ImageConfig
    /// The config the next step sees and commits (Env, Cmd, WorkingDir, User …).
    var runConfig: ContainerConfig
    /// The ARGs declared in this stage so far, in order, with their values (`nil`: no value).
    var arguments: [(name: String, value: String?)] = []

    /// The shell of shell-form commands: `SHELL`'s, else `/bin/sh -c`.
    var shell: [String] { runConfig.shell ?? ["/bin/sh", "-c"] }

    /// The variables instructions are expanded with: declared ARGs, then ENV, which wins (as in
    /// Docker, where an ENV hides an ARG of the same name).
    var expansionEnvironment: [String: String] {
        var environment: [String: String] = [:]
        for (name, value) in arguments { if let value { environment[name] = value } }
        for variable in runConfig.env ?? [] {
            let key = String(variable.prefix { $0 != "=" })
            environment[key] = String(variable.dropFirst(key.count + 1))
        }
        return environment
    }

    /// The declared ARGs with values that ENV does not hide: what a RUN step sees as extra
    /// environment, and what its history line shows as `|N K=V`.
    var runArguments: [String] {
        let environmentKeys = Set((runConfig.env ?? []).map { String($0.prefix { $0 != "=" }) })
        return arguments.compactMap { name, value in
            guard let value, !environmentKeys.contains(name) else { return nil }
            return "\(name)=\(value)"
        }
    }

    /// Sets `key` in the run config's environment, replacing an earlier value in place.
    mutating func setEnvironment(_ key: String, _ value: String) {
        var env = runConfig.env ?? []
        if let index = env.firstIndex(where: { $0.hasPrefix(key + "=") || $0 == key }) {
            env[index] = "\(key)=\(value)"
        } else {
            env.append("\(key)=\(value)")
        }
        runConfig.env = env
    }
}
