/// What `docker search` shows for a term: the registry's results after `--filter`, and how they
/// are laid out (`--no-trunc`, `--format`), so that the listing prints again from the trace.
public struct SearchListing: Codable, Sendable, Equatable {
    public struct Hit: Codable, Sendable, Equatable {
        public var name: String
        public var description: String
        public var stars: Int
        public var official: Bool

        public init(name: String, description: String, stars: Int, official: Bool) {
            self.name = name
            self.description = description
            self.stars = stars
            self.official = official
        }
    }

    public var term: String
    public var hits: [Hit]
    /// `--no-trunc`: descriptions in full, not cut at 45 characters.
    public var fullDescriptions: Bool
    /// `--format`: the Go template each hit is printed with, if any.
    public var template: String?

    public init(term: String, hits: [Hit], fullDescriptions: Bool, template: String?) {
        self.term = term
        self.hits = hits
        self.fullDescriptions = fullDescriptions
        self.template = template
    }
}
