/// Character classes as Go's `unicode` package defines them. BuildKit decides what a space, a letter or a digit is
/// with these functions, so the parser and lexer must agree with them scalar for scalar.
extension Unicode.Scalar {
    /// Go's `unicode.IsSpace`, which is the Unicode White_Space property.
    var isGoSpace: Bool { properties.isWhitespace }

    /// Go's `unicode.IsLetter`: any scalar in a letter category (Lu, Ll, Lt, Lm, Lo).
    var isGoLetter: Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// Go's `unicode.IsDigit`: any decimal digit (Nd), not only ASCII ones.
    var isGoDigit: Bool { properties.generalCategory == .decimalNumber }

    /// `unicode.IsSpace` applied to single bytes, as BuildKit does where it walks a line byte by byte: only ASCII
    /// spaces count, because the first byte of a non-ASCII space (U+00A0, U+0085, ...) is not one.
    var isASCIIGoSpace: Bool {
        switch self {
        case "\t", "\n", "\u{0B}", "\u{0C}", "\r", " ": true
        default: false
        }
    }

    /// The characters of the regular expression `[\t\v\f\r ]` that BuildKit splits arguments on. Unlike
    /// `isGoSpace` it leaves out newlines and non-ASCII spaces.
    var isArgumentSeparator: Bool {
        switch self {
        case "\t", "\u{0B}", "\u{0C}", "\r", " ": true
        default: false
        }
    }

    /// Go regular expressions' `\s`, `[\t\n\f\r ]`, which BuildKit's directive and heredoc patterns use.
    var isRegexSpace: Bool {
        switch self {
        case "\t", "\n", "\u{0C}", "\r", " ": true
        default: false
        }
    }

    /// An ASCII digit, which is all Go's regular expression class `\d` accepts.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    /// Builds a string from Unicode scalars; the parser works on scalars so that offsets count what Go counts.
    init(scalars: some Sequence<Unicode.Scalar>) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self.init(view)
    }
}

extension Collection where Element == Unicode.Scalar {
    /// Go's `strings.TrimSpace`, keeping the original indices so that positions survive the trim.
    func trimmingGoSpace() -> SubSequence {
        let start = firstIndex { !$0.isGoSpace } ?? endIndex
        var end = endIndex
        var index = start
        while index != endIndex {
            if !self[index].isGoSpace { end = self.index(after: index) }
            index = self.index(after: index)
        }
        return self[start..<end]
    }

    /// Go's `strings.TrimLeftFunc(s, unicode.IsSpace)`.
    func droppingLeadingGoSpace() -> SubSequence {
        self[(firstIndex { !$0.isGoSpace } ?? endIndex)...]
    }
}
