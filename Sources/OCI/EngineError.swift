/// The one shape of every engine module's error (``Archive``'s, ``Store``'s, ``Registry``'s, …):
/// a code that callers and tests match on, never the text; a message for a person, in Docker's
/// words where Docker has some; and the error that led to it, kept and printed: each conforming
/// type's `description` is ``describe(_:cause:)`` of its message and cause. (It says so itself, not
/// through a default here, so that callers need not import this module to read it.)
public protocol EngineError: Error, Sendable, CustomStringConvertible {
    associatedtype Code: Hashable, Sendable, CustomStringConvertible
    /// What kind of failure this is.
    var code: Code { get }
    /// What happened, and where.
    var message: String { get }
    /// The underlying error, if any.
    var cause: (any Error)? { get }
}

extension EngineError {
    /// `message`, followed by the part of `cause`'s chain that `message` does not already tell:
    /// a message that quotes its cause's message is not followed by that message again.
    public static func describe(_ message: String, cause: (any Error)?) -> String {
        guard let cause else { return message }
        if let engine = cause as? any EngineError {
            return message.contains(engine.message)
                ? describe(message, cause: engine.cause) : "\(message): \(engine.description)"
        }
        let reason = String(describing: cause)
        return reason.isEmpty || message.contains(reason) ? message : "\(message): \(reason)"
    }
}
