import Foundation
import Lessons
import Trace

/// A line in the page's language under a command whose own output leaves a learner stuck:
/// Docker's messages are in English and say what failed, not what to do next.
struct CommandAdvice {
    let words: Words
    /// The level's registry (`$REGISTRY`), if it has one.
    let registry: String?
    /// The names of the containers there are now.
    let containers: Set<String>
    /// The level's folders that hold a Dockerfile (`site`), for a build of the wrong folder.
    var buildFolders: [String] = []
    /// The repositories the store's images are named in, as typed (`tour/busybox`).
    var repositories: Set<String> = []
    /// The commands there are (layerlab's and the playground's own), for a misspelt one.
    var commands: [String] = []

    /// The advice for the command `words` (after `layerlab`), which exited with `status` and
    /// printed `output`; `traced` says whether it reached the engine.
    func advice(_ command: [String], status: Int32, output: String, traced: Bool) -> String? {
        guard status != 0, let name = command.first else { return nil }
        // A build whose FROM image is gone from the store looks for it on Docker Hub, out of reach.
        if name == "build", output.contains("registry-1.docker.io") { return words.baseImageGone }
        // A name without a registry is Docker Hub's, which a level cannot reach: its registry is local.
        if let registry, ["push", "pull", "search"].contains(name), output.contains("registry-1.docker.io") {
            return words.hubUnreachable(registry)
        }
        // A pull without a tag asks for :latest, which a level's repositories do not have.
        if name == "pull", output.contains("manifest unknown"), let image = command.dropFirst().last,
            !image.contains("@"), !(image.split(separator: "/").last?.contains(":") ?? true)
        {
            return words.noLatest(image)
        }
        // A repository named without its tag means :latest, which the store's repository may not have.
        let lines = output.split(separator: "\n")
        if let image = command.dropFirst().first(where: { name in
            repositories.contains(name)
                && lines.contains {
                    $0.hasSuffix("No such image: \(name)") || $0.hasSuffix("No such image: \(name):latest")
                }
        }) {
            return words.noLatest(image)
        }
        // The registry wants a login: Docker's words are English, and the learner may not read them.
        if ["push", "pull", "search"].contains(name), output.contains("unauthorized: authentication required") {
            return words.loginFirst
        }
        // busybox has no CMD: Docker says only that no command was given.
        if ["run", "create"].contains(name), output.contains("No command specified") { return words.noCommand }
        // Docker would pull an image it does not have; layerlab's run does not, and there is no Docker Hub.
        if ["run", "create"].contains(name), output.contains("No such image: ") { return words.runsLocalImagesOnly }
        // The playground has no terminal to type a password into.
        if name == "login", output.contains("non TTY") { return words.loginNeedsFlags }
        // `rmi` of a container's name: Docker says only that there is no such image.
        if name == "rmi",
            let container = command.dropFirst().first(where: {
                containers.contains($0) && output.contains("No such image: \($0)")
            })
        {
            return words.containerNotImage(container)
        }
        // Docker's words for a running container in the way are English, and name no command.
        if name == "rm", output.contains("container is running: stop the container before removing"),
            let container = command.dropFirst().last(where: { !$0.hasPrefix("-") })
        {
            return words.stopBeforeRemoving(container)
        }
        // `build .` where the level's Dockerfile is in a folder: Docker says only that there is none.
        if name == "build", output.contains("Dockerfile"), output.contains("no such file or directory"),
            !buildFolders.isEmpty
        {
            return words.noDockerfileHere(buildFolders)
        }
        // Docker lists the characters a name may use, which reads as if a one-letter name were fine:
        // it must have two at least.
        if ["run", "create"].contains(name), let refused = Self.refusedContainerName(in: output) {
            return words.badContainerName(refused)
        }
        guard !traced else { return nil }
        if output.contains("'\(name)' is not a layerlab command") {
            return words.notACommand(name, nearest: NearestWord.nearest(to: name, among: commands))
        }
        guard output.contains("See 'layerlab \(name)") else { return nil }
        return Self.unknownOption(in: output).map { words.unknownOption($0, of: name) }
            ?? words.refusedBeforeRunning(name)
    }

    /// The option in the parser's "unknown flag: --format" or "unknown shorthand flag: 'd' in -d".
    private static func unknownOption(in output: String) -> String? {
        for line in output.split(separator: "\n") {
            if let range = line.range(of: "unknown flag: ") { return String(line[range.upperBound...]) }
            if line.contains("unknown shorthand flag: "), let range = line.range(of: " in ", options: .backwards) {
                return String(line[range.upperBound...])
            }
        }
        return nil
    }

    /// The name in Docker's "Invalid container name (NAME), only … are allowed".
    private static func refusedContainerName(in output: String) -> String? {
        let opening = "Invalid container name ("
        guard let start = output.range(of: opening)?.upperBound,
            let end = output[start...].range(of: "), only ")?.lowerBound
        else { return nil }
        return String(output[start..<end])
    }
}
