import Archive
import Dockerfile
import Foundation
import OCI

/// The parsers and decoders layerlab points at input it did not make, each as a function of raw
/// bytes that must never crash, hang or break its invariant, whatever the bytes (RELIABILITY.md
/// R-F1). `make fuzz` drives each with libFuzzer; the committed corpus under `Fuzz/corpus/<name>/`
/// (seeds, and every input that ever found a bug) runs through them in `make test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The tar reader: every entry and its content.
    case tar
    /// gzip, then tar, as a layer blob is read.
    case gzipTar = "gzip-tar"
    /// The Dockerfile parser and the build plan made from it.
    case dockerfile
    /// Docker references (`NAME[:TAG][@DIGEST]`), which must print back to what parses the same.
    case reference
    /// Digests (`algorithm:hex`), which must print back to their own text.
    case digest
    /// The duplicate-key scan, and manifests, indexes and configs, which must encode back to equal values.
    case documents
    /// A layer applied to a root folder: nothing may appear or change outside it (containerd's `FuzzApply`).
    case applyLayer = "apply-layer"
    /// `WWW-Authenticate` headers, whose challenges must print back to a header that parses the same.
    case wwwAuthenticate = "www-authenticate"

    /// Runs the target on one input; a broken invariant stops the process, as libFuzzer wants.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .tar: Self.readTar(BufferSource(bytes))
        case .gzipTar:
            guard let source = try? GzipDecompressingSource(BufferSource(bytes), maxOutputBytes: 16 << 20) else {
                return
            }
            Self.readTar(source)
        case .dockerfile:
            _ = try? BuildPlan.parse(String(decoding: bytes, as: UTF8.self))
        case .reference:
            Self.roundTripReference(String(decoding: bytes, as: UTF8.self))
        case .digest:
            let text = String(decoding: bytes, as: UTF8.self)
            if let digest = try? Digest(parsing: text) {
                precondition(digest.description == text, "digest \(text) prints as \(digest)")
            }
        case .documents:
            _ = try? DuplicateKeys.check(bytes)
            Self.roundTrip(Manifest.self, bytes)
            Self.roundTrip(Index.self, bytes)
            Self.roundTrip(ImageConfig.self, bytes)
        case .applyLayer:
            LayerApplyCheck.shared.run(bytes)
        case .wwwAuthenticate:
            Self.roundTripChallenges(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// `\\` and `\"` escaped scalar by scalar, as the parser reads them: String's own replacing
    /// works on characters, and a quote followed by a combining mark is one character (the fuzzer
    /// found that).
    private static func quotedPair(_ value: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { escaped.append("\\") }
            escaped.append(scalar)
        }
        return String(escaped)
    }

    private static func roundTripChallenges(_ header: String) {
        let challenges = AuthChallenge.parse(header)
        let printed = challenges.map { challenge in
            ([challenge.scheme]
                + challenge.parameters.sorted { $0.key < $1.key }.map { key, value in
                    return "\(key)=\"\(Self.quotedPair(value))\","
                }).joined(separator: " ")
        }
        let again = AuthChallenge.parse(printed.joined(separator: " "))
        precondition(
            again == challenges, "\(header) parses as \(challenges), printed \(printed), which parses as \(again)")
    }

    private static func readTar(_ source: some ByteSource) {
        var reader = TarReader(source)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while let entry = try? reader.next() {
            var read: Int64 = 0
            while let count = try? buffer.withUnsafeMutableBytes({ try reader.readContent(into: $0) }), count > 0 {
                read += Int64(count)
            }
            precondition(read <= max(entry.size, 0), "read \(read) bytes of an entry of \(entry.size)")
        }
    }

    private static func roundTripReference(_ text: String) {
        guard let reference = try? Reference.parseDocker(text) else { return }
        let again = try? Reference.parseDocker(reference.description)
        precondition(again == reference, "\(text) parses as \(reference), which parses as \(String(describing: again))")
    }

    private static func roundTrip<T: Codable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
        guard let value = try? JSONDecoder().decode(type, from: Data(bytes)) else { return }
        guard let encoded = try? JSONEncoder().encode(value) else {
            preconditionFailure("a decoded \(type) does not encode")
        }
        let again = try? JSONDecoder().decode(type, from: encoded)
        precondition(again == value, "a \(type) changes when encoded and decoded again")
    }
}
