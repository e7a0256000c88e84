/// ADD and COPY.
extension InstructionParser {
    func parseAdd() throws(DockerfileError) -> AddInstruction {
        try requireSourceAndDestination("ADD")
        let flags = try flags(accepting: [
            "chown": .string, "chmod": .string, "link": .bool, "keep-git-dir": .bool, "checksum": .string,
            "unpack": .bool, "exclude": .strings,
        ])
        return AddInstruction(
            source: source, sources: try sourcesAndDestination("ADD"), chown: flags.string("chown"),
            chmod: flags.string("chmod"), link: flags.bool("link"),
            keepGitDirectory: flags.isUsed("keep-git-dir") ? flags.bool("keep-git-dir") : nil,
            checksum: flags.string("checksum"), unpack: flags.isUsed("unpack") ? flags.bool("unpack") : nil,
            excludes: flags.list("exclude"))
    }

    func parseCopy() throws(DockerfileError) -> CopyInstruction {
        try requireSourceAndDestination("COPY")
        let flags = try flags(accepting: [
            "chown": .string, "from": .string, "chmod": .string, "link": .bool, "exclude": .strings,
            "parents": .bool,
        ])
        return CopyInstruction(
            source: source, sources: try sourcesAndDestination("COPY"), from: flags.string("from"),
            chown: flags.string("chown"), chmod: flags.string("chmod"), link: flags.bool("link"),
            parents: flags.bool("parents"), excludes: flags.list("exclude"))
    }

    private func requireSourceAndDestination(_ instruction: String) throws(DockerfileError) {
        if arguments.count < 2 {
            throw failure(
                "\(instruction) requires at least two arguments, but only one was provided. "
                    + "Destination could not be determined")
        }
    }

    /// The last argument is the destination; a source written as a heredoc word takes the heredoc's content.
    private func sourcesAndDestination(_ instruction: String) throws(DockerfileError) -> SourcesAndDestination {
        guard let destination = arguments.last else { return SourcesAndDestination(sourcePaths: [], destination: "") }
        if Self.heredoc(destination) != nil {
            throw argumentFailure("\(instruction) cannot accept a heredoc as a destination")
        }
        var contents: [String: String] = [:]
        for heredoc in node.heredocs { contents[heredoc.name] = heredoc.content }
        var paths: [String] = []
        var inline: [InlineSource] = []
        for argument in arguments.dropLast() {
            guard let heredoc = Self.heredoc(argument) else {
                paths.append(argument)
                continue
            }
            let content = contents[heredoc.name] ?? ""
            inline.append(
                InlineSource(
                    path: heredoc.name, data: heredoc.chomp ? HeredocParser.chomp(content) : content,
                    expand: heredoc.expand))
        }
        return SourcesAndDestination(sourcePaths: paths, sourceContents: inline, destination: destination)
    }

    /// BuildKit's `MustParseHeredoc`: the heredoc a word opens, errors counting as none.
    private static func heredoc(_ word: String) -> Heredoc? {
        (try? HeredocParser.heredoc(word)) ?? nil
    }
}
