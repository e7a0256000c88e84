import Foundation

// Source: RFC 7235 §4.1 and https://distribution.github.io/distribution/spec/auth/token/
// Here, not in Registry, because it is a parser of text from the network like the reference and
// digest parsers: the fuzz target for it then needs no HTTP stack (R-F1).
/// One challenge of a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
public struct AuthChallenge: Sendable, Equatable {
    /// The scheme as sent (`Bearer`, `Basic`); compare with ``isBearer``/``isBasic``, which ignore case.
    public var scheme: String
    /// The parameters, keys lowercased, values unquoted and unescaped.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    public var isBearer: Bool { scheme.lowercased() == "bearer" }
    public var isBasic: Bool { scheme.lowercased() == "basic" }
    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }

    /// Parses every challenge of a header value. Quoted values may hold commas and `\"`; several
    /// challenges may follow one another (`Basic realm="a", Bearer realm="b"`). What cannot be
    /// parsed is skipped rather than guessed.
    public static func parse(_ header: String) -> [AuthChallenge] {
        let chars = Array(header.unicodeScalars)
        var i = 0
        var challenges: [AuthChallenge] = []

        func skipSpaces() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }
        func isTokenChar(_ c: Unicode.Scalar) -> Bool {
            c.isASCII && c.value > 32 && !"()<>@,;:\\\"/[]?={} \t".unicodeScalars.contains(c)
        }
        func token() -> String {
            let start = i
            while i < chars.count, isTokenChar(chars[i]) || chars[i] == "/" { i += 1 }
            return String(String.UnicodeScalarView(chars[start..<i]))
        }
        func quoted() -> String? {
            guard i < chars.count, chars[i] == "\"" else { return nil }
            i += 1
            var value = String.UnicodeScalarView()
            while i < chars.count {
                let c = chars[i]
                i += 1
                if c == "\"" { return String(value) }
                if c == "\\", i < chars.count {
                    value.append(chars[i])
                    i += 1
                } else {
                    value.append(c)
                }
            }
            return nil  // unterminated
        }

        while i < chars.count {
            while i < chars.count, chars[i] == " " || chars[i] == "," || chars[i] == "\t" { i += 1 }
            let scheme = token()
            guard !scheme.isEmpty else { break }
            var challenge = AuthChallenge(scheme: scheme)
            while true {
                skipSpaces()
                let mark = i
                let name = token()
                skipSpaces()
                guard !name.isEmpty, i < chars.count, chars[i] == "=" else {
                    i = mark  // not a parameter: a new challenge starts here
                    break
                }
                i += 1
                skipSpaces()
                let value: String
                if i < chars.count, chars[i] == "\"" {
                    guard let q = quoted() else { break }  // unterminated: drop the parameter
                    value = q
                } else {
                    let start = i
                    while i < chars.count, chars[i] != ",", chars[i] != " " { i += 1 }
                    value = String(String.UnicodeScalarView(chars[start..<i]))
                }
                challenge.parameters[name.lowercased()] = value
                skipSpaces()
                if i < chars.count, chars[i] == "," {
                    i += 1
                    continue
                }
                break
            }
            challenges.append(challenge)
            if i < chars.count, chars[i] != "," && chars[i] != " " {
                // Garbage where a separator should be: stop rather than misread the rest.
                // A scheme as `token()` reads it, so a header this parser printed reads back the same.
                if isTokenChar(chars[i]) || chars[i] == "/" { continue }
                break
            }
        }
        return challenges
    }
}
