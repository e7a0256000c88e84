import Foundation
import LayerlabTestSupport
import Registry
import Testing

/// `~/.docker/config.json` as docker login writes it: only `auths` changes, the file stays private.
struct DockerConfigFileTests {
    let folder = TemporaryDirectory("docker-config")

    @Test func credentialsRoundTripAndOtherSettingsAreKept() throws {
        let path = try folder.write("config.json", #"{"credsStore":"desktop","proxies":{"default":{"httpProxy":"x"}}}"#)
        let file = DockerConfigFile(path: path)
        #expect(try file.credentials(for: "127.0.0.1:5000") == nil)
        try file.store(.init(user: "me", password: "p:w"), for: "127.0.0.1:5000")
        try file.store(.init(user: "hub", password: "h"), for: "docker.io")
        #expect(try file.credentials(for: "127.0.0.1:5000") == .init(user: "me", password: "p:w"))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(document["credsStore"] as? String == "desktop")
        #expect(document["proxies"] != nil)
        let auths = try #require(document["auths"] as? [String: [String: String]])
        #expect(auths["https://index.docker.io/v1/"]?["auth"] == Data("hub:h".utf8).base64EncodedString())
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try file.remove(for: "127.0.0.1:5000"))
        #expect(try !file.remove(for: "127.0.0.1:5000"))
        #expect(try file.credentials(for: "docker.io")?.user == "hub")
    }

    @Test func aMalformedFileIsRefusedAndLeftAsItWas() throws {
        let path = try folder.write("config.json", "{ not json")
        let file = DockerConfigFile(path: path)
        #expect(throws: RegistryError.self) { try file.store(.init(user: "a", password: "b"), for: "x:1") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{ not json")
    }

    @Test func theDefaultIsUnderDockerConfigElseHome() {
        #expect(DockerConfigFile.default(environment: ["DOCKER_CONFIG": "/c", "HOME": "/h"]).path == "/c/config.json")
        #expect(DockerConfigFile.default(environment: ["HOME": "/h"]).path == "/h/.docker/config.json")
    }
}
