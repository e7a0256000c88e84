import Dockerfile
import Testing

/// Exec form (a JSON array of strings) against shell form, with BuildKit's fallbacks (json_test.go's cases).
@Suite struct ExecFormTests {
    static let validArrays: [(String, [String])] = [
        (#"[]"#, []),
        (#"[""]"#, [""]),
        (#"["a"]"#, ["a"]),
        (#"["a","b"]"#, ["a", "b"]),
        (#"[ "a", "b" ]"#, ["a", "b"]),
        ("[\t\"a\",\t\"b\"\t]", ["a", "b"]),
        ("\t[\t\"a\",\t\"b\"\t]\t", ["a", "b"]),
        (
            #"["abc 123", "♥", "☃", "\" \\ \/ \b \f \n \r \t \u0000"]"#,
            ["abc 123", "♥", "☃", "\" \\ / \u{08} \u{0C} \n \r \t \u{00}"]
        ),
        (#"["\ud83d\ude00", "\ud800x"]"#, ["😀", "\u{FFFD}x"]),
    ]

    @Test(arguments: validArrays)
    func aJSONArrayOfStringsIsTheExecForm(_ json: String, _ expected: [String]) throws {
        let node = try DockerfileParser.parse("CMD \(json)").nodes[0]
        #expect(node.isJSON)
        #expect(node.next == expected)
    }

    static let nonStringArrays = [
        #"["a",42,"b"]"#, #"["a",123.456,"b"]"#, #"["a",{},"b"]"#, #"["a",{"c": "d"},"b"]"#, #"["a",["c"],"b"]"#,
        #"["a",true,"b"]"#, #"["a",false,"b"]"#, #"["a",null,"b"]"#,
    ]

    @Test(arguments: nonStringArrays)
    func aJSONArrayOfOtherValuesIsAnError(_ json: String) {
        let expected = DockerfileError(
            file: "Dockerfile", line: 1, column: 5,
            message: "when using JSON array syntax, arrays must be comprised of strings only")
        #expect(throws: expected) { try DockerfileParser.parse("CMD \(json)") }
    }

    static let malformedJSON = [
        #"["a", "b""#, #"['a']"#, #"["a" "b"]"#, #"["a",]"#, #"["a"] x"#, "[\"a\u{01}\"]", #"["\x"]"#,
        #"["a", 1e400]"#,
    ]

    /// Go's decoder refuses these, so BuildKit keeps the text as a shell-form command.
    @Test(arguments: malformedJSON)
    func malformedJSONFallsBackToTheShellForm(_ json: String) throws {
        let node = try DockerfileParser.parse("RUN \(json)").nodes[0]
        #expect(!node.isJSON)
        #expect(node.next == [json])
    }

    @Test func copyFallsBackToWhitespaceSeparatedWords() throws {
        let node = try DockerfileParser.parse("COPY [\"a\" b\tc").nodes[0]
        #expect(node.next == ["[\"a\"", "b", "c"])
    }
}
