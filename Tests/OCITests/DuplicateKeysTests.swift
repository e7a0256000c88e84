import Foundation
import OCI
import Testing

/// R-D5: a key named twice in one object is refused, however it is spelled.
@Suite struct DuplicateKeysTests {
    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "a"),
        (#"{"mediaType":"x","config":{},"mediaType":"y"}"#, "mediaType"),
        (#"{"a":1,"\u0061":2}"#, "a"),
        (#"{"outer":{"k":1,"k":[1,2]}}"#, "k"),
        (#"[{"ok":1},{"x":"a\"b","x":0}]"#, "x"),
    ])
    func aRepeatedKeyIsFound(json: String, key: String) {
        #expect(throws: DuplicateKeys.Found.self) { try DuplicateKeys.check(Array(json.utf8)) }
        #expect((try? DuplicateKeys.check(Array(json.utf8))) == nil)
        do {
            try DuplicateKeys.check(Array(json.utf8))
        } catch {
            #expect(error.key == key)
        }
    }

    @Test(arguments: [
        #"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#,
        #"{"a":"a","b":"a","c":["a","a"]}"#,
        #"{"a\"b":1,"c":"x\",\"a\\\"b\":"}"#,
        #"{"schemaVersion":2,"layers":[],"config":{"digest":"sha256:0","size":1}}"#,
        "not json at all {",
    ])
    func keysOnceEachPass(json: String) throws {
        try DuplicateKeys.check(Array(json.utf8))
    }

    /// R-D5: nesting is bounded without recursion to a crash. The scan is a loop, and the decoder
    /// refuses a document nested 200,000 deep (arrays or objects) with an error.
    @Test(arguments: [("[", "]"), (#"{"a":"#, "}")])
    func aDocumentNestedTwoHundredThousandDeepIsRefusedNotACrash(open: String, close: String) throws {
        let depth = 200_000
        let json =
            #"{"schemaVersion":2,"manifests":[],"x":"# + String(repeating: open, count: depth) + "1"
            + String(repeating: close, count: depth) + "}"
        try DuplicateKeys.check(Array(json.utf8))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Index.self, from: Data(json.utf8)) }
    }

    /// R-D5: whole documents only, valid UTF-8 only, no NaN: each of these is an index but for one fault.
    @Test(arguments: [
        ("trailing bytes", Array(#"{"schemaVersion":2,"manifests":[]} {}"#.utf8)),
        ("NaN", Array(#"{"schemaVersion":NaN,"manifests":[]}"#.utf8)),
        (
            "invalid UTF-8",
            Array(#"{"schemaVersion":2,"manifests":[],"annotations":{"a":""#.utf8) + [0xFF, 0xFE] + Array(#""}}"#.utf8)
        ),
    ])
    func aDocumentWithAFaultIsRefused(fault: String, bytes: [UInt8]) throws {
        #expect(throws: DecodingError.self, "\(fault)") { try JSONDecoder().decode(Index.self, from: Data(bytes)) }
    }

    @Test func theIndexTheFaultyOnesAreMadeFromDecodes() throws {
        let good = try JSONDecoder().decode(Index.self, from: Data(#"{"schemaVersion":2,"manifests":[]}"#.utf8))
        #expect(good.manifests.isEmpty)
    }
}
