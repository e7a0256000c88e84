import ArgumentParser
import Testing
import Trace

@testable import LayerlabCommands

/// `search --format` with docker/cli's template forms.
@Suite struct OutputTemplateTests {
    let hits = [
        SearchListing.Hit(name: "library/busybox", description: "Busybox base image.", stars: 3000, official: true),
        SearchListing.Hit(name: "team/tool", description: "", stars: 2, official: false),
    ]

    func lines(_ format: String) throws -> [String] {
        try SearchView.lines(SearchListing(term: "x", hits: hits, fullDescriptions: false, template: format))
    }

    @Test func fieldsTablesAndJSON() throws {
        #expect(try lines("{{.Name}}: {{.StarCount}}") == ["library/busybox: 3000", "team/tool: 2"])
        #expect(
            try lines("table {{.Name}}\\t{{.IsOfficial}}") == [
                "NAME              OFFICIAL", "library/busybox   true", "team/tool         false",
            ])
        #expect(try lines("{{json .Name}}") == ["\"library/busybox\"", "\"team/tool\""])
        #expect(
            try lines("{{json .}}").first
                == #"{"Description":"Busybox base image.","IsOfficial":true,"Name":"library/busybox","StarCount":3000}"#
        )
    }

    @Test(arguments: ["{{.Stars}}", "{{.Name", "{{upper .Name}}"])
    func aBadTemplateIsRefusedWithAReason(format: String) {
        #expect(throws: TemplateError.self) {
            _ = try OutputTemplate(format, fields: ["Name", "Description", "StarCount", "IsOfficial"])
        }
    }
}
