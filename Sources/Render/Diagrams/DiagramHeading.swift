/// A diagram's title and the key under it. A diagram draws them inside itself; a page that shrinks
/// the picture to fit sets them as its own text instead, where they keep a readable size.
public struct DiagramHeading: Codable, Sendable, Equatable {
    public var title: String
    public var key: [KeySwatch]
}

/// One sample of a diagram's key: how a kind of box looks, and what it means.
public struct KeySwatch: Codable, Sendable, Equatable {
    public var label: String
    /// The box's fill; `nil` for a sample that is only words (an arrow's meaning).
    public var fill: String?
    public var dashed = false
    public var ink: String = Palette.ink
}
