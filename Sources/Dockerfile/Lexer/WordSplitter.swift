/// Collects the shell words of a processed string, as BuildKit's `wordsStruct` does: unquoted spaces (including
/// those coming from unquoted variable values) separate words; quoted text and escaped characters never do.
///
/// The word being built lives in a buffer the caller owns. BuildKit shares that buffer between a word and the
/// `${NAME:-word}`-style substitutions inside it, and starting a substitution's word clears it, so in
/// `processWords` the text before such a substitution is lost from the word (`a${X:-b}c` gives `bc`). That
/// changes which words look like heredocs, so it is kept.
struct WordSplitter {
    private var words: [String] = []
    private var inWord = false

    /// An unquoted character: a space ends the current word, anything else extends it.
    mutating func addCharacter(_ scalar: Unicode.Scalar, to buffer: inout String.UnicodeScalarView) {
        if scalar.isGoSpace {
            if inWord && !buffer.isEmpty {
                words.append(String(buffer))
                buffer = String.UnicodeScalarView()
                inWord = false
            }
        } else {
            addRawCharacter(scalar, to: &buffer)
        }
    }

    /// A character that belongs to the word whatever it is, such as an escaped space.
    mutating func addRawCharacter(_ scalar: Unicode.Scalar, to buffer: inout String.UnicodeScalarView) {
        buffer.append(scalar)
        inWord = true
    }

    /// An unquoted variable's value, which is split like unquoted text.
    mutating func addExpanded(_ text: String, to buffer: inout String.UnicodeScalarView) {
        for scalar in text.unicodeScalars { addCharacter(scalar, to: &buffer) }
    }

    /// Quoted text, which stays inside the current word.
    mutating func addRaw(_ text: String, to buffer: inout String.UnicodeScalarView) {
        buffer.append(contentsOf: text.unicodeScalars)
        inWord = true
    }

    mutating func finish(with buffer: inout String.UnicodeScalarView) -> [String] {
        if !buffer.isEmpty {
            words.append(String(buffer))
            buffer = String.UnicodeScalarView()
            inWord = false
        }
        return words
    }
}
