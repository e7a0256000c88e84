import Dockerfile
import Foundation
import OCI
import Runtime
import Store
import Trace

/// RUN: the command runs in a container of the stage's image, through the build's runtime, and
/// the container's layer becomes the step's image. The build's ARGs are in the command's
/// environment but not in the image's config; the history line shows them as `|N K=V`, which
/// is also why a changed build arg misses the cache.
struct RunStep {
    let build: DockerfileBuild
    let instruction: RunInstruction

    func execute(_ state: inout StageState, op: TraceOperation) throws {
        let options = build.options
        guard instruction.commandLine.files.isEmpty || instruction.commandLine.prependShell else {
            throw BuildError(.unsupported, "RUN with heredoc files in exec form", at: instruction.location)
        }
        let program = self.program(shell: state.shell)
        let arguments = state.runArguments
        let prefix = arguments.isEmpty ? [] : ["|\(arguments.count)"] + arguments
        let createdBy =
            options.builder == .classic
            ? (prefix + program).joined(separator: " ")
            : "RUN " + (prefix + program).joined(separator: " ") + " # buildkit"
        if try build.cached(&state, createdBy: createdBy, config: state.runConfig, op: op) != nil { return }
        let container = try build.store.containers.create(
            ContainerSpec(image: state.image.description, command: program, environment: arguments, entrypoint: []))
        let exitCode: Int32
        do {
            exitCode = try build.store.containers.start(container.id.value, runtime: options.runtime, io: options.io)
        } catch {
            if options.forceRemove { _ = try? build.store.containers.remove(container.id.value) }
            throw error
        }
        guard exitCode == 0 else {
            if options.forceRemove { try build.store.containers.remove(container.id.value) }
            var error = BuildError(
                .commandFailed,
                "The command '\(program.joined(separator: " "))' returned a non-zero code: \(exitCode)")
            error.exitStatus = Int32(exitCode)
            throw error
        }
        try build.finishStep(
            &state, container: container.id.value, createdBy: createdBy, config: state.runConfig, op: op)
    }

    /// The command: exec form as written; shell form behind the shell, with heredocs (`RUN <<EOF`)
    /// given to the shell as its script, as BuildKit does for a heredoc that is the whole command.
    private func program(shell: [String]) -> [String] {
        let line = instruction.commandLine
        guard line.prependShell else { return line.arguments }
        guard let script = line.files.first else { return shell + line.arguments }
        let body = script.chomp ? Self.removingLeadingTabs(script.data) : script.data
        return shell + [body]
    }

    private static func removingLeadingTabs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.drop { $0 == "\t" }) }.joined(separator: "\n")
    }
}
