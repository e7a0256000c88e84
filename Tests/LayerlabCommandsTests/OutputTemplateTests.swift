import ArgumentParser
import Registry
import Testing

@testable import LayerlabCommands

/// `search --format` with docker/cli's template forms.
@Suite struct OutputTemplateTests {
    let results = [
        SearchResult(name: "library/busybox", description: "Busybox base image.", starCount: 3000, isOfficial: true),
        SearchResult(name: "team/tool", description: "", starCount: 2, isOfficial: false),
    ]

    func lines(_ format: String) throws -> [String] {
        let template = try OutputTemplate(format, fields: ["Name", "Description", "StarCount", "IsOfficial"])
        return template.lines(results.map(Search.fields), headers: Search.headers)
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
        #expect(throws: ValidationError.self) {
            _ = try OutputTemplate(format, fields: ["Name", "Description", "StarCount", "IsOfficial"])
        }
    }
}
