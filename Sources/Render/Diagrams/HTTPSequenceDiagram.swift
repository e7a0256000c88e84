import Foundation
import Trace

/// Diagram 4's second view: the HTTP exchanges of pulls and pushes as a sequence diagram, the
/// client's and the registry's lifelines (and the token service's, when one was asked) with one
/// arrow per request and one per answer, each labelled with what it asks in the distribution
/// spec's terms. It shows what "docker pull" is on the wire: a version check, a 401 and a token,
/// a manifest, then one GET per blob that was not already there.
public struct HTTPSequenceDiagram {
    public var records: [TraceRecord]
    /// Exchanges drawn at most; the rest are counted in a last row.
    public var limit: Int
    /// The language of its words.
    public var language: Language

    public init(records: [TraceRecord], limit: Int = 150, language: Language = .en) {
        self.records = records
        self.limit = limit
        self.language = language
    }

    /// The lifelines, in their order from left to right.
    public enum Participant: String, CaseIterable, Sendable {
        case tokenService = "token"
        case client
        case registry

        var column: Int {
            switch self {
            case .tokenService: 0
            case .client: 1
            case .registry: 2
            }
        }
    }

    /// One arrow: a request, or the answer to one.
    public struct Message: Equatable, Sendable {
        public var from: Participant
        public var to: Participant
        public var label: String
        public var tooltip: String
        public var isResponse: Bool
        /// A status that means failure (4xx, 5xx), not a step of the protocol (401, a 404 to `HEAD` a blob).
        public var refused: Bool
    }

    public enum Row: Equatable, Sendable {
        /// The command whose exchanges follow.
        case operation(String)
        case message(Message)
        /// Exchanges past the limit, counted.
        case omitted(Int)
    }

    /// The rows from top to bottom: each operation that spoke HTTP, then its exchanges.
    public func rows() -> [Row] {
        let words = language.diagramWords
        var rows: [Row] = []
        var drawn = 0
        var omitted = 0
        for operation in records.operations {
            let events = operation.map(\.event)
            guard events.contains(where: { if case .httpExchange = $0 { true } else { false } }) else { continue }
            if case .operationStarted(let name, let arguments)? = events.first {
                rows.append(.operation(([name.rawValue] + arguments).joined(separator: " ")))
            }
            for (index, event) in events.enumerated() {
                switch event {
                case .httpExchange(let exchange):
                    guard drawn < limit else {
                        omitted += 1
                        continue
                    }
                    drawn += 1
                    let challenge: AuthStep? =
                        if index + 1 < events.count, case .authStep(let step) = events[index + 1],
                            step.kind == .challenged
                        {
                            step
                        } else {
                            nil
                        }
                    rows += self.exchange(exchange, challenge: challenge, words: words)
                default:
                    break
                }
            }
        }
        if omitted > 0 { rows.append(.omitted(omitted)) }
        return rows
    }

    /// A request arrow and its answer.
    private func exchange(_ exchange: HTTPExchange, challenge: AuthStep?, words: any DiagramWords) -> [Row] {
        let (status, bytes) = (exchange.status, exchange.bytes)
        let request = DistributionRequest(method: exchange.method, path: exchange.path)
        let server: Participant = exchange.endpoint == .token ? .tokenService : .registry
        let purpose = words.purpose(of: exchange.endpoint, scope: exchange.scope)
        var answer = "\(status) \(DistributionRequest.reason(status))"
        if bytes > 0 { answer += " · \(ByteCount.docker(bytes))" }
        if let challenge {
            answer += "\nWWW-Authenticate: \(challenge.scheme)" + (challenge.realm.map { " realm=\($0)" } ?? "")
        }
        if server == .tokenService, status < 300 { answer += "\n" + words.aToken }
        let absent = status == 404 && exchange.endpoint == .blobExists
        if absent { answer += "\n" + words.notThereWillUpload }
        return [
            .message(
                Message(
                    from: .client, to: server,
                    label: "\(request.method) \(request.shortPath)" + (purpose.map { "\n\($0)" } ?? ""),
                    tooltip: "\(request.method) \(request.path)", isResponse: false, refused: false)),
            .message(
                Message(
                    from: server, to: .client, label: answer,
                    tooltip: "\(status) for \(request.method) \(request.path)",
                    isResponse: true, refused: status >= 400 && status != 401 && !absent)),
        ]
    }

    public func graph() -> Graph {
        let rows = rows()
        let words = language.diagramWords
        var graph = Palette.graph(
            "http", title: words.httpTitle,
            key: [
                Palette.Swatch(label: words.httpKey.request, fill: nil),
                Palette.Swatch(label: words.httpKey.answer, fill: nil),
                Palette.Swatch(label: words.httpKey.refused, fill: nil, ink: Palette.blocked),
            ], words: words)
        graph.attributes["ranksep"] = "0.15"
        graph.attributes["nodesep"] = "0.08"
        let usesTokens = rows.contains {
            if case .message(let message) = $0 { message.to == .tokenService } else { false }
        }
        let columns = Participant.allCases.filter { usesTokens || $0 != .tokenService }

        for participant in columns {
            graph.nodes.append(
                Node(
                    Self.point(participant, row: nil),
                    ["label": .text(Self.title(participant, words)), "fillcolor": .text(Palette.image)]))
        }
        graph.sameRank.append(columns.map { Self.point($0, row: nil) })

        for (number, row) in rows.enumerated() {
            let middle = "row\(number)"
            graph.nodes.append(Node(middle, Self.middleAttributes(row, words)))
            for participant in columns {
                let point = Self.point(participant, row: number)
                graph.nodes.append(Node(point, ["shape": "point", "width": "0.03", "color": .text(Palette.faint)]))
                graph.edges.append(
                    Edge(
                        Self.point(participant, row: number == 0 ? nil : number - 1), point,
                        ["style": "dashed", "arrowhead": "none", "weight": "100", "color": .text(Palette.faint)]))
            }
            // The row's label sits between the two lifelines its arrow joins (client and registry
            // for a heading), and the arrow is drawn in two halves through it.
            let leftParticipant: Participant =
                if case .message(let message) = row, message.to == .tokenService || message.from == .tokenService {
                    .tokenService
                } else {
                    .client
                }
            var order = columns.map { Self.point($0, row: number) }
            order.insert(middle, at: (columns.firstIndex(of: leftParticipant) ?? 0) + 1)
            let left = Self.point(leftParticipant, row: number)
            graph.sameRank.append(order)
            for (from, to) in zip(order, order.dropFirst()) {
                let half: ArrowHalf? = from == left ? .left : from == middle ? .right : nil
                graph.edges.append(Edge(from, to, Self.arrow(row, half: half)))
            }
        }
        return graph
    }

    /// A participant's node on a row's rank: its heading above the first row (`row` nil).
    private static func point(_ participant: Participant, row: Int?) -> String {
        row.map { "\(participant.rawValue):\($0)" } ?? "head:\(participant.rawValue)"
    }

    private static func title(_ participant: Participant, _ words: any DiagramWords) -> String {
        switch participant {
        case .tokenService: words.tokenService
        case .client: words.client
        case .registry: words.registry
        }
    }

    private static func middleAttributes(_ row: Row, _ words: any DiagramWords) -> Attributes {
        switch row {
        case .operation(let command):
            ["label": .text(command), "shape": "note", "fillcolor": .text(Palette.tag), "fontsize": "10"]
        case .omitted(let count):
            ["label": .text(words.moreExchanges(count)), "shape": "plaintext", "style": "solid"]
        case .message(let message):
            [
                "label": .text(message.label), "tooltip": .text(message.tooltip), "shape": "plaintext",
                "style": "solid", "fontsize": "9",
                "fontcolor": .text(message.refused ? Palette.blocked : Palette.ink),
            ]
        }
    }

    enum ArrowHalf { case left, right }

    /// One half of a row's arrow, or (no half) an invisible edge that only keeps the row's nodes
    /// in column order. The arrowhead goes on the half that ends at the receiver.
    private static func arrow(_ row: Row, half: ArrowHalf?) -> Attributes {
        guard let half, case .message(let message) = row else { return ["style": "invis"] }
        let rightward = message.from.column < message.to.column
        var attributes: Attributes = [
            "style": .text(message.isResponse ? "dashed" : "solid"),
            "color": .text(message.refused ? Palette.blocked : Palette.ink),
        ]
        switch (half, rightward) {
        case (.left, true), (.right, false): attributes["arrowhead"] = "none"
        case (.left, false): attributes["dir"] = "back"
        case (.right, true): break
        }
        return attributes
    }
}
