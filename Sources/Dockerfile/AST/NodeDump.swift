extension Node {
    /// The node as BuildKit's `Node.Dump()` prints it, an s-expression per instruction: the format of the peer
    /// `result` files, e.g. `(copy ["--from=builder"] "a" "b")`.
    public func dump() -> String {
        var text = value.lowercased()
        if !flags.isEmpty {
            text += " " + GoQuote.quote(flags)
        }
        if isRoot {
            for child in children {
                text += "(" + child.dump() + ")\n"
            }
        }
        for argument in next {
            text += " " + GoQuote.quote(argument)
        }
        if !isRoot {
            for child in children {
                text += " (" + child.dump() + ")"
            }
        }
        return String(text.unicodeScalars.trimmingGoSpace())
    }
}
