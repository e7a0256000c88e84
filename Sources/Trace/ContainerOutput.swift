import Foundation

/// Bytes a container's command wrote to one of its streams, exactly as written.
///
/// In a trace file they read as `"text"` when they are UTF-8 (what a learner's `echo` writes), and
/// as `"base64"` otherwise, so that no byte is lost or replaced.
public struct ContainerOutput: Codable, Sendable, Equatable {
    public enum Stream: String, Codable, Sendable {
        case standardOutput = "stdout"
        case standardError = "stderr"
    }

    /// The full 64-hex container ID.
    public var container: String
    public var stream: Stream
    public var bytes: [UInt8]

    public init(container: String, stream: Stream, bytes: [UInt8]) {
        self.container = container
        self.stream = stream
        self.bytes = bytes
    }

    private enum CodingKeys: String, CodingKey {
        case container, stream, text, base64
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        container = try values.decode(String.self, forKey: .container)
        stream = try values.decode(Stream.self, forKey: .stream)
        if let text = try values.decodeIfPresent(String.self, forKey: .text) {
            bytes = Array(text.utf8)
        } else {
            let encoded = try values.decode(String.self, forKey: .base64)
            guard let decoded = Data(base64Encoded: encoded) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .base64, in: values, debugDescription: "not base64: \(encoded.prefix(40))")
            }
            bytes = Array(decoded)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(container, forKey: .container)
        try values.encode(stream, forKey: .stream)
        if let text = String(validating: bytes, as: UTF8.self) {
            try values.encode(text, forKey: .text)
        } else {
            try values.encode(Data(bytes).base64EncodedString(), forKey: .base64)
        }
    }
}
