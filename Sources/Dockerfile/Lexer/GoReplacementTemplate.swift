/// Go's `Regexp.Expand` for an expression without capture groups, as `ReplaceAllString` applies it.
enum GoReplacementTemplate {
    static func expand(_ template: String, match: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        let scalars = Array(template.unicodeScalars)
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "$" else {
                output.append(scalars[index])
                index += 1
                continue
            }
            index += 1
            if index < scalars.count && scalars[index] == "$" {
                output.append("$")
                index += 1
                continue
            }
            guard let (name, rest) = reference(in: scalars, at: index) else {
                output.append("$")
                continue
            }
            index = rest
            // Only group 0, the whole match, exists; any other name or number expands to nothing.
            if name == "0" { output += match }
        }
        return output
    }

    /// The name after a `$`, written `name` or `{name}`, and where the text after it starts.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start
        let braced = index < scalars.count && scalars[index] == "{"
        if braced { index += 1 }
        let nameStart = index
        while index < scalars.count,
            scalars[index].isGoLetter || scalars[index].isGoDigit || scalars[index] == "_"
        {
            index += 1
        }
        guard index > nameStart else { return nil }
        let name = String(scalars: scalars[nameStart..<index])
        if braced {
            guard index < scalars.count && scalars[index] == "}" else { return nil }
            index += 1
        }
        return (name, index)
    }
}
