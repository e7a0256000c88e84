/// Instructions that set something in the image or the build: FROM, ENV, LABEL, ARG, EXPOSE, VOLUME, USER,
/// WORKDIR, STOPSIGNAL, MAINTAINER and ONBUILD.
extension InstructionParser {
    func parseFrom() throws(DockerfileError) -> FromInstruction {
        var stageName: String?
        if arguments.count == 3 && arguments[1].lowercased() == "as" {
            let name = arguments[2].lowercased()
            guard Self.isValidStageName(name) else {
                throw argumentFailure(
                    "invalid name for build stage: \(GoQuote.quote(arguments[2])), "
                        + "name can't start with a number or contain symbols")
            }
            stageName = name
        } else if arguments.count != 1 {
            throw failure("FROM requires either one or three arguments")
        }
        let flags = try flags(accepting: ["platform": .string])
        return FromInstruction(
            source: source, baseName: arguments[0], stageName: stageName, platform: flags.string("platform"))
    }

    /// `^[a-z][a-z0-9-_.]*$`, checked after lowercasing.
    static func isValidStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || $0.isASCIIDigit || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    func parseEnv() throws(DockerfileError) -> EnvInstruction {
        _ = try flags()
        return EnvInstruction(source: source, pairs: try keyValuePairs("ENV"))
    }

    func parseLabel() throws(DockerfileError) -> LabelInstruction {
        _ = try flags()
        return LabelInstruction(source: source, pairs: try keyValuePairs("LABEL"))
    }

    /// The parser left name, value and separator triples.
    private func keyValuePairs(_ instruction: String) throws(DockerfileError) -> [KeyValuePair] {
        try requireArguments(instruction)
        guard arguments.count % 3 == 0 else { throw failure("Bad input to \(instruction), too many arguments") }
        var pairs: [KeyValuePair] = []
        for start in stride(from: 0, to: arguments.count, by: 3) {
            if arguments[start].isEmpty { throw failure("\(instruction) names can not be blank") }
            pairs.append(
                KeyValuePair(
                    key: arguments[start], value: arguments[start + 1], hasDelimiter: !arguments[start + 2].isEmpty))
        }
        return pairs
    }

    /// ARG accepts flags without looking at them, as BuildKit does.
    func parseArg() throws(DockerfileError) -> ArgInstruction {
        try requireArguments("ARG")
        var definitions: [ArgDefinition] = []
        for argument in arguments {
            var definition = ArgDefinition(key: argument)
            if let equals = argument.firstIndex(of: "=") {
                definition.key = String(argument[..<equals])
                definition.value = String(argument[argument.index(after: equals)...])
                if definition.key.isEmpty { throw failure("ARG names can not be blank") }
            }
            definition.documentation = documentation(for: definition.key)
            definitions.append(definition)
        }
        return ArgInstruction(source: source, arguments: definitions)
    }

    /// BuildKit's `getDocComment`: a comment line starting with the name and a space documents it.
    private func documentation(for name: String) -> String? {
        if name.isEmpty { return nil }
        for comment in node.comments where comment.hasPrefix(name + " ") {
            return String(comment.dropFirst(name.count + 1))
        }
        return nil
    }

    func parseExpose() throws(DockerfileError) -> ExposeInstruction {
        try requireArguments("EXPOSE")
        _ = try flags()
        // Go sorts strings by bytes.
        let ports = arguments.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return ExposeInstruction(source: source, ports: ports)
    }

    func parseVolume() throws(DockerfileError) -> VolumeInstruction {
        try requireArguments("VOLUME")
        _ = try flags()
        var volumes: [String] = []
        for argument in arguments {
            let volume = String(argument.unicodeScalars.trimmingGoSpace())
            if volume.isEmpty { throw failure("VOLUME specified can not be an empty string") }
            volumes.append(volume)
        }
        return VolumeInstruction(source: source, volumes: volumes)
    }

    func parseUser() throws(DockerfileError) -> UserInstruction {
        try requireExactlyOneArgument("USER")
        _ = try flags()
        return UserInstruction(source: source, user: arguments[0])
    }

    func parseWorkdir() throws(DockerfileError) -> WorkdirInstruction {
        try requireExactlyOneArgument("WORKDIR")
        _ = try flags()
        return WorkdirInstruction(source: source, path: arguments[0])
    }

    /// STOPSIGNAL accepts flags without looking at them, as BuildKit does.
    func parseStopSignal() throws(DockerfileError) -> StopSignalInstruction {
        try requireExactlyOneArgument("STOPSIGNAL")
        return StopSignalInstruction(source: source, signal: arguments[0])
    }

    func parseMaintainer() throws(DockerfileError) -> MaintainerInstruction {
        try requireExactlyOneArgument("MAINTAINER")
        _ = try flags()
        return MaintainerInstruction(source: source, maintainer: arguments[0])
    }

    func parseOnbuild() throws(DockerfileError) -> OnbuildInstruction {
        try requireArguments("ONBUILD")
        _ = try flags()
        let trigger = String(arguments[0].unicodeScalars.trimmingGoSpace()).uppercased()
        switch trigger {
        case "ONBUILD": throw failure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
        case "MAINTAINER", "FROM": throw failure("\(trigger) isn't allowed as an ONBUILD trigger")
        default: break
        }
        var expression = Self.droppingOnbuildKeyword(node.original)
        for heredoc in node.heredocs {
            expression += "\n" + heredoc.content + heredoc.name
        }
        return OnbuildInstruction(source: source, expression: expression)
    }

    /// The regular expression `(?i)^\s*ONBUILD\s*` removed from the line.
    private static func droppingOnbuildKeyword(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index].isRegexSpace { index += 1 }
        let keyword = Array("ONBUILD".unicodeScalars)
        guard index + keyword.count <= scalars.count,
            String(scalars: scalars[index..<index + keyword.count]).uppercased() == "ONBUILD"
        else { return line }
        index += keyword.count
        while index < scalars.count, scalars[index].isRegexSpace { index += 1 }
        return String(scalars: scalars[index...])
    }
}
