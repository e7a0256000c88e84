/// A Dockerfile after BuildKit's first pass: its instructions as nodes, and what the parser directives set.
public struct ParsedDockerfile: Sendable, Hashable {
    /// The file name errors and locations are reported against.
    public var file: String
    /// The root node; its `children` are the instructions in order.
    public var root: Node
    /// The escape token: `\` unless a `# escape=` directive chose the backtick.
    public var escapeToken: Character
    /// The value of a `# syntax=` directive, if the file starts with one.
    public var syntax: String?
    /// The value of a `# check=` directive, if the file starts with one.
    public var check: String?
    /// Things BuildKit accepts but warns about, such as empty continuation lines.
    public var warnings: [ParserWarning]

    public init(
        file: String,
        root: Node,
        escapeToken: Character = "\\",
        syntax: String? = nil,
        check: String? = nil,
        warnings: [ParserWarning] = []
    ) {
        self.file = file
        self.root = root
        self.escapeToken = escapeToken
        self.syntax = syntax
        self.check = check
        self.warnings = warnings
    }

    /// The instructions' nodes in order (the root's children); `BuildPlan` gives them meaning.
    public var nodes: [Node] { root.children }

    /// The whole file as BuildKit's `Dump()` prints it, without the final newline.
    public func dump() -> String { root.dump() }
}

/// A problem the parser tolerates today but that BuildKit reports, with the line it was found on.
public struct ParserWarning: Sendable, Hashable {
    public var short: String
    public var detail: String
    public var url: String
    public var line: Int

    public init(short: String, detail: String, url: String, line: Int) {
        self.short = short
        self.detail = detail
        self.url = url
        self.line = line
    }
}
