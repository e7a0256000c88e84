import Hummingbird

/// What the page shows after each line: the terminal's answer, the narration, the pictures and
/// the level's goal. Every picture and sentence comes from the trace's events.
struct PlaygroundReply: ResponseEncodable, Sendable {
    var level: LevelInfo
    /// The command line as it ran (variables filled in), when it was a layerlab command.
    var ran: String?
    /// What the command printed, or the playground's own answer.
    var output: String
    var status: Int32
    var narration: [NarrationLine]
    /// The store's layer graph as SVG.
    var store: String
    /// The diagram of what the last command did (rmi, transfer, build, union), if it has one.
    var lastDiagram: Diagram?
    var goal: [GoalLine]
    var solved: Bool
    /// The learner's commands in this level so far, and the reference solution's count.
    var commands: Int
    var reference: Int?
    /// For each node of the store's graph (by its SVG title): what hovering over it shows.
    var details: [String: String]
}

struct LevelInfo: Codable, Sendable, Equatable {
    /// The lesson's id, or `sandbox`.
    var id: String
    var title: String
    /// The embedded registry's address (`$REGISTRY`), when the level has one.
    var registry: String?
}

struct NarrationLine: Codable, Sendable {
    var kind: String
    var text: String
}

struct Diagram: Codable, Sendable {
    var kind: String
    var svg: String
}

struct GoalLine: Codable, Sendable {
    var text: String
    var holds: Bool
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
    var svg: String
}
