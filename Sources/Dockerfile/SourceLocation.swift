/// A point in a Dockerfile: 1-based line and column (columns count Unicode scalars), as editors show them.
public struct SourcePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Where an instruction sits in its Dockerfile: the lines it spans (continuations and heredocs included) and the
/// column its keyword starts at, so that build errors can point at it.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var startLine: Int
    public var endLine: Int
    public var column: Int

    public init(file: String, startLine: Int, endLine: Int, column: Int = 1) {
        self.file = file
        self.startLine = startLine
        self.endLine = endLine
        self.column = column
    }

    /// The first line as a position, which is where errors about the whole instruction point.
    public var start: SourcePosition { SourcePosition(line: startLine, column: column) }
}

extension DockerfileError {
    /// An error at a known position of a file.
    init(file: String, at position: SourcePosition, message: String) {
        self.init(file: file, line: position.line, column: position.column, message: message)
    }
}
