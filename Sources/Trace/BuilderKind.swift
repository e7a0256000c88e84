/// Which builder runs a Dockerfile. In the trace (``TraceEvent/buildStarted(builder:dockerfile:contextSize:)``)
/// because the views print each builder's lines its own way.
public enum BuilderKind: String, Codable, Sendable, CaseIterable {
    /// Docker's legacy builder, as the course describes it: every step commits an intermediate
    /// image whose parent is the previous step's.
    case classic
    /// As BuildKit builds: only the final image is kept (no parent, no intermediate images) and
    /// only the stages the target needs are built.
    case modern
}
