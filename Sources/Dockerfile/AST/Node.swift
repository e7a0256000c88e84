/// One instruction of a Dockerfile as BuildKit's parser sees it, before any meaning is given to its arguments.
///
/// BuildKit chains a node's arguments as a linked list of `Next` nodes; here they are the `next` array. The root
/// node has an empty `value` and holds the instructions in `children`; an `ONBUILD` node holds its trigger
/// instruction in `children` (BuildKit keeps it on a child of its first `Next` node, which dumps the same way).
public struct Node: Sendable, Hashable {
    /// The instruction keyword as written (`RUN`, `run`); `dump()` lowercases it. Empty for the root.
    public var value: String
    /// The arguments after the line parser for this instruction has split them.
    public var next: [String]
    /// The instructions of the root, or the trigger instruction of an `ONBUILD`.
    public var children: [Node]
    /// `["json": true]` when the arguments were written in exec (JSON array) form.
    public var attributes: [String: Bool]
    /// The instruction's logical line: physical lines joined, continuation escapes and comment lines removed.
    public var original: String
    /// Builder flags such as `--from=builder`, quotes and escapes removed, in the order written.
    public var flags: [String]
    public var startLine: Int
    public var endLine: Int
    /// Here-documents (`<<EOF`) of `RUN`, `COPY` and `ADD`, with the lines that follow the instruction.
    public var heredocs: [Heredoc]
    /// The comment lines directly above the instruction, `#` and surrounding space removed.
    public var comments: [String]
    /// Where the keyword starts.
    public var position: SourcePosition
    /// Where the arguments after the flags start.
    public var argumentsPosition: SourcePosition
    /// Where each flag of `flags` starts.
    public var flagPositions: [SourcePosition]

    public init(
        value: String = "",
        next: [String] = [],
        children: [Node] = [],
        attributes: [String: Bool] = [:],
        original: String = "",
        flags: [String] = [],
        startLine: Int = 0,
        endLine: Int = 0,
        heredocs: [Heredoc] = [],
        comments: [String] = [],
        position: SourcePosition = SourcePosition(line: 0, column: 0),
        argumentsPosition: SourcePosition = SourcePosition(line: 0, column: 0),
        flagPositions: [SourcePosition] = []
    ) {
        self.value = value
        self.next = next
        self.children = children
        self.attributes = attributes
        self.original = original
        self.flags = flags
        self.startLine = startLine
        self.endLine = endLine
        self.heredocs = heredocs
        self.comments = comments
        self.position = position
        self.argumentsPosition = argumentsPosition
        self.flagPositions = flagPositions
    }

    /// Whether the arguments were written as a JSON array (exec form) rather than shell form.
    public var isJSON: Bool { attributes["json"] == true }

    /// Whether this is the root, whose children are lines rather than a nested instruction.
    var isRoot: Bool { value.isEmpty }
}

/// A here-document: the lines after an instruction up to a terminator word, used as a file or a script.
public struct Heredoc: Sendable, Hashable {
    /// The terminator word with quotes removed, e.g. `EOF` for `<<'EOF'`.
    public var name: String
    /// The file descriptor written before `<<`, e.g. 3 for `3<<EOF`; 0 when none.
    public var fileDescriptor: UInt
    /// Whether variables in the content are expanded: false when any part of the terminator was quoted.
    public var expand: Bool
    /// Whether `<<-` asked for leading tabs to be removed from the content and the terminator.
    public var chomp: Bool
    /// The lines between the instruction and the terminator, each with its newline.
    public var content: String

    public init(name: String, fileDescriptor: UInt = 0, expand: Bool, chomp: Bool = false, content: String = "") {
        self.name = name
        self.fileDescriptor = fileDescriptor
        self.expand = expand
        self.chomp = chomp
        self.content = content
    }
}
