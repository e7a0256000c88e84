import Foundation

/// Reads a JSON Lines trace written by ``JSONLinesSink``.
public enum TraceFile {
    /// The records of the trace at `path`, in order.
    ///
    /// A trace is one run's records numbered 1, 2, 3, … without a gap, or several such runs one
    /// after another (each starting again at 1 with an `operationStarted`), as commands that share
    /// one `LAYERLAB_TRACE` file write them.
    /// - Throws: ``TraceError`` naming the file and line of the first bad record: one that does
    ///   not decode, one of another schema version, or one out of order or after a gap.
    public static func read(path: String) throws(TraceError) -> [TraceRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraceError(.cannotRead, "cannot read trace file \(path)")
        }
        let decoder = JSONDecoder()
        var records: [TraceRecord] = []
        for (index, line) in data.split(separator: 0x0A).enumerated() {
            let place = "\(path):\(index + 1)"
            let record: TraceRecord
            do {
                record = try decoder.decode(TraceRecord.self, from: Data(line))
            } catch {
                if let version = try? decoder.decode(VersionOnly.self, from: Data(line)).version,
                    version != TraceRecord.schemaVersion
                {
                    throw unsupported(version, at: place)
                }
                throw TraceError(.malformed, "\(place): not a layerlab trace record: \(error)")
            }
            guard record.version == TraceRecord.schemaVersion else { throw unsupported(record.version, at: place) }
            try checkOrder(of: record, after: records.last, at: place)
            records.append(record)
        }
        return records
    }

    private struct VersionOnly: Decodable {
        var version: Int
    }

    private static func unsupported(_ version: Int, at place: String) -> TraceError {
        let relation = version > TraceRecord.schemaVersion ? "newer" : "older"
        return TraceError(
            .unsupportedVersion,
            "\(place): trace schema version \(version) is \(relation) than this layerlab reads "
                + "(\(TraceRecord.schemaVersion)); record the trace again with this layerlab")
    }

    private static func checkOrder(of record: TraceRecord, after previous: TraceRecord?, at place: String)
        throws(TraceError)
    {
        let startsRun: Bool =
            if case .operationStarted = record.event { record.sequence == 1 } else { false }
        let expected = (previous?.sequence ?? 0) + 1
        guard record.sequence == expected || startsRun else {
            throw TraceError(
                .outOfOrder,
                "\(place): record #\(record.sequence) where #\(expected) belongs: the trace is out of order "
                    + "or lost records" + (previous == nil ? " (it must start at #1)" : ""))
        }
    }
}
