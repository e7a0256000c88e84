import Foundation
import Trace

/// `docker search`'s listing of a ``SearchListing``: the NAME DESCRIPTION STARS OFFICIAL table,
/// descriptions cut at 45 characters unless `--no-trunc`, or each hit through `--format`.
enum SearchView {
    static let fields: Set<String> = ["Name", "Description", "StarCount", "IsOfficial"]

    /// Docker's headers for the fields of `--format table …`.
    static let headers = ["Name": "NAME", "Description": "DESCRIPTION", "StarCount": "STARS", "IsOfficial": "OFFICIAL"]

    static func template(_ text: String) throws -> OutputTemplate { try OutputTemplate(text, fields: fields) }

    static func lines(_ listing: SearchListing) throws -> [String] {
        if let format = listing.template {
            return try template(format).lines(listing.hits.map(Self.fields), headers: headers)
        }
        var table = Table(["NAME", "DESCRIPTION", "STARS", "OFFICIAL"])
        for hit in listing.hits {
            let description = hit.description.replacingOccurrences(of: "\n", with: " ")
            table.append([
                hit.name, listing.fullDescriptions ? description : HumanUnits.ellipsis(description, 45),
                String(hit.stars), hit.official ? "[OK]" : "",
            ])
        }
        return table.render()
    }

    /// A hit's fields as `--format` sees them, and as `{{json .}}` writes them.
    static func fields(_ hit: SearchListing.Hit) -> ([String: String], [String: Any]) {
        (
            [
                "Name": hit.name, "Description": hit.description, "StarCount": String(hit.stars),
                "IsOfficial": String(hit.official),
            ],
            ["Name": hit.name, "Description": hit.description, "StarCount": hit.stars, "IsOfficial": hit.official]
        )
    }
}
