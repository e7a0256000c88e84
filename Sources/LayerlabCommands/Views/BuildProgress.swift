import Builder
import Foundation
import OCI
import Render
import Trace

/// Prints a build's progress from its trace events, as Docker prints it: the legacy builder's
/// `Step N/M :` lines for the classic builder, BuildKit's `#N [i/n] …` lines for the modern one.
struct BuildProgress: Sendable {
    let builder: BuilderKind
    let quiet: Bool

    func lines(for event: TraceEvent) -> [String] {
        guard !quiet else { return [] }
        return builder == .classic ? classic(event) : modern(event)
    }

    private func classic(_ event: TraceEvent) -> [String] {
        switch event {
        case .buildStarted(_, _, let size):
            return ["Sending build context to Docker daemon  \(ByteCount.docker(size))"]
        case .buildStepStarted(let step):
            return ["Step \(step.number)/\(step.total) : \(step.instruction)"]
        case .containerCreated(let id, _, _):
            return [" ---> Running in \(id.prefix(12))"]
        case .containerRemoved(let id, _):
            return ["Removing intermediate container \(id.prefix(12))"]
        case .buildStepFinished(let result):
            return (result.cache == .hit ? [" ---> Using cache"] : []) + [" ---> \(result.image.shortID)"]
        case .buildFinished(let image, let references):
            return ["Successfully built \(image.shortID)"]
                + references.map { "Successfully tagged \($0.familiarString)" }
        default:
            return []
        }
    }

    private func modern(_ event: TraceEvent) -> [String] {
        switch event {
        case .buildStarted(_, let dockerfile, let size):
            return [
                "#1 [internal] load build definition from \(dockerfile)", "#1 DONE",
                "#2 [internal] load build context", "#2 transferring context: \(ByteCount.docker(size)) done",
                "#2 DONE",
            ]
        case .buildStepStarted(let step):
            let stage = step.stageName.map { "\($0) " } ?? ""
            return ["#\(step.number + 2) [\(stage)\(step.number)/\(step.total)] \(step.instruction)"]
        case .buildStepFinished(let result):
            return ["#\(result.number + 2) \(result.cache == .hit ? "CACHED" : "DONE")"]
        case .buildFinished(let image, let references):
            return ["#0 exporting to image", "#0 writing image \(image) done"]
                + references.map { "#0 naming to \($0.description) done" } + ["#0 DONE"]
        default:
            return []
        }
    }
}
