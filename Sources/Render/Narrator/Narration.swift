/// One line of a narration, with what kind of line it is so a view can style it.
public struct Narration: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A command begins.
        case heading
        /// Something the engine did.
        case step
        /// Something Docker refused, and why.
        case refusal
        /// What to do instead.
        case advice
        /// The command ended well.
        case outcome
        /// The command failed.
        case failure
        /// What a word the line before used means (``Term``).
        case term
        /// An HTTP request to a registry, or a step of authentication: detail a view may fold away.
        case exchange
    }

    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
