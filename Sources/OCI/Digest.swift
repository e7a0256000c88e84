// Source: https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests
import Crypto

/// A content address: the algorithm and the hex-encoded hash of some bytes.
///
/// Digests are parsed strictly (RELIABILITY R-D1): a registered, supported algorithm and a
/// lowercase hex encoding of exactly that algorithm's length. A digest is therefore always safe
/// to use as a path component.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The hash algorithms layerlab computes and accepts.
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha256
        case sha512

        /// How many hex characters an encoded hash of this algorithm has.
        public var encodedLength: Int {
            switch self {
            case .sha256: 64
            case .sha512: 128
            }
        }
    }

    /// Why a string is not a digest.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case missingSeparator(String)
        case unsupportedAlgorithm(String)
        case badEncoding(String)

        public var description: String {
            switch self {
            case .missingSeparator(let s): "invalid digest \"\(s)\": expected algorithm:hex"
            case .unsupportedAlgorithm(let s): "invalid digest \"\(s)\": unsupported algorithm"
            case .badEncoding(let s): "invalid digest \"\(s)\": encoded part must be lowercase hex of the right length"
            }
        }
    }

    /// The algorithm that produced ``encoded``.
    public let algorithm: Algorithm
    /// The lowercase hex hash.
    public let encoded: String

    /// Parses `algorithm:encoded`, refusing anything that is not exactly a supported digest.
    /// - Throws: ``ParseError`` naming the input.
    public init(parsing string: String) throws(ParseError) {
        guard let colon = string.firstIndex(of: ":") else { throw .missingSeparator(string) }
        guard let algorithm = Algorithm(rawValue: String(string[..<colon])) else {
            throw .unsupportedAlgorithm(string)
        }
        let encoded = String(string[string.index(after: colon)...])
        guard Self.isLowerHex(encoded, length: algorithm.encodedLength) else { throw .badEncoding(string) }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// Wraps an already computed hash.
    /// - Throws: ``ParseError/badEncoding(_:)`` when `encoded` is not lowercase hex of the algorithm's length.
    public init(algorithm: Algorithm, encoded: String) throws(ParseError) {
        guard Self.isLowerHex(encoded, length: algorithm.encodedLength) else {
            throw .badEncoding("\(algorithm.rawValue):\(encoded)")
        }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// The SHA-256 digest of `bytes`.
    public static func sha256(of bytes: some Sequence<UInt8>) -> Digest {
        var digester = Digester(.sha256)
        digester.update(Array(bytes))
        return digester.finalize()
    }

    /// `algorithm:encoded`, as written in manifests and configs.
    public var description: String { "\(algorithm.rawValue):\(encoded)" }

    /// The 12-character prefix of the hash that Docker shows as an image or layer ID.
    public var shortID: String { String(encoded.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    static func isLowerHex(_ s: String, length: Int) -> Bool {
        s.utf8.count == length && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

extension Digest: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try Digest(parsing: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Computes a ``Digest`` over bytes fed in pieces, so that a blob is hashed while it streams.
public struct Digester: Sendable {
    private enum State: Sendable {
        case sha256(SHA256)
        case sha512(SHA512)
    }

    private var state: State
    /// How many bytes have been fed so far.
    public private(set) var count: Int64 = 0

    public init(_ algorithm: Digest.Algorithm = .sha256) {
        switch algorithm {
        case .sha256: state = .sha256(SHA256())
        case .sha512: state = .sha512(SHA512())
        }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        count += Int64(bytes.count)
        switch state {
        case .sha256(var h):
            h.update(bufferPointer: bytes)
            state = .sha256(h)
        case .sha512(var h):
            h.update(bufferPointer: bytes)
            state = .sha512(h)
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far.
    public func finalize() -> Digest {
        let (algorithm, hash): (Digest.Algorithm, [UInt8]) =
            switch state {
            case .sha256(let h): (.sha256, Array(h.finalize()))
            case .sha512(let h): (.sha512, Array(h.finalize()))
            }
        let hex = hash.map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
        // The hex is produced here from a real hash, so it always has the algorithm's length.
        return Digest(unchecked: algorithm, encoded: hex)
    }
}

extension Digest {
    fileprivate init(unchecked algorithm: Algorithm, encoded: String) {
        self.algorithm = algorithm
        self.encoded = encoded
    }
}
