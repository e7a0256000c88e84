/// An instruction's text joined from its physical lines, remembering where each piece came from so that a
/// problem found in the joined text can be reported at the line and column an editor shows.
struct LogicalLine {
    private(set) var text: [Unicode.Scalar] = []
    private var pieces: [Piece] = []

    private struct Piece {
        var offset: Int
        var line: Int
        var column: Int
    }

    /// Appends the part of physical line `line` that starts at `column`.
    mutating func append(_ part: [Unicode.Scalar], line: Int, column: Int) {
        pieces.append(Piece(offset: text.count, line: line, column: column))
        text.append(contentsOf: part)
    }

    /// The source position of the scalar at `offset` in `text` (or just past the end).
    func position(at offset: Int) -> SourcePosition {
        guard let piece = pieces.last(where: { $0.offset <= offset }) else {
            return SourcePosition(line: pieces.first?.line ?? 1, column: 1)
        }
        return SourcePosition(line: piece.line, column: piece.column + offset - piece.offset)
    }
}
