/// `chmod`'s mode operand (XCU `chmod`, "Extended Description"): octal (`755`), or symbolic
/// clauses `[ugoa]*[+-=][rwxXst]*` or `[+-=][ugo]`, separated by commas.
enum FileMode {
    /// The new permission bits for a file whose current bits are `current`.
    /// - Parameters:
    ///   - umask: masks the bits of clauses without `u`, `g`, `o` or `a` (`chmod +w` is `u+w`
    ///     under the usual 022).
    ///   - isDirectory: `X` sets execute bits on directories (and on files that have one).
    /// - Returns: `nil` for a malformed mode.
    static func parse(_ text: String, applyingTo current: UInt32, umask: UInt32, isDirectory: Bool = false) -> UInt32? {
        if !text.isEmpty, text.allSatisfy({ ("0"..."7").contains($0) }) {
            return UInt32(text, radix: 8).map { $0 & 0o7777 }
        }
        var mode = current & 0o7777
        for clause in text.split(separator: ",", omittingEmptySubsequences: false) {
            var characters = clause[...]
            var who: UInt32 = 0
            while let letter = characters.first, let bits = whoBits[letter] {
                who |= bits
                characters = characters.dropFirst()
            }
            let masked = who == 0
            if masked { who = 0o7777 }
            guard let first = characters.first, "+-=".contains(first) else { return nil }
            while let operation = characters.first, "+-=".contains(operation) {
                characters = characters.dropFirst()
                var permissions: UInt32 = 0
                while let letter = characters.first, "rwxXstugo".contains(letter) {
                    permissions |= bits(of: letter, mode: mode, isDirectory: isDirectory)
                    characters = characters.dropFirst()
                }
                var change = permissions & who
                if masked { change &= ~umask }
                switch operation {
                case "+": mode |= change
                case "-": mode &= ~change
                default: mode = (mode & ~(who & (masked ? ~umask : 0o7777))) | change
                }
            }
            guard characters.isEmpty else { return nil }
        }
        return mode
    }

    private static let whoBits: [Character: UInt32] = ["u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777]

    private static func bits(of letter: Character, mode: UInt32, isDirectory: Bool) -> UInt32 {
        switch letter {
        case "r": return 0o444
        case "w": return 0o222
        case "x": return 0o111
        case "X": return isDirectory || mode & 0o111 != 0 ? 0o111 : 0
        case "s": return 0o6000
        case "t": return 0o1000
        case "u": return ((mode >> 6) & 0o7) * 0o111
        case "g": return ((mode >> 3) & 0o7) * 0o111
        default: return (mode & 0o7) * 0o111
        }
    }
}
