import OCI
import Testing

@Suite struct DigestTests {
    static let emptySHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func sha256OfEmptyInputIsTheWellKnownValue() {
        #expect(Digest.sha256(of: []).description == Self.emptySHA256)
    }

    @Test func streamingDigestEqualsOneShotDigest() {
        let bytes = (0..<10_000).map { UInt8($0 % 251) }
        var digester = Digester()
        digester.update(Array(bytes[0..<3]))
        digester.update(Array(bytes[3...]))
        #expect(digester.finalize() == Digest.sha256(of: bytes))
        #expect(digester.count == 10_000)
    }

    @Test func sha512IsAccepted() throws {
        let text = "sha512:" + String(repeating: "ab", count: 64)
        let digest = try Digest(parsing: text)
        #expect(digest.algorithm == .sha512)
        #expect(digest.description == text)
    }

    @Test(arguments: [
        ("sha256", Digest.ParseError.missingSeparator("sha256")),
        ("md5:d41d8cd98f00b204e9800998ecf8427e", .unsupportedAlgorithm("md5:d41d8cd98f00b204e9800998ecf8427e")),
        ("sha256:abc", .badEncoding("sha256:abc")),
        (
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            .badEncoding("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
        ),
        (
            "sha256:../../e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b785",
            .badEncoding("sha256:../../e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b785")
        ),
        ("sha256:" + String(repeating: "a", count: 65), .badEncoding("sha256:" + String(repeating: "a", count: 65))),
    ])
    func malformedDigestsAreRefused(input: String, expected: Digest.ParseError) {
        #expect(throws: expected) { try Digest(parsing: input) }
    }

    @Test func shortIDIsTwelveHexCharacters() throws {
        #expect(try Digest(parsing: Self.emptySHA256).shortID == "e3b0c44298fc")
    }
}

@Suite struct ChainIDTests {
    /// The image-spec's definition: ChainID(A|B) = SHA256(ChainID(A) + " " + DiffID(B)).
    @Test func chainIDFollowsTheImageSpecRecursion() {
        let a = Digest.sha256(of: Array("a".utf8))
        let b = Digest.sha256(of: Array("b".utf8))
        let c = Digest.sha256(of: Array("c".utf8))
        let chain = ChainID.chain([a, b, c])
        let ab = Digest.sha256(of: Array("\(a) \(b)".utf8))
        #expect(chain == [a, ab, Digest.sha256(of: Array("\(ab) \(c)".utf8))])
        #expect(ChainID.of([]) == nil)
    }

    @Test func sameBottomLayersGiveSameChainIDs() {
        let base = [Digest.sha256(of: [1]), Digest.sha256(of: [2])]
        let one = ChainID.chain(base + [Digest.sha256(of: [3])])
        let two = ChainID.chain(base + [Digest.sha256(of: [4])])
        #expect(Array(one.prefix(2)) == Array(two.prefix(2)))
        #expect(one[2] != two[2])
    }
}
