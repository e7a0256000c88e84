/// BuildKit's `parseWords`: splits `ENV`, `LABEL` and `ARG` arguments into words on unquoted spaces. Quotes and
/// escapes are kept in the words (variable expansion removes them later); only an escape token at the very end of
/// the text is dropped.
enum WordParser {
    private enum Phase {
        case betweenWords
        case inWord
        case inQuote
    }

    static func words(_ text: ArraySlice<Unicode.Scalar>, escapeToken: Unicode.Scalar) -> [String] {
        let characters = Array(text)
        var words: [String] = []
        var phase = Phase.betweenWords
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var word: [Unicode.Scalar] = []
        var position = 0

        func finishWord() {
            if blankOK || !word.isEmpty { words.append(String(scalars: word)) }
        }

        while position <= characters.count {
            let atEnd = position == characters.count
            if phase == .betweenWords {
                if atEnd { break }
                if characters[position].isGoSpace {
                    position += 1
                    continue
                }
                phase = .inWord
            }
            if atEnd {
                finishWord()
                break
            }
            var character = characters[position]
            if phase == .inWord {
                if character.isGoSpace {
                    phase = .betweenWords
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
                }
                if character == escapeToken {
                    if position + 1 == characters.count {
                        position += 1
                        continue
                    }
                    // Unquoted, the escape token and the character it escapes are both kept, even a quote.
                    word.append(character)
                    position += 1
                    character = characters[position]
                }
                word.append(character)
                position += 1
                continue
            }
            if character == quote { phase = .inWord }
            // Single quotes escape nothing; double quotes let the escape token protect the next character.
            if character == escapeToken && quote != "'" {
                if position + 1 == characters.count {
                    phase = .inWord
                    position += 1
                    continue
                }
                word.append(character)
                position += 1
                character = characters[position]
            }
            word.append(character)
            position += 1
        }
        return words
    }
}
