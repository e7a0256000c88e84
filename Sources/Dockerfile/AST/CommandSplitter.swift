/// An instruction line cut into its keyword, its builder flags and the rest, which the instruction's line parser
/// then reads. Slices keep their offsets into the logical line so that errors can be placed.
struct SplitCommand {
    var keyword: ArraySlice<Unicode.Scalar>
    var flags: [FlagWord]
    var arguments: ArraySlice<Unicode.Scalar>
}

/// A builder flag such as `--from=builder`, with quotes and escapes removed, and where it started.
struct FlagWord {
    var text: String
    var offset: Int
}

/// BuildKit's `splitCommand` and `extractBuilderFlags`.
enum CommandSplitter {
    static func split(_ line: ArraySlice<Unicode.Scalar>, escapeToken: Unicode.Scalar) -> SplitCommand {
        let trimmed = line.trimmingGoSpace()
        guard let gap = trimmed.firstIndex(where: \.isArgumentSeparator) else {
            return SplitCommand(keyword: trimmed, flags: [], arguments: trimmed[trimmed.endIndex...])
        }
        let rest = trimmed[gap...].drop { $0.isArgumentSeparator }
        let (arguments, flags) = extractFlags(rest, escapeToken: escapeToken)
        return SplitCommand(keyword: trimmed[..<gap], flags: flags, arguments: arguments.trimmingGoSpace())
    }

    private enum Phase {
        case betweenWords
        case inWord
        case inQuote
    }

    /// Reads leading `--flag` words. A word not starting with `--` ends the flags and is the start of the
    /// arguments; a lone `--` ends them too and is dropped. Inside flags, quotes are removed and the escape token
    /// escapes the next character, even within quotes.
    ///
    /// BuildKit walks the line byte by byte here, so only ASCII spaces separate words, which is followed; but it
    /// also turns each byte of a non-ASCII character into a Latin-1 character of its own (`é` becomes `Ã©`),
    /// which is not: flags keep their text.
    private static func extractFlags(
        _ line: ArraySlice<Unicode.Scalar>,
        escapeToken: Unicode.Scalar
    ) -> (arguments: ArraySlice<Unicode.Scalar>, flags: [FlagWord]) {
        var flags: [FlagWord] = []
        var phase = Phase.betweenWords
        var word: [Unicode.Scalar] = []
        var wordStart = line.startIndex
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var position = line.startIndex
        let end = line.endIndex

        func finishWord() {
            if blankOK || !word.isEmpty { flags.append(FlagWord(text: String(scalars: word), offset: wordStart)) }
        }

        while true {
            if phase == .betweenWords {
                if position == end { break }
                let character = line[position]
                if character.isASCIIGoSpace {
                    position += 1
                    continue
                }
                if character != "-" || position + 1 == end || line[position + 1] != "-" {
                    return (line[position...], flags)
                }
                phase = .inWord
                wordStart = position
            }
            if position == end {
                if word != ["-", "-"] { finishWord() }
                break
            }
            var character = line[position]
            if phase == .inWord {
                if character.isASCIIGoSpace {
                    phase = .betweenWords
                    if word == ["-", "-"] { return (line[position...], flags) }
                    finishWord()
                    word = []
                    blankOK = false
                    position += 1
                    continue
                }
                if character == "'" || character == "\"" {
                    quote = character
                    blankOK = true
                    phase = .inQuote
                    position += 1
                    continue
                }
            } else if character == quote {
                phase = .inWord
                position += 1
                continue
            }
            if character == escapeToken {
                if position + 1 == end {
                    // A trailing escape token is dropped; inside quotes it also closes them.
                    phase = .inWord
                    position += 1
                    continue
                }
                position += 1
                character = line[position]
            }
            word.append(character)
            position += 1
        }
        return (line[end...], flags)
    }
}
