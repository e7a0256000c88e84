/// Help text kept readable in the source, one clause per line, and unwrapped for the argument
/// parser, which wraps every line to the terminal's width: a line break in the source becomes a
/// space, except before a blank line, an indented line, a list item (`- `), an `Example:`, or a
/// sentence that starts with a flag (`--builder modern …`), which start a line of their own.
/// Without it, `run --help` broke each source line twice.
enum HelpText {
    static func unwrapped(_ text: String) -> String {
        var result = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let startsLine =
                line.isEmpty || line.hasPrefix(" ") || line.hasPrefix("- ") || line.hasPrefix("Example:")
                || (line.hasPrefix("--") && result.hasSuffix(".")) || result.isEmpty || result.hasSuffix("\n")
            if !result.isEmpty { result += startsLine ? "\n" : " " }
            result += line
        }
        return result
    }
}
