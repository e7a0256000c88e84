import Foundation

/// Reads a JSON Lines trace written by ``JSONLinesSink``.
public enum TraceFile {
    /// The records of the trace at `path`, in order.
    /// - Throws: ``TraceError`` naming the file and line of the first bad record.
    public static func read(path: String) throws(TraceError) -> [TraceRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraceError(.cannotRead, "cannot read trace file \(path)")
        }
        let decoder = JSONDecoder()
        var records: [TraceRecord] = []
        for (index, line) in data.split(separator: 0x0A).enumerated() {
            let record: TraceRecord
            do {
                record = try decoder.decode(TraceRecord.self, from: Data(line))
            } catch {
                throw TraceError(.malformed, "\(path):\(index + 1): not a layerlab trace record: \(error)")
            }
            guard record.version <= TraceRecord.schemaVersion else {
                throw TraceError(
                    .unsupportedVersion,
                    "\(path):\(index + 1): trace schema version \(record.version) is newer than this layerlab "
                        + "understands (\(TraceRecord.schemaVersion))")
            }
            records.append(record)
        }
        return records
    }
}
