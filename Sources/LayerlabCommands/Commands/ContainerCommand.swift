import ArgumentParser

/// `layerlab container`: Docker's management names for the container commands (`container ls`
/// is `ps`, `container rm` is `rm`, …).
struct ContainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container",
        abstract: "Manage containers.",
        subcommands: [
            Renamed<Commit, ManagementNames.Same<Commit>>.self, Renamed<Create, ManagementNames.Same<Create>>.self,
            Renamed<Diff, ManagementNames.Same<Diff>>.self, Renamed<Export, ManagementNames.Same<Export>>.self,
            Renamed<Inspect, ManagementNames.Same<Inspect>>.self, Renamed<Kill, ManagementNames.Same<Kill>>.self,
            Renamed<Logs, ManagementNames.Same<Logs>>.self,
            Renamed<Ps, ContainerList>.self,
            Renamed<Rm, ManagementNames.Remove>.self, Renamed<Run, ManagementNames.Same<Run>>.self,
            Renamed<Start, ManagementNames.Same<Start>>.self, Renamed<Stop, ManagementNames.Same<Stop>>.self,
            Renamed<Wait, ManagementNames.Same<Wait>>.self,
        ]
    )

    /// Docker's `container ls`, also `list` and `ps`.
    enum ContainerList: ManagementName {
        static let name = "ls"
        static let aliases = ["list", "ps"]
    }
}
