/// Refuses JSON documents in which one object names a key twice (RELIABILITY.md R-D5).
///
/// Parsers disagree about such documents: Foundation's `JSONDecoder` keeps the first value and
/// `JSONSerialization` the last (Go keeps the last). A manifest whose `mediaType` or `config` is
/// one thing to the check and another to the code that uses it is how CVE-2021-41190 confused
/// registries and clients, so layerlab reads no image document that has one.
public enum DuplicateKeys {
    public struct Found: Error, Sendable, CustomStringConvertible {
        public let key: String
        public var description: String {
            "the key \"\(key)\" appears twice in one object: parsers disagree about such a document, so it is refused"
        }
    }

    /// Throws ``Found`` for the first key an object repeats. Anything that is not valid JSON is
    /// left to the decoder to refuse; the scan itself never recurses.
    public static func check(_ bytes: [UInt8]) throws(Found) {
        // One entry per open container: the keys an object has named so far, `nil` for an array.
        var open: [Set<String>?] = []
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                open.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                open.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = open.popLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = open.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                let (text, end) = string(in: bytes, from: index)
                if expectingKey, !open.isEmpty, open[open.count - 1]?.insert(text).inserted == false {
                    throw Found(key: text)
                }
                expectingKey = false
                index = end
                continue
            default:
                break
            }
            index += 1
        }
    }

    /// The string starting at the quote at `start`, its escapes decoded (so `"a"` and `"\u0061"`
    /// are one key), and the index after its closing quote.
    private static func string(in bytes: [UInt8], from start: Int) -> (String, Int) {
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        var index = start + 1
        func flush() {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw = []
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                raw.append(bytes[index])
                index += 1
                continue
            }
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.count,
                    let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                else { continue }
                index += 4
                flush()
                // A surrogate half stays as the replacement character: equal escapes still compare equal.
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            case UInt8(ascii: "n"): raw.append(0x0A)
            case UInt8(ascii: "t"): raw.append(0x09)
            case UInt8(ascii: "r"): raw.append(0x0D)
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            default: raw.append(escaped)  // \" \\ \/
            }
        }
        flush()
        return (String(scalars), index + 1)
    }
}
