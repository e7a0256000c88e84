import Trace

extension RmiConflict {
    /// The container `id` (the cause's), as the learner knows it: by the name they gave it, with the
    /// ID Docker's message has.
    func containerShown(_ id: String) -> String {
        containerName.map { "\($0) (\(id.prefix(12)))" } ?? String(id.prefix(12))
    }

    /// The command that removes the container in the way (`rm web`).
    var containerRemoval: String { "`rm \(containerNamed)`" }

    /// The command that stops the running container in the way (`stop web`).
    var containerStop: String { "`stop \(containerNamed)`" }

    /// The container in the way as a command names it: its name, else its short ID.
    private var containerNamed: String { containerName ?? containerID.map { String($0.prefix(12)) } ?? "" }

    private var containerID: String? {
        switch cause {
        case .usedByContainer(let id, _), .containerUsesReference(_, let id): id
        case .dependentChildren, .referencedInRepositories: nil
        }
    }
}
