import Foundation
import OCI
import Testing

@Suite struct ReferenceTests {
    static let digest = "sha256:" + String(repeating: "ab", count: 32)

    struct Valid: CustomTestStringConvertible, Sendable {
        var input: String
        var normalized: String
        var familiar: String
        var domain: String
        var path: String
        var testDescription: String { input }
    }

    /// Cases after distribution/reference's normalize_test.go.
    @Test(arguments: [
        Valid(
            input: "ubuntu", normalized: "docker.io/library/ubuntu", familiar: "ubuntu", domain: "docker.io",
            path: "library/ubuntu"),
        Valid(
            input: "ubuntu:22.04", normalized: "docker.io/library/ubuntu:22.04", familiar: "ubuntu:22.04",
            domain: "docker.io", path: "library/ubuntu"),
        Valid(
            input: "docker.io/library/ubuntu", normalized: "docker.io/library/ubuntu", familiar: "ubuntu",
            domain: "docker.io", path: "library/ubuntu"),
        Valid(
            input: "index.docker.io/ubuntu", normalized: "docker.io/library/ubuntu", familiar: "ubuntu",
            domain: "docker.io", path: "library/ubuntu"),
        Valid(
            input: "foo/bar", normalized: "docker.io/foo/bar", familiar: "foo/bar", domain: "docker.io", path: "foo/bar"
        ),
        Valid(
            input: "library/foo/bar", normalized: "docker.io/library/foo/bar", familiar: "library/foo/bar",
            domain: "docker.io", path: "library/foo/bar"),
        Valid(
            input: "docker.io/foo/bar/baz", normalized: "docker.io/foo/bar/baz", familiar: "foo/bar/baz",
            domain: "docker.io", path: "foo/bar/baz"),
        Valid(
            input: "localhost/foo", normalized: "localhost/foo", familiar: "localhost/foo", domain: "localhost",
            path: "foo"),
        Valid(
            input: "localhost:5000/foo/bar:v1", normalized: "localhost:5000/foo/bar:v1",
            familiar: "localhost:5000/foo/bar:v1", domain: "localhost:5000", path: "foo/bar"),
        Valid(
            input: "127.0.0.1:5000/foo", normalized: "127.0.0.1:5000/foo", familiar: "127.0.0.1:5000/foo",
            domain: "127.0.0.1:5000", path: "foo"),
        Valid(
            input: "[::1]:5000/foo", normalized: "[::1]:5000/foo", familiar: "[::1]:5000/foo", domain: "[::1]:5000",
            path: "foo"),
        Valid(
            input: "ghcr.io/owner/app:1.0", normalized: "ghcr.io/owner/app:1.0", familiar: "ghcr.io/owner/app:1.0",
            domain: "ghcr.io", path: "owner/app"),
        Valid(input: "Foo/bar", normalized: "Foo/bar", familiar: "Foo/bar", domain: "Foo", path: "bar"),
        Valid(
            input: "foo__bar.baz-qux---x", normalized: "docker.io/library/foo__bar.baz-qux---x",
            familiar: "foo__bar.baz-qux---x", domain: "docker.io", path: "library/foo__bar.baz-qux---x"),
        Valid(
            input: "foo@" + digest, normalized: "docker.io/library/foo@" + digest, familiar: "foo@" + digest,
            domain: "docker.io", path: "library/foo"),
        Valid(
            input: "foo:v1@" + digest, normalized: "docker.io/library/foo:v1@" + digest, familiar: "foo:v1@" + digest,
            domain: "docker.io", path: "library/foo"),
        Valid(
            input: "localhost:5000", normalized: "docker.io/library/localhost:5000", familiar: "localhost:5000",
            domain: "docker.io", path: "library/localhost"),
        Valid(
            input: "LOCALDOMAIN/fooo", normalized: "LOCALDOMAIN/fooo", familiar: "LOCALDOMAIN/fooo",
            domain: "LOCALDOMAIN", path: "fooo"),
        Valid(
            input: "test_com/foo", normalized: "docker.io/test_com/foo", familiar: "test_com/foo", domain: "docker.io",
            path: "test_com/foo"),
        Valid(
            input: "xn--n3h.com:18080/foo", normalized: "xn--n3h.com:18080/foo", familiar: "xn--n3h.com:18080/foo",
            domain: "xn--n3h.com:18080", path: "foo"),
        Valid(
            input: "192.168.0.1:80", normalized: "docker.io/library/192.168.0.1:80", familiar: "192.168.0.1:80",
            domain: "docker.io", path: "library/192.168.0.1"),
        Valid(
            input: "[fc00:1:2:3:4:5:6:7]:5000/library/debian", normalized: "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
            familiar: "[fc00:1:2:3:4:5:6:7]:5000/library/debian", domain: "[fc00:1:2:3:4:5:6:7]:5000",
            path: "library/debian"),
        Valid(
            input: "docker---rules/docker", normalized: "docker.io/docker---rules/docker",
            familiar: "docker---rules/docker", domain: "docker.io", path: "docker---rules/docker"),
        Valid(
            input: "lowercase:Uppercase", normalized: "docker.io/library/lowercase:Uppercase",
            familiar: "lowercase:Uppercase", domain: "docker.io", path: "library/lowercase"),
        Valid(
            input: "b.gcr.io/test.example.com/my-app:test.example.com",
            normalized: "b.gcr.io/test.example.com/my-app:test.example.com",
            familiar: "b.gcr.io/test.example.com/my-app:test.example.com", domain: "b.gcr.io",
            path: "test.example.com/my-app"),
        Valid(
            input: "example.com/" + String(repeating: "a", count: 255) + ":tag",
            normalized: "example.com/" + String(repeating: "a", count: 255) + ":tag",
            familiar: "example.com/" + String(repeating: "a", count: 255) + ":tag", domain: "example.com",
            path: String(repeating: "a", count: 255)),
        Valid(
            input: "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            normalized: "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            familiar: "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", domain: "docker.io",
            path: "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"),
    ])
    func validReferencesNormalizeLikeDocker(_ c: Valid) throws {
        let reference = try Reference(parsing: c.input)
        #expect(reference.description == c.normalized)
        #expect(reference.familiarString == c.familiar)
        #expect(reference.domain == c.domain)
        #expect(reference.path == c.path)
    }

    @Test(arguments: [
        ("", "invalid reference format"),
        ("Foo", "invalid reference format: repository name (library/Foo) must be lowercase"),
        ("docker.io/Foo", "invalid reference format: repository name (library/Foo) must be lowercase"),
        ("foo/Bar:v1", "invalid reference format: repository name (foo/Bar) must be lowercase"),
        ("foo:", "invalid reference format"),
        (":tag", "invalid reference format"),
        ("foo//bar", "invalid reference format"),
        ("-foo", "invalid reference format"),
        ("foo-", "invalid reference format"),
        ("foo___bar", "invalid reference format"),
        ("foo..bar", "invalid reference format"),
        ("foo:-tag", "invalid reference format"),
        ("foo:" + String(repeating: "t", count: 129), "invalid reference format"),
        ("foo@sha256:abc", "invalid reference format"),
        ("foo@md5:" + String(repeating: "a", count: 32), "unsupported digest algorithm"),
        ("validname@sha512:" + String(repeating: "f", count: 128), "unsupported digest algorithm"),
        ("repo@sha256:" + String(repeating: "f", count: 34), "invalid checksum digest length"),
        (
            "domain/" + String(repeating: "a", count: 256) + ":tag",
            "repository name must not be more than 255 characters"
        ),
        ("docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase"),
        ("https://github.com/docker/docker", "invalid reference format"),
        ("-docker/docker", "invalid reference format"),
        ("docker///docker", "invalid reference format"),
        ("[fc00::1]:5000", "invalid reference format"),
        ("fc00::1:5000/debian", "invalid reference format"),
        ("[fe80::1%eth0]:5000/debian", "invalid reference format"),
        ("[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid reference format"),
        ("docker-/docker", "invalid reference format"),
        ("____/____", "invalid reference format"),
        ("dock_.er/docker", "invalid reference format"),
        ("docker/", "invalid reference format"),
        ("aa/asdf$$^/aa", "invalid reference format"),
        (
            "a/" + String(repeating: "b", count: 255),
            "repository name must not be more than 255 characters"
        ),
        (
            String(repeating: "0123456789abcdef", count: 4),
            "invalid repository name (" + String(repeating: "0123456789abcdef", count: 4)
                + "), cannot specify 64-byte hexadecimal strings"
        ),
        ("foo bar", "invalid reference format"),
        ("http://foo/bar", "invalid reference format"),
    ])
    func invalidReferencesGiveDockersMessage(input: String, message: String) {
        do {
            let parsed = try Reference(parsing: input)
            Issue.record("\"\(input)\" parsed as \(parsed)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func dockerReferenceAddsLatestOnlyWithoutTagOrDigest() throws {
        #expect(try Reference.parseDocker("ubuntu").description == "docker.io/library/ubuntu:latest")
        #expect(try Reference.parseDocker("ubuntu:22.04").tag == "22.04")
        let digested = try Reference.parseDocker("ubuntu:22.04@" + Self.digest)
        #expect(digested.tag == nil)
        #expect(digested.digest?.description == Self.digest)
    }

    @Test func referencesRoundTripThroughJSON() throws {
        let reference = try Reference(parsing: "localhost:5000/team/app:v2")
        let encoded = try JSONEncoder().encode([reference])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"localhost:5000\\/team\\/app:v2\"]")
        #expect(try JSONDecoder().decode([Reference].self, from: encoded) == [reference])
    }
}
