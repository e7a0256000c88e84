import Foundation
import OCI

// Source: the OCI distribution-spec conformance suite (conformance/01_pull_test.go …
// 04_management_test.go, the ginkgo suite of v1.1.1 with its three later fixes), re-told: the same
// requests in the same order, the same accepted statuses, the checks under the suite's titles.
// Not claimed, so not run: the referrers API and OCI-Subject (part of content discovery), the
// automatic cross-mount checks (off unless OCI_AUTOMATIC_CROSSMOUNT is set), OCI-Chunk-Min-Length.
extension ConformanceRun {
    /// Pull, push, content discovery (tag listing) and content management, in the suite's order,
    /// each followed by its teardown (manifests before blobs, the suite's default).
    func allWorkflows(data: ConformanceData, crossmount: String) async throws {
        try await pull(data)
        try await push(data, crossmount: crossmount)
        try await discovery(data)
        try await management(data)
    }

    private static let anySuccess = Set(200..<300)
    private static let deleted = anySuccess.union([404, 405])
    private var accept: (String, String) { ("Accept", Self.manifestType) }

    func pull(_ data: ConformanceData) async throws {
        let (config0, config1) = (data.digest(data.configs[0]), data.digest(data.configs[1]))
        let (manifest0, manifest1) = (data.digest(data.manifests[0]), data.digest(data.manifests[1]))
        try await upload("Populate registry with test blob", data.configs[0])
        try await upload("Populate registry with test blob", data.configs[1])
        try await upload("Populate registry with test layer", data.layer)
        try await pushManifest("Populate registry with test manifest", data.manifests[0], reference: "tagtest0")
        try await pushManifest(
            "Populate registry with test manifest", data.manifests[1], reference: manifest1.description)

        let dummy = ConformanceData.dummyDigest
        status(
            "HEAD request to nonexistent blob should result in 404 response",
            try await send("HEAD", v2: "blobs/\(dummy)"), [404])
        let head = try await send("HEAD", v2: "blobs/\(config0)")
        status("HEAD request to existing blob should yield 200", head, [200])
        checkDigestHeader("HEAD request to existing blob should yield 200", head, config0)
        status(
            "GET nonexistent blob should result in 404 response",
            try await send("GET", v2: "blobs/\(dummy)"), [404])
        status(
            "GET request to existing blob URL should yield 200", try await send("GET", v2: "blobs/\(config0)"), [200])

        let missing = ConformanceData.nonexistentManifest
        status(
            "HEAD request to nonexistent manifest should return 404",
            try await send("HEAD", v2: "manifests/\(missing)"), [404])
        for (index, digest) in [manifest0, manifest1].enumerated() {
            let title = "HEAD request to manifest[\(index)] path (digest) should yield 200 response"
            let answer = try await send("HEAD", v2: "manifests/\(digest)", headers: [accept])
            status(title, answer, [200])
            checkDigestHeader(title, answer, digest)
        }
        let byTag = try await send("HEAD", v2: "manifests/tagtest0", headers: [accept])
        status("HEAD request to manifest path (tag) should yield 200 response", byTag, [200])
        checkDigestHeader("HEAD request to manifest path (tag) should yield 200 response", byTag, manifest0)
        status(
            "GET nonexistent manifest should return 404", try await send("GET", v2: "manifests/\(missing)"), [404])
        for (index, digest) in [manifest0, manifest1].enumerated() {
            status(
                "GET request to manifest[\(index)] path (digest) should yield 200 response",
                try await send("GET", v2: "manifests/\(digest)", headers: [accept]), [200])
        }
        status(
            "GET request to manifest path (tag) should yield 200 response",
            try await send("GET", v2: "manifests/tagtest0", headers: [accept]), [200])

        let wrong = try await send(
            "GET", v2: "manifests/sha256:totallywrong", headers: [("Content-Type", Self.manifestType)],
            body: Array("blablabla".utf8))
        if status("400 response body should contain OCI-conforming JSON message", wrong, [400, 404]),
            wrong.status == 400
        {
            check(
                "400 response body should contain OCI-conforming JSON message",
                wrong.errorCodes.first.map(Self.errorCodes.contains) == true, "error codes \(wrong.errorCodes)")
        }

        status(
            "Delete manifest[0] created in setup", try await send("DELETE", v2: "manifests/\(manifest0)"),
            Self.anySuccess.union([405]))
        status(
            "Delete manifest[1] created in setup", try await send("DELETE", v2: "manifests/\(manifest1)"),
            Self.anySuccess.union([405]))
        status("Delete config[0] blob created in setup", try await send("DELETE", v2: "blobs/\(config0)"), Self.deleted)
        status("Delete config[1] blob created in setup", try await send("DELETE", v2: "blobs/\(config1)"), Self.deleted)
        status(
            "Delete layer blob created in setup", try await send("DELETE", v2: "blobs/\(data.digest(data.layer))"),
            Self.deleted)
    }

    /// The codes a 400 may carry, as the suite lists them.
    static let errorCodes: Set<String> = [
        "BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN",
        "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "MANIFEST_UNVERIFIED", "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID",
        "TAG_INVALID", "UNAUTHORIZED", "DENIED", "UNSUPPORTED",
    ]

    /// `Docker-Content-Digest` is optional, but when it is there it must be right.
    private func checkDigestHeader(_ title: String, _ response: RawResponse, _ digest: Digest) {
        guard let header = response.header("Docker-Content-Digest") else { return }
        check(title, header == digest.description, "Docker-Content-Digest \(header), expected \(digest)")
    }

    /// `Location` is there and not empty.
    private func checkLocation(_ title: String, _ response: RawResponse) {
        check(title, !(response.header("Location") ?? "").isEmpty, "no Location header")
    }

    func push(_ data: ConformanceData, crossmount: String) async throws {
        let (blobA, blobB) = (data.digest(data.blobA), data.digest(data.blobB))
        let config1 = data.digest(data.configs[1])
        let layer = data.digest(data.layer)

        // Blob Upload Streamed
        let streamed = try await send("POST", v2: "blobs/uploads/")
        checkLocation("PATCH request with blob in body should yield 202 response", streamed)
        let patch = try await send(
            "PATCH", Self.relativeLocation(streamed), headers: [Self.octetStream], body: data.blobA)
        status("PATCH request with blob in body should yield 202 response", patch, [202])
        let close = try await send(
            "PUT", Self.adding(digest: blobA, to: Self.relativeLocation(patch)), headers: [Self.octetStream],
            body: [])
        status("PUT request to session URL with digest should yield 201 response", close, [201])
        checkLocation("PUT request to session URL with digest should yield 201 response", close)

        // Blob Upload Monolithic
        status(
            "GET nonexistent blob should result in 404 response",
            try await send("GET", v2: "blobs/\(ConformanceData.dummyDigest)"), [404])
        let single = try await send(
            "POST", v2: "blobs/uploads/?digest=\(config1)", headers: [Self.octetStream], body: data.configs[1])
        status("POST request with digest and blob should yield a 201 or 202", single, [201, 202])
        checkLocation("POST request with digest and blob should yield a 201 or 202", single)
        status(
            "GET request to blob URL from prior request should yield 200 or 404 based on response code",
            try await send("GET", v2: "blobs/\(config1)"), [single.status == 202 ? 404 : 200])
        let session = try await send("POST", v2: "blobs/uploads/")
        status("POST request should yield a session ID", session, [202])
        let put = try await send(
            "PUT", Self.adding(digest: config1, to: Self.relativeLocation(session)), headers: [Self.octetStream],
            body: data.configs[1])
        status("PUT upload of a blob should yield a 201 Response", put, [201])
        checkLocation("PUT upload of a blob should yield a 201 Response", put)
        status(
            "GET request to existing blob should yield 200 response", try await send("GET", v2: "blobs/\(config1)"),
            [200])
        let layerSession = try await send("POST", v2: "blobs/uploads/")
        let layerPut = try await send(
            "PUT", Self.adding(digest: layer, to: Self.relativeLocation(layerSession)), headers: [Self.octetStream],
            body: data.layer)
        status("PUT upload of a layer blob should yield a 201 Response", layerPut, [201])
        checkLocation("PUT upload of a layer blob should yield a 201 Response", layerPut)
        status(
            "GET request to existing layer should yield 200 response", try await send("GET", v2: "blobs/\(layer)"),
            [200])

        try await chunked(data, blobB: blobB)
        try await crossMount(blobA: blobA, into: crossmount)

        // Manifest Upload
        status(
            "GET nonexistent manifest should return 404",
            try await send("GET", v2: "manifests/\(ConformanceData.nonexistentManifest)"), [404])
        for tag in ["test0", "test1", "test2", "test3"] {
            let answer = try await send(
                "PUT", v2: "manifests/\(tag)", headers: [("Content-Type", Self.manifestType)], body: data.manifests[1])
            status("PUT should accept a manifest upload", answer, [201])
            checkLocation("PUT should accept a manifest upload", answer)
        }
        // The suite only warns when a manifest without layers is refused; layerlab's registry takes it.
        let empty = try await send(
            "PUT", v2: "manifests/emptylayer", headers: [("Content-Type", Self.manifestType)],
            body: data.emptyLayerManifest)
        status("Registry should accept a manifest upload with no layers", empty, [201])
        status(
            "GET request to manifest URL (digest) should yield 200 response",
            try await send("GET", v2: "manifests/\(data.digest(data.manifests[1]))", headers: [accept]), [200])

        for manifest in [data.manifests[1]] + (empty.status == 201 ? [data.emptyLayerManifest] : []) {
            status(
                "Delete manifest created in tests", try await send("DELETE", v2: "manifests/\(data.digest(manifest))"),
                Self.anySuccess.union([405]))
        }
        status("Delete config blob created in tests", try await send("DELETE", v2: "blobs/\(config1)"), Self.deleted)
        status("Delete layer blob created in setup", try await send("DELETE", v2: "blobs/\(layer)"), Self.deleted)
    }

    /// Chunks as the suite sends them: `Content-Range` and `Range` without `bytes=`.
    private func chunked(_ data: ConformanceData, blobB: Digest) async throws {
        let first = Array(data.blobB[..<22])
        let second = Array(data.blobB[22...])
        func chunk(_ location: String, _ bytes: [UInt8], _ range: String) async throws -> RawResponse {
            try await send("PATCH", location, headers: [Self.octetStream, ("Content-Range", range)], body: bytes)
        }
        let outOfOrder = try await send("POST", v2: "blobs/uploads/", body: [])
        checkLocation("Out-of-order blob upload should return 416", outOfOrder)
        status(
            "Out-of-order blob upload should return 416",
            try await chunk(Self.relativeLocation(outOfOrder), second, "22-41"), [416])

        let previous = try await send("POST", v2: "blobs/uploads/", body: [])
        checkLocation("PATCH request with first chunk should return 202", previous)
        let firstAnswer = try await chunk(Self.relativeLocation(previous), first, "0-21")
        status("PATCH request with first chunk should return 202", firstAnswer, [202])
        check(
            "PATCH request with first chunk should return 202", firstAnswer.header("Range") == "0-21",
            "Range \(firstAnswer.header("Range") ?? "missing")")
        status(
            "Retry previous blob chunk should return 416",
            try await chunk(Self.relativeLocation(previous), first, "0-21"), [416])
        let stale = try await send("GET", Self.relativeLocation(previous))
        status("Get on stale blob upload should return 204 with a range and location", stale, [204])
        checkLocation("Get on stale blob upload should return 204 with a range and location", stale)
        check(
            "Get on stale blob upload should return 204 with a range and location", stale.header("Range") == "0-21",
            "Range \(stale.header("Range") ?? "missing")")
        let secondAnswer = try await chunk(Self.relativeLocation(stale), second, "22-41")
        status("PATCH request with second chunk should return 202", secondAnswer, [202])
        checkLocation("PATCH request with second chunk should return 202", secondAnswer)
        check(
            "PATCH request with second chunk should return 202", secondAnswer.header("Range") == "0-41",
            "Range \(secondAnswer.header("Range") ?? "missing")")
        let close = try await send(
            "PUT", Self.adding(digest: blobB, to: Self.relativeLocation(secondAnswer)), headers: [Self.octetStream],
            body: [])
        status("PUT request with digest should return 201", close, [201])
        checkLocation("PUT request with digest should return 201", close)
    }

    private func crossMount(blobA: Digest, into target: String) async throws {
        let withoutFrom = try await send("POST", "/v2/\(target)/blobs/uploads/?mount=\(ConformanceData.dummyDigest)")
        status("Cross-mounting of a blob without the from argument should yield session id", withoutFrom, [202])
        checkLocation("Cross-mounting of a blob without the from argument should yield session id", withoutFrom)
        let mount = try await send("POST", "/v2/\(target)/blobs/uploads/?mount=\(blobA)&from=\(namespace)")
        status("POST request to mount another repository's blob should return 201 or 202", mount, [201, 202])
        let location = Self.relativeLocation(mount)
        if mount.status == 201 {
            let title = "GET request to test digest within cross-mount namespace should return 200"
            check(title, location == "/v2/\(target)/blobs/\(blobA)", "Location \(location)")
            status(title, try await send("GET", location), [200])
        } else {
            check(
                "Cross-mounting of nonexistent blob should yield session id",
                location.hasPrefix("/v2/\(target)/blobs/uploads/"), "Location \(location)")
        }
    }

    func discovery(_ data: ConformanceData) async throws {
        try await upload("Populate registry with test blob", data.configs[2])
        try await upload("Populate registry with test layer", data.layer)
        for index in 0..<4 {
            for tag in ["test\(index)", "TEST\(index)"] {
                try await pushManifest("Populate registry with test tags", data.manifests[2], reference: tag)
            }
        }
        let title = "GET request to list tags should yield 200 response and be in sorted order"
        let list = try await send("GET", v2: "tags/list")
        status(title, list, [200])
        let tags = Self.tags(list)
        let caseless = tags.sorted { $0.lowercased() < $1.lowercased() }
        let bytewise = tags.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        check(
            title, tags.map { $0.lowercased() } == caseless.map { $0.lowercased() } || tags == bytewise,
            "tags \(tags)")

        let limit = tags.count / 2
        let limited = try await send("GET", v2: "tags/list?n=\(limit)")
        status("GET number of tags should be limitable by `n` query parameter", limited, [200])
        check(
            "GET number of tags should be limitable by `n` query parameter", Self.tags(limited).count == limit,
            "\(Self.tags(limited).count) tags for n=\(limit)")
        let firstPage = Self.tags(try await send("GET", v2: "tags/list?n=\(limit)"))
        if let last = firstPage.last {
            let next = try await send("GET", v2: "tags/list?n=\(limit)&last=\(last)")
            status("GET start of tag is set by `last` query parameter", next, [200])
            check(
                "GET start of tag is set by `last` query parameter",
                Self.tags(next).count <= limit && !Self.tags(next).contains(last), "after \(last): \(Self.tags(next))")
        }

        status(
            "Delete created manifest & associated tags",
            try await send("DELETE", v2: "manifests/\(data.digest(data.manifests[2]))"), Self.deleted)
        status(
            "Delete config blob created in tests",
            try await send("DELETE", v2: "blobs/\(data.digest(data.configs[2]))"), Self.deleted)
        status(
            "Delete layer blob created in setup", try await send("DELETE", v2: "blobs/\(data.digest(data.layer))"),
            Self.deleted)
    }

    static func tags(_ response: RawResponse) -> [String] {
        struct List: Decodable { var tags: [String]? }
        return (try? JSONDecoder().decode(List.self, from: Data(response.body)))?.tags ?? []
    }

    func management(_ data: ConformanceData) async throws {
        let manifest3 = data.digest(data.manifests[3])
        try await upload("Populate registry with test config blob", data.configs[3])
        try await upload("Populate registry with test layer", data.layer)
        try await pushManifest("Populate registry with test tag", data.manifests[3], reference: "tagtest0")
        let before = try await send("GET", v2: "tags/list")
        status("Check how many tags there are before anything gets deleted", before, [200])
        let count = Self.tags(before).count

        let title = "DELETE request to manifest tag should return 202, unless tag deletion is disallowed (400/405)"
        let tagDelete = try await send("DELETE", v2: "manifests/tagtest0")
        if status(title, tagDelete, [202, 400, 405]), tagDelete.status == 400 {
            check(title, tagDelete.errorCodes.first == "UNSUPPORTED", "error codes \(tagDelete.errorCodes)")
        }
        status(
            "DELETE request to manifest (digest) should yield 202 response unless already deleted",
            try await send("DELETE", v2: "manifests/\(manifest3)"), [202, 404])
        status(
            "GET request to deleted manifest URL should yield 404 response, unless delete is disallowed",
            try await send("GET", v2: "manifests/\(manifest3)", headers: [accept]), [404, 200])
        let after = try await send("GET", v2: "tags/list")
        if status("GET request to tags list should reflect manifest deletion", after, [200, 404]) {
            let remaining = after.status == 404 ? 0 : Self.tags(after).count
            check(
                "GET request to tags list should reflect manifest deletion", remaining == count - 1,
                "\(remaining) tags after the delete, \(count) before")
        }

        status(
            "DELETE request to blob URL should yield 202 response",
            try await send("DELETE", v2: "blobs/\(data.digest(data.configs[3]))"), [202, 404, 405])
        let layerDelete = try await send("DELETE", v2: "blobs/\(data.digest(data.layer))")
        status("DELETE request to blob URL should yield 202 response", layerDelete, [202, 404, 405])
        if layerDelete.status != 405 {
            status(
                "GET request to deleted blob URL should yield 404 response",
                try await send("GET", v2: "blobs/\(data.digest(data.configs[3]))"), [404])
        }
    }
}
