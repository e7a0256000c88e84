import OCI
import Testing

@testable import Registry

@Suite struct AuthChallengeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var header: String
        var expected: [AuthChallenge]
        var testDescription: String { header }
    }

    static let cases: [Case] = [
        Case(
            header:
                #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#,
            expected: [
                AuthChallenge(
                    scheme: "Bearer",
                    parameters: [
                        "realm": "https://auth.docker.io/token", "service": "registry.docker.io",
                        "scope": "repository:library/alpine:pull",
                    ])
            ]),
        Case(
            header: #"Bearer realm="http://127.0.0.1:5000/token",service="x",scope="repository:a/b:pull,push""#,
            expected: [
                AuthChallenge(
                    scheme: "Bearer",
                    parameters: [
                        "realm": "http://127.0.0.1:5000/token", "service": "x", "scope": "repository:a/b:pull,push",
                    ])
            ]),
        Case(
            header: #"Basic realm="Registry Realm""#,
            expected: [AuthChallenge(scheme: "Basic", parameters: ["realm": "Registry Realm"])]),
        Case(header: "Basic", expected: [AuthChallenge(scheme: "Basic")]),
        Case(
            header: #"bearer REALM = "r" , Service=s"#,
            expected: [AuthChallenge(scheme: "bearer", parameters: ["realm": "r", "service": "s"])]),
        Case(
            header: #"Basic realm="a", Bearer realm="b",service="c""#,
            expected: [
                AuthChallenge(scheme: "Basic", parameters: ["realm": "a"]),
                AuthChallenge(scheme: "Bearer", parameters: ["realm": "b", "service": "c"]),
            ]),
        Case(
            header: #"Bearer realm="quote \" and, comma""#,
            expected: [AuthChallenge(scheme: "Bearer", parameters: ["realm": #"quote " and, comma"#])]),
        Case(header: "", expected: []),
        Case(header: #"Bearer realm="unterminated"#, expected: [AuthChallenge(scheme: "Bearer")]),
    ]

    @Test(arguments: cases)
    func parsesWWWAuthenticateHeaders(_ testCase: Case) {
        #expect(AuthChallenge.parse(testCase.header) == testCase.expected)
    }

    @Test func bearerChallengeExposesRealmServiceAndScope() throws {
        let challenge = try #require(AuthChallenge.parse(#"Bearer realm="r",service="s",scope="t""#).first)
        #expect(challenge.isBearer && !challenge.isBasic)
        #expect(challenge.realm == "r" && challenge.service == "s" && challenge.scope == "t")
    }
}

@Suite struct RepositoryNameTests {
    @Test(arguments: [
        ("library/alpine", true), ("a", true), ("a/b/c", true), ("a.b_c__d-e--f", true), ("A", false),
        ("a//b", false), ("-a", false), ("a-", false), ("a/../b", false), ("..", false), ("a___b", false), ("", false),
    ])
    func validatesRepositoryNames(_ name: String, _ valid: Bool) {
        #expect(RepositoryName.isValid(name) == valid)
    }

    @Test(arguments: [
        ("latest", true), ("v1.0-rc_1", true), ("_x", true), (".x", false), ("-x", false), ("a/b", false),
    ])
    func validatesTags(_ tag: String, _ valid: Bool) {
        #expect(RepositoryName.isValidTag(tag) == valid)
    }

    @Test func refusesTagsLongerThan128Characters() {
        #expect(RepositoryName.isValidTag(String(repeating: "a", count: 128)))
        #expect(!RepositoryName.isValidTag(String(repeating: "a", count: 129)))
    }
}
