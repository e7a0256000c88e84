import ArgumentParser
import Foundation
import OCI
import Render
import Store
import Trace

/// `layerlab images`: the images in the store, as `docker images` lists them.
struct Images: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List images (REPOSITORY TAG IMAGE ID CREATED SIZE).",
        discussion: "Intermediate images of a classic build are hidden unless -a is given."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Show all images, including intermediate images.")
    var all = false

    @Flag(name: .shortAndLong, help: "Only show image IDs.")
    var quiet = false

    @Flag(name: .long, help: "Show digests.")
    var digests = false

    @Flag(name: .long, help: "Don't truncate output.")
    var noTrunc = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Filter output based on conditions provided: dangling=true|false, reference=PATTERN, before=IMAGE, "
                + "since=IMAGE, label=KEY[=VALUE]; several are allowed.", valueName: "filter"))
    var filter: [String] = []

    @Option(
        name: .long,
        help: "Output format: 'table' (default), 'json' (one JSON object per line), or a Go template ({{.Repository}})."
    )
    var format: String?

    @Argument(help: "Only list images of this repository, or of this repository:tag.")
    var repository: String?

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            let images = try store.images()
            let filters = try ImageFilter(filter, find: { try? store.image($0) })
            let parents = Set(images.compactMap(\.parent))
            let rows = ImageListing.rows(images, all: all).filter {
                matchesRepository($0) && filters.matches($0, parents: parents)
            }
            try store.trace.operation(.images, arguments: arguments) { op in
                op.emit(.imagesListed(ImageListing.listing(rows, of: images, all: all, quiet: quiet)))
            }
            let now = Date()
            if quiet {
                for row in rows { emit(id(row.image.id)) }
                return
            }
            switch format {
            case nil, "table":
                var table = Table(
                    ["REPOSITORY", "TAG"] + (digests ? ["DIGEST"] : []) + ["IMAGE ID", "CREATED", "SIZE"])
                for row in rows {
                    table.append(
                        [row.repository, row.tag] + (digests ? [row.digest] : [])
                            + [
                                id(row.image.id), HumanUnits.ago(row.image.created, now: now),
                                ByteCount.docker(row.image.size),
                            ])
                }
                table.render().forEach(emit)
            case "json":
                for row in rows { emit(try Self.json(row, now: now)) }
            case let template?:
                let fields = rows.map { row in
                    var values = Self.fields(row, now: now)
                    values["ID"] = id(row.image.id)
                    return (values, values as [String: Any])
                }
                let parsed = try OutputTemplate(template, fields: Set(Self.headers.keys))
                parsed.lines(fields, headers: Self.headers).forEach(emit)
            }
        }
    }

    /// The command's arguments as typed, for the trace.
    private var arguments: [String] {
        (all ? ["-a"] : []) + (quiet ? ["-q"] : []) + filter.flatMap { ["-f", $0] } + (repository.map { [$0] } ?? [])
    }

    /// Docker's `images [REPOSITORY[:TAG]]` filter, by familiar name and optional tag.
    private func matchesRepository(_ row: ImageListing.Row) -> Bool {
        guard let repository, let wanted = try? Reference(parsing: repository) else { return repository == nil }
        return row.repository == wanted.familiarName && (wanted.tag == nil || wanted.tag == row.tag)
    }

    private func id(_ digest: Digest) -> String { noTrunc ? digest.description : digest.shortID }

    /// docker/cli's column headers for the fields of `--format table …`.
    static let headers = [
        "Containers": "CONTAINERS", "CreatedAt": "CREATED AT", "CreatedSince": "CREATED", "Digest": "DIGEST",
        "ID": "IMAGE ID", "Repository": "REPOSITORY", "SharedSize": "SHARED SIZE", "Size": "SIZE", "Tag": "TAG",
        "UniqueSize": "UNIQUE SIZE", "VirtualSize": "VIRTUAL SIZE",
    ]

    /// The fields Docker's `--format json` prints for an image row.
    static func json(_ row: ImageListing.Row, now: Date) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return OutputTemplate.goEscaped(String(decoding: try encoder.encode(fields(row, now: now)), as: UTF8.self))
    }

    /// A row's fields, by the names docker/cli's image formatter gives them.
    static func fields(_ row: ImageListing.Row, now: Date) -> [String: String] {
        let image = row.image
        return [
            "Containers": "N/A",
            "CreatedAt": image.created.map(goDate) ?? "",
            "CreatedSince": HumanUnits.ago(image.created, now: now),
            "Digest": row.digest,
            "ID": image.id.shortID,
            "Repository": row.repository,
            "SharedSize": "N/A",
            "Size": ByteCount.docker(image.size),
            "Tag": row.tag,
            "UniqueSize": "N/A",
            "VirtualSize": ByteCount.docker(image.size, precision: 4),
        ]
    }

    /// Go's default `time.Time` format, which Docker's JSON output uses: `2024-01-02 03:04:05 +0000 UTC`.
    static func goDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss '+0000 UTC'"
        return formatter.string(from: date)
    }
}
