import Hummingbird
import Render

/// What the page shows after each line: the terminal's answer, the narration, the pictures and
/// the level's goal. Every picture and sentence comes from the trace's events.
public struct PlaygroundReply: ResponseEncodable, Sendable {
    public internal(set) var level: LevelInfo
    /// The command line as it ran (variables filled in), when it was a layerlab command.
    public internal(set) var ran: String?
    /// What the command printed, or the playground's own answer.
    public internal(set) var output: String
    /// The output is the playground's own prose (a hint), with `code` marked as lessons mark it.
    public internal(set) var prose = false
    public internal(set) var status: Int32
    /// What the command changed, in one plain sentence (``CommandGist``), when it has a gist: the
    /// page shows it first and folds the narration's steps under it.
    public internal(set) var gist: String?
    public internal(set) var narration: [NarrationLine]
    /// The store's layer graph as SVG, drawn without its title and key.
    public internal(set) var store: String
    /// The title and key of `store`, which the page sets as text.
    public internal(set) var storeHeading: DiagramHeading?
    /// The diagram of what the last command did (rmi, transfer, build, union), if it has one.
    public internal(set) var lastDiagram: Diagram?
    /// What the level's registry holds, as SVG, when the level has one.
    public internal(set) var registry: String?
    public internal(set) var goal: [GoalLine]
    public internal(set) var solved: Bool
    /// The learner's commands in this level so far, each line typed, as `undo` and a replay count them.
    public internal(set) var commands: Int
    /// The commands that count against the reference solution: all but those that failed without
    /// doing anything (refused by their parser, or naming nothing there is), up to the one that
    /// solved the level.
    public internal(set) var counted: Int
    public internal(set) var reference: Int?
    /// For each node of the store's graph (by its SVG title): what hovering over it shows.
    public internal(set) var details: [String: String]
    /// For each ID the terminal may print (its first 12 hex digits), the node it stands for.
    public internal(set) var aliases: [String: String]
}

public struct LevelInfo: Codable, Sendable, Equatable {
    /// The lesson's id, or `sandbox`.
    public internal(set) var id: String
    public internal(set) var title: String
    /// The embedded registry's address (`$REGISTRY`), when the level has one.
    public internal(set) var registry: String?
    /// What the level asks, as the lesson words it (Markdown: `code` and **bold**); "" in the sandbox.
    public internal(set) var task: String
    /// The files the level starts with, which `ls` lists and `cat` shows.
    public internal(set) var files: [String]
}

public struct NarrationLine: Codable, Sendable {
    public internal(set) var kind: String
    public internal(set) var text: String

    init(_ narration: Narration) {
        kind = "\(narration.kind)"
        text = narration.text
    }
}

/// The level's counted commands, each with what it printed and its narration: the terminal again,
/// in another language.
public struct Transcript: ResponseEncodable, Sendable {
    public internal(set) var level: String
    public internal(set) var entries: [TranscriptEntry]
}

public struct TranscriptEntry: Codable, Sendable {
    public internal(set) var ran: String
    public internal(set) var output: String
    public internal(set) var status: Int32
    public internal(set) var gist: String?
    public internal(set) var narration: [NarrationLine]
}

public struct Diagram: Codable, Sendable {
    public internal(set) var kind: String
    public internal(set) var svg: String
}

public struct GoalLine: Codable, Sendable {
    public internal(set) var text: String
    public internal(set) var holds: Bool
}

/// One level in the list.
struct LevelSummary: Codable, Sendable {
    var id: String
    var title: String
    var reference: Int
}

struct LevelList: ResponseEncodable, Sendable {
    var levels: [LevelSummary]
}

/// The goal drawn: the store as the reference solution leaves it.
struct GoalPicture: ResponseEncodable, Sendable {
    var level: String
    /// Drawn without its title and key, as the store's picture is.
    var svg: String
    var heading: DiagramHeading
}
