import Foundation
import OCI
import Testing

/// One run of the distribution-spec conformance checks against a registry at `base`: the
/// requests as the suite sends them (reggie's rules: follow-ups go to the path and query of the
/// last `Location`, `digest` is added to that query) and a record of every check, so a test can
/// say how many held and name the ones that did not.
final class ConformanceRun {
    struct Check {
        var title: String
        var passed: Bool
        var detail: String
    }

    let base: String
    let namespace: String
    private(set) var checks: [Check] = []

    init(base: String, namespace: String) {
        self.base = base
        self.namespace = namespace
    }

    /// Records a check under the suite's own title.
    func check(_ title: String, _ passed: Bool, _ detail: @autoclosure () -> String = "") {
        checks.append(Check(title: title, passed: passed, detail: passed ? "" : detail()))
    }

    /// Records that `response.status` is one of `accepted`, and returns whether it was.
    @discardableResult
    func status(_ title: String, _ response: RawResponse, _ accepted: Set<Int>) -> Bool {
        let passed = accepted.contains(response.status)
        check(title, passed, "status \(response.status), expected one of \(accepted.sorted()): \(response.text)")
        return passed
    }

    var failures: [Check] { checks.filter { !$0.passed } }

    // MARK: Requests

    func send(
        _ method: String, _ pathAndQuery: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws -> RawResponse {
        try await raw(method, base + pathAndQuery, headers: headers, body: body)
    }

    func send(_ method: String, v2 path: String, headers: [(String, String)] = [], body: [UInt8]? = nil)
        async throws -> RawResponse
    {
        try await send(method, "/v2/\(namespace)/\(path)", headers: headers, body: body)
    }

    /// The path and query of a response's `Location`, however it was written (absolute or not).
    static func relativeLocation(_ response: RawResponse) -> String {
        guard let location = response.header("Location") else { return "" }
        guard let components = URLComponents(string: location) else { return location }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// `location` with `digest=` added to its query.
    static func adding(digest: Digest, to location: String) -> String {
        location + (location.contains("?") ? "&" : "?") + "digest=\(digest)"
    }

    static let octetStream = ("Content-Type", "application/octet-stream")
    static let manifestType = MediaType.ociManifest.rawValue

    /// The suite's setup helper: open a session, then one PUT of the whole blob; the PUT must be 2xx.
    func upload(_ title: String, _ bytes: [UInt8], repository: String? = nil) async throws {
        let session = try await send("POST", "/v2/\(repository ?? namespace)/blobs/uploads/")
        let put = try await send(
            "PUT", Self.adding(digest: Digest.sha256(of: bytes), to: Self.relativeLocation(session)),
            headers: [Self.octetStream], body: bytes)
        status(title, put, Set(200..<300))
    }

    /// The suite's setup helper for manifests: a PUT that must be 2xx.
    func pushManifest(_ title: String, _ bytes: [UInt8], reference: String) async throws {
        let put = try await send(
            "PUT", v2: "manifests/\(reference)", headers: [("Content-Type", Self.manifestType)], body: bytes)
        status(title, put, Set(200..<300))
    }
}

/// The suite's test data, made as its `setup.go` makes it: configs with a random author (so each
/// run's digests are new), manifests whose descriptors carry `data` and a field no spec defines,
/// and blobs of random bytes.
struct ConformanceData {
    var configs: [[UInt8]]
    var manifests: [[UInt8]]
    var layer: [UInt8]
    var emptyLayerManifest: [UInt8]
    var blobA: [UInt8]
    var blobB: [UInt8]

    /// sha256("hello world"), which no step pushes.
    static let dummyDigest = Digest.sha256(of: Array("hello world".utf8))
    static let nonexistentManifest = ".INVALID_MANIFEST_NAME"

    init() {
        var generator = SystemRandomNumberGenerator()
        func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let letters = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")
        configs = (0..<5).map { _ in
            let author = String((0..<16).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
            return Array(
                """
                {
                \t"author": "\(author)",
                \t"architecture": "amd64",
                \t"os": "linux",
                \t"rootfs": {
                \t\t"type": "layers",
                \t\t"diff_ids": []
                \t}
                }
                """.utf8)
        }
        layer = random(168)
        blobA = random(42)
        blobB = random(42)
        let layer = self.layer
        func configDescriptor(_ config: [UInt8]) -> String {
            """
            {
            \t\t"mediaType": "application/vnd.oci.image.config.v1+json",
            \t\t"digest": "\(Digest.sha256(of: config))",
            \t\t"size": \(config.count),
            \t\t"data": "\(Data(config).base64EncodedString())",
            \t\t"newUnspecifiedField": "aGVsbG8gd29ybGQ="
            \t}
            """
        }
        let layers = """
            [
            \t\t{
            \t\t\t"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
            \t\t\t"digest": "\(Digest.sha256(of: layer))",
            \t\t\t"size": \(layer.count),
            \t\t\t"newUnspecifiedField": null
            \t\t}
            \t]
            """
        manifests = configs.map { config in
            Array(
                """
                {
                \t"schemaVersion": 2,
                \t"mediaType": "application/vnd.oci.image.manifest.v1+json",
                \t"config": \(configDescriptor(config)),
                \t"layers": \(layers)
                }
                """.utf8)
        }
        emptyLayerManifest = Array(
            """
            {
            \t"schemaVersion": 2,
            \t"config": \(configDescriptor(configs[1])),
            \t"layers": []
            }
            """.utf8)
    }

    func digest(_ bytes: [UInt8]) -> Digest { Digest.sha256(of: bytes) }
}
