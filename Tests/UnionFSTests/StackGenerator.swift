import Archive
import LayerlabTestSupport

/// Random but seeded stacks of layers for differential tests: whiteouts (also of names the same
/// layer has), opaque directories, files replacing directories and the reverse, symlinks, hard
/// links, FIFOs, modes and owners, on a small pool of names so that layers collide often.
struct StackGenerator {
    /// SplitMix64: small, seedable, the same sequence on every machine.
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    private mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    private enum Node {
        case directory(mode: UInt32, uid: Int, gid: Int)
        case file(content: String, mode: UInt32, uid: Int, gid: Int)
        case symlink(target: String, uid: Int, gid: Int)
        case hardlink(target: String)
        case fifo(mode: UInt32)
    }

    private static let names = ["a", "b", "c", "d"]
    private static let owners = [0, 1, 33, 1000, 65534]

    /// `count` layers, bottom first.
    mutating func stack(layers count: Int) -> [[TarFixtureEntry]] {
        (0..<count).map { layer in self.layer(number: layer) }
    }

    private mutating func randomPath() -> [String] {
        (0...below(3)).map { _ in pick(Self.names) }
    }

    private mutating func layer(number: Int) -> [TarFixtureEntry] {
        var nodes: [String: Node] = [:]
        let operations = 4 + below(11)
        for _ in 0..<operations {
            let path = randomPath()
            switch below(20) {
            case 0..<6:
                let content = String(repeating: "layer \(number) \(path.joined(separator: "/")) ", count: 1 + below(40))
                put(
                    .file(
                        content: content, mode: pick([0o644, 0o600, 0o755, 0o4755, 0o640]), uid: pick(Self.owners),
                        gid: pick(Self.owners)), at: path, in: &nodes)
            case 6..<10:
                put(
                    .directory(
                        mode: pick([0o755, 0o750, 0o700, 0o775, 0o1777]), uid: pick(Self.owners), gid: pick(Self.owners)
                    ),
                    at: path, in: &nodes)
            case 10..<12:
                put(
                    .symlink(
                        target: pick(["a", "../b", "/etc/passwd", "c/d", "nowhere", "."]), uid: pick(Self.owners),
                        gid: pick(Self.owners)), at: path, in: &nodes)
            case 12..<14:
                let files = nodes.keys.sorted().filter {
                    if case .file = nodes[$0] {
                        !($0.split(separator: "/").last ?? "").hasPrefix(".wh.")
                    } else {
                        false
                    }
                }
                guard !files.isEmpty else { continue }
                let target = pick(files)
                guard target != path.joined(separator: "/") else { continue }
                put(.hardlink(target: target), at: path, in: &nodes)
            case 14..<17:
                // A whiteout of the path, which lower layers (or this one) may have.
                let whiteout = Array(path.dropLast()) + [".wh." + path[path.count - 1]]
                put(.file(content: "", mode: 0o644, uid: 0, gid: 0), at: whiteout, in: &nodes)
            case 17..<19:
                put(.directory(mode: 0o755, uid: 0, gid: 0), at: path, in: &nodes, keepExisting: true)
                put(.file(content: "", mode: 0o644, uid: 0, gid: 0), at: path + [".wh..wh..opq"], in: &nodes)
            default:
                put(.fifo(mode: pick([0o644, 0o600])), at: path, in: &nodes)
            }
        }
        return entries(nodes)
    }

    /// Puts `node` at `path`, making parents directories (replacing non-directories there) and
    /// removing whatever was at `path`, as a later tar entry replaces an earlier one.
    private mutating func put(
        _ node: Node, at path: [String], in nodes: inout [String: Node], keepExisting: Bool = false
    ) {
        for depth in 1..<path.count {
            let parent = path.prefix(depth).joined(separator: "/")
            if case .directory = nodes[parent] { continue }
            removeTree(parent, from: &nodes)
            nodes[parent] = .directory(mode: 0o755, uid: pick(Self.owners), gid: 0)
        }
        let key = path.joined(separator: "/")
        if keepExisting, case .directory = nodes[key] { return }
        let isDirectory = if case .directory = node { true } else { false }
        if case .directory = nodes[key], isDirectory {
            nodes[key] = node
            return
        }
        removeTree(key, from: &nodes)
        nodes[key] = node
    }

    private func removeTree(_ path: String, from nodes: inout [String: Node]) {
        for key in nodes.keys where key == path || key.hasPrefix(path + "/") { nodes[key] = nil }
    }

    /// Tar entries, parents first; hard links last so that their targets exist.
    private func entries(_ nodes: [String: Node]) -> [TarFixtureEntry] {
        var entries: [TarFixtureEntry] = []
        var links: [TarFixtureEntry] = []
        for path in nodes.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            switch nodes[path] {
            case .directory(let mode, let uid, let gid):
                entries.append(TarFixtureEntry.directory(path, mode: mode).owned(uid, gid))
            case .file(let content, let mode, let uid, let gid):
                entries.append(TarFixtureEntry.file(path, content, mode: mode).owned(uid, gid))
            case .symlink(let target, let uid, let gid):
                entries.append(TarFixtureEntry.symlink(path, to: target).owned(uid, gid))
            case .hardlink(let target):
                if case .file = nodes[target] { links.append(.hardlink(path, to: target)) }
            case .fifo(let mode):
                entries.append(TarFixtureEntry(TarEntry(path: ArchivePath(path), kind: .fifo, mode: mode)))
            case nil:
                continue
            }
        }
        return entries + links
    }
}
