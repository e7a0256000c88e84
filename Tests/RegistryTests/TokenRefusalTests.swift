import Foundation
import LayerlabTestSupport
import OCI
import Registry
import Store
import Testing
import Transfer

/// R-E3 from the registry's side: with tokens on, each way of not being allowed gets a 401 whose
/// challenge tells a client what to do next, and none of them reads anything.
@Suite struct TokenRefusalTests {
    let fixture = RegistryFixture()

    struct Token: Decodable { var token: String }

    @Test func aWrongPasswordAWrongScopeAndAnExpiredTokenAreEachRefused() async throws {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "alice", password: "secret") + "\n")
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let registry = try EmbeddedRegistry(
            root: fixture.folder.file("registry"),
            configuration: .init(port: 0, auth: .token(usersFile: users), tokenLifetime: 60, clock: { clock.now }))
        try await registry.withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            func basic(_ password: String) -> (String, String) {
                ("Authorization", "Basic " + Data("alice:\(password)".utf8).base64EncodedString())
            }
            func token(_ scope: String) async throws -> String {
                let answer = try await raw(
                    "GET", "\(base)/token?service=layerlab-registry&scope=\(scope)", headers: [basic("secret")])
                #expect(answer.status == 200, "\(answer.text)")
                return try JSONDecoder().decode(Token.self, from: Data(answer.body)).token
            }
            func tags(_ repository: String, bearer: String?) async throws -> RawResponse {
                try await raw(
                    "GET", "\(base)/v2/\(repository)/tags/list",
                    headers: bearer.map { [("Authorization", "Bearer \($0)")] } ?? [])
            }

            let wrongPassword = try await raw(
                "GET", "\(base)/token?service=layerlab-registry&scope=repository:alice/app:pull",
                headers: [basic("guess")])
            #expect(wrongPassword.status == 401)
            #expect(wrongPassword.errorCodes == ["UNAUTHORIZED"])
            #expect(!wrongPassword.text.contains("token\""), "no token for a wrong password: \(wrongPassword.text)")

            let anonymous = try await tags("alice/app", bearer: nil)
            #expect(anonymous.status == 401)
            let challenge = try #require(anonymous.header("WWW-Authenticate"))
            #expect(challenge.contains("scope=\"repository:alice/app:pull\""))
            #expect(!challenge.contains("error="), "no token presented, so no token error: \(challenge)")

            let forOtherRepository = try await token("repository:alice/other:pull")
            let wrongScope = try await tags("alice/app", bearer: forOtherRepository)
            #expect(wrongScope.status == 401)
            #expect(wrongScope.header("WWW-Authenticate")?.contains("error=\"insufficient_scope\"") == true)

            let forgedSignature = String(forOtherRepository.prefix { $0 != "." }) + ".AAAA"
            let forged = try await tags("alice/other", bearer: forgedSignature)
            #expect(forged.status == 401)
            #expect(forged.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)

            let good = try await tags("alice/other", bearer: forOtherRepository)
            #expect(good.status == 404, "the token is good; the repository is just empty: \(good.text)")
            clock.advance(by: 61)
            let expired = try await tags("alice/other", bearer: forOtherRepository)
            #expect(expired.status == 401)
            #expect(expired.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
        }
    }

    /// A client whose fresh token still lacks the access (an anonymous push) stops after the one
    /// renewal R-C3 allows, and says which registry refused and what to do about it.
    @Test func aPushTheTokenServiceWillNotAllowEndsInAClearUnauthorized() async throws {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "alice", password: "secret") + "\n")
        let store = try fixture.makeStore("source")
        try fixture.makeImage(in: store, name: "demo:1")
        try await fixture.makeRegistry(auth: .token(usersFile: users)).withRunning { port in
            let anonymous = RegistryClient(registry: "127.0.0.1:\(port)")
            do {
                _ = try await Pusher(store: store, client: anonymous)
                    .push(try Reference.parseDocker("127.0.0.1:\(port)/alice/demo:1"), image: "demo:1")
                Issue.record("an anonymous push succeeded")
            } catch let error as RegistryError {
                #expect(error.code == .unauthorized, "\(error)")
                #expect(
                    "\(error)".contains("run `layerlab login 127.0.0.1:\(port)` first"),
                    "the error names the registry and what to do: \(error)")
            }
        }
    }
}
