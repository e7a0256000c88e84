import ArgumentParser

// Docker's management commands (`docker image ls`, `docker container rm`) are the classic ones
// (`docker images`, `docker rm`) under a group and another name. Here too: the same command type
// runs, with its options and help; only the name it is called by differs.

/// The name, and the other names, a command has under a management group.
protocol ManagementName {
    static var name: String { get }
    static var aliases: [String] { get }
}

/// `Command` called by `Name`'s name.
struct Renamed<Command: ParsableCommand, Name: ManagementName>: ParsableCommand {
    static var configuration: CommandConfiguration { Command.configuration.renamed(Name.self) }

    @OptionGroup var command: Command

    mutating func run() throws { try command.run() }
}

/// An async `Command` called by `Name`'s name.
struct RenamedAsync<Command: AsyncParsableCommand, Name: ManagementName>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { Command.configuration.renamed(Name.self) }

    @OptionGroup var command: Command

    mutating func run() async throws { try await command.run() }
}

extension CommandConfiguration {
    fileprivate func renamed(_ name: (some ManagementName).Type) -> CommandConfiguration {
        var configuration = self
        configuration.commandName = name.name
        configuration.aliases = name.aliases
        return configuration
    }
}

/// The names Docker gives them; `ls` and `rm` have Docker's aliases too.
enum ManagementNames {
    enum List: ManagementName {
        static let name = "ls"
        static let aliases = ["list"]
    }
    enum Remove: ManagementName {
        static let name = "rm"
        static let aliases = ["remove"]
    }
    /// The command's own name (`history`), which the wrapper would otherwise lose for its own type name.
    enum Same<Command: ParsableCommand>: ManagementName {
        static var name: String { Command._commandName }
        static var aliases: [String] { [] }
    }
}
