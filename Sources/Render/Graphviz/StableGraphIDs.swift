import CGraphviz
import Foundation

/// Reads DOT with an ID discipline of our own so that rendering is deterministic.
///
/// cgraph's default discipline uses the address of a name's interned string as its object ID, and
/// orders subgraphs by ID; so within one process, clusters came out in a different order on every
/// render. Here a name's ID is its order of first appearance (even numbers, as cgraph reserves odd
/// ones for anonymous objects), which is the same on every run and keeps the order of the DOT text.
/// All of this runs inside ``Graphviz``'s lock, which is what makes the shared table safe.
enum StableGraphIDs {
    // Guarded by `Graphviz.lock`: only touched from the callbacks of a graph read inside it.
    nonisolated(unsafe) private static var names: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) private static var ids: [String: IDTYPE] = [:]
    nonisolated(unsafe) private static var nextAnonymous: IDTYPE = 1
    nonisolated(unsafe) private static let discipline = permanent(
        Agiddisc_t(
            open: { _, _ in
                StableGraphIDs.reset()
                return UnsafeMutableRawPointer(bitPattern: 1)
            },
            map: { _, _, name, id, create in
                guard let id else { return 0 }
                guard let name else {
                    id.pointee = StableGraphIDs.nextAnonymous
                    StableGraphIDs.nextAnonymous += 2
                    return 1
                }
                let key = String(cString: name)
                if let known = StableGraphIDs.ids[key] {
                    id.pointee = known
                    return 1
                }
                guard create != 0, let copy = strdup(name) else { return 0 }
                StableGraphIDs.names.append(copy)
                let new = IDTYPE(StableGraphIDs.names.count * 2)
                StableGraphIDs.ids[key] = new
                id.pointee = new
                return 1
            },
            alloc: { _, _, request in request % 2 == 0 ? 1 : 0 },
            free: { _, _, _ in },
            print: { _, _, id in
                guard id % 2 == 0, id > 0, Int(id / 2) <= StableGraphIDs.names.count else { return nil }
                return StableGraphIDs.names[Int(id / 2) - 1]
            },
            close: { _ in StableGraphIDs.reset() },
            idregister: { _, _, _ in }
        ))

    /// cgraph's default memory discipline (zeroed allocations), restated because Swift 6 may not
    /// read the library's mutable global `AgDefaultDisc`.
    nonisolated(unsafe) private static let memory = permanent(
        Agmemdisc_t(
            open: { _ in nil },
            alloc: { _, size in
                let pointer = malloc(size)
                if let pointer { memset(pointer, 0, size) }
                return pointer
            },
            resize: { _, pointer, old, size in
                let resized = realloc(pointer, size)
                if let resized, size > old { memset(resized + old, 0, size - old) }
                return resized
            },
            free: { _, pointer in Foundation.free(pointer) },
            close: { _ in }
        ))

    /// Reads lines from a `FILE *`, as cgraph's default I/O discipline does.
    nonisolated(unsafe) private static let input = permanent(
        Agiodisc_t(
            afread: { channel, buffer, size in
                guard let channel, let buffer, fgets(buffer, size, channel.assumingMemoryBound(to: FILE.self)) != nil
                else { return 0 }
                return Int32(strlen(buffer))
            },
            putstr: { channel, text in
                guard let channel, let text else { return EOF }
                return fputs(text, channel.assumingMemoryBound(to: FILE.self))
            },
            flush: { channel in
                guard let channel else { return EOF }
                return fflush(channel.assumingMemoryBound(to: FILE.self))
            }
        ))

    /// Disciplines live on the heap for the whole process: cgraph keeps pointers to them in every graph.
    private static func permanent<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
        pointer.initialize(to: value)
        return pointer
    }

    private static func reset() {
        names.forEach { Foundation.free($0) }
        names = []
        ids = [:]
        nextAnonymous = 1
    }

    /// Parses `dot` into a graph whose IDs come from this discipline (the C function is `agread`).
    static func read(_ dot: String) -> UnsafeMutablePointer<Agraph_t>? {
        var bytes = Array(dot.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> UnsafeMutablePointer<Agraph_t>? in
            guard let file = fmemopen(buffer.baseAddress, buffer.count, "r") else { return nil }
            defer { fclose(file) }
            var disc = Agdisc_t(mem: memory, id: discipline, io: input)
            return agread(file, &disc)
        }
    }
}
