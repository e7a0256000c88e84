import CGraphviz
import Foundation
import Synchronization

/// The output formats diagrams are written in.
public enum DiagramFormat: String, Sendable, CaseIterable {
    case svg
    case png
    case dot
}

/// Lays out and renders DOT text through libgvc, in process (no `dot` subprocess).
///
/// cgraph keeps global state and "is not thread safe" (man cgraph), so every call goes through
/// one process-wide lock; each graph is closed with `agclose` and its layout freed, whatever fails.
public enum Graphviz {
    private static let lock = Mutex<Void>(())

    /// One context for the whole process, made on first use and never freed. Graphviz 2.42's
    /// pango plugin remembers the last font by a pointer into the context's font table, so
    /// freeing a context and making another turns the next render's font lookup into a read of
    /// freed memory (AddressSanitizer: heap-use-after-free in textspan_size). Only touched under
    /// `lock`.
    nonisolated(unsafe) private static var context: OpaquePointer?

    private static func sharedContext() -> OpaquePointer? {
        if context == nil { context = gvContext() }
        return context
    }

    /// Renders `dot` as `format`; ``DiagramFormat/dot`` returns the text unchanged.
    /// The corresponding C functions are `gvContext`, `agmemread`, `gvLayout` and `gvRenderData`.
    /// - Throws: ``RenderError`` with Graphviz's own message.
    public static func render(dot: String, format: DiagramFormat, engine: String = "dot") throws(RenderError)
        -> [UInt8]
    {
        if format == .dot { return Array(dot.utf8) }
        return try lock.withLock { _ throws(RenderError) in
            GraphvizMessages.reset()
            let previous = agseterrf(GraphvizMessages.collect)
            defer { agseterrf(previous) }
            guard let context = sharedContext() else {
                throw RenderError(.graphvizUnavailable, "Graphviz could not start (gvContext failed)")
            }
            guard let graph = StableGraphIDs.read(dot) else {
                throw RenderError(.invalidDOT, "Graphviz could not read the diagram: \(GraphvizMessages.text)")
            }
            defer { agclose(graph) }
            guard gvLayout(context, graph, engine) == 0 else {
                throw RenderError(.layoutFailed, "Graphviz layout \"\(engine)\" failed: \(GraphvizMessages.text)")
            }
            defer { gvFreeLayout(context, graph) }
            var data: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            guard gvRenderData(context, graph, format.rawValue, &data, &length) == 0, let data else {
                throw RenderError(
                    .renderFailed, "Graphviz could not render \(format.rawValue): \(GraphvizMessages.text)")
            }
            defer { gvFreeRenderData(data) }
            return UnsafeRawBufferPointer(start: data, count: Int(length)).map { $0 }
        }
    }
}

/// Graphviz's error messages, collected instead of printed to standard error.
private enum GraphvizMessages {
    // Written only by the callback below, which Graphviz calls inside `Graphviz.render`, under its lock.
    nonisolated(unsafe) static var collected = ""

    static let collect: agusererrf = { message in
        if let message { GraphvizMessages.collected += String(cString: message) }
        return 0
    }

    static func reset() { collected = "" }

    static var text: String {
        let trimmed = collected.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "no message from Graphviz" : trimmed
    }
}
