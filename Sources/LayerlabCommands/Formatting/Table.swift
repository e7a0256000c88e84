/// Columns aligned the way Docker's CLI aligns them (Go's `tabwriter` with minimum width 10 and
/// padding 3, docker/cli `formatter.go`), so `layerlab images` looks like `docker images`.
struct Table {
    var headers: [String]
    var rows: [[String]] = []
    var minimumWidth = 10
    var padding = 3

    init(_ headers: [String]) { self.headers = headers }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as lines; the last column is not padded.
    func render() -> [String] {
        let all = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], max(cell.count + padding, minimumWidth))
            }
        }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[index] - cell.count)
                }
            }
            return line
        }
    }
}
