import Trace

extension HistoryListing.Step {
    /// The step as the Dockerfile said it: without the shell Docker's records put before a RUN, the
    /// `#(nop)` before a config change, or BuildKit's mark, with a copied file's sum cut to 12 digits
    /// as IDs are; an imported layer's comment when it has no step; at most `limit` characters.
    func instruction(limit: Int = 48) -> String {
        let said = createdBy.split(separator: " ", omittingEmptySubsequences: false).map { word in
            for kind in ["file:", "dir:"] where word.hasPrefix(kind) && word.count > kind.count + 12 {
                return word.prefix(kind.count + 12)
            }
            return word
        }.joined(separator: " ")
        var text = Substring(said.isEmpty ? comment : said).drop { $0 == " " }
        if text.hasPrefix("/bin/sh -c #(nop) ") { text = text.dropFirst("/bin/sh -c #(nop) ".count).drop { $0 == " " } }
        while text.last == " " { text = text.dropLast() }
        if text.hasSuffix(" # buildkit") { text = text.dropLast(" # buildkit".count) }
        if text.hasPrefix("/bin/sh -c ") { text = Substring("RUN " + text.dropFirst("/bin/sh -c ".count)) }
        return text.count > limit ? text.prefix(limit - 1) + "…" : String(text)
    }
}
