import ArgumentParser

/// The `layerlab` command: subcommands in the order the course teaches them.
public struct Layerlab: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "layerlab",
        abstract: "Learn and see how container images really work.",
        discussion: HelpText.unwrapped(
            """
            A real image store laid out like Docker's, with Docker's commands. Every command takes
            --trace FILE to record what the engine did, and `layerlab trace show FILE` replays it.

            New here? `layerlab lesson run` walks through the course's chapters with real commands.

            Example: layerlab import rootfs.tar demo:v1 && layerlab images && layerlab history demo:v1
            """),
        subcommands: [
            Search.self, Pull.self, Images.self, Import.self, Tag.self, Rmi.self, History.self, Inspect.self,
            Push.self, Login.self, Logout.self, Save.self, Load.self, ImageCommand.self, SystemCommand.self,
            GraphCommand.self, Analyze.self, Fsck.self,
            Create.self, Run.self, Start.self, Stop.self, Kill.self, Wait.self, Ps.self, Logs.self, Rm.self, Diff.self,
            Commit.self, Export.self,
            ContainerCommand.self, Build.self,
            DockerfileCommand.self,
            RegistryCommand.self, RenderCommand.self, Explain.self, TraceCommand.self, LessonCommand.self,
            PlaygroundCommand.self, ContainerShim.self,
        ]
    )

    public init() {}
}
