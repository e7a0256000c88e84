/// The automaton for an expression, and its simulation.
struct GoRegexProgram {
    private enum State {
        case consume(ScalarTest, next: Int)
        case split(Int, Int)
        case assertion(GoRegexAssertion, next: Int)
        case accept
    }

    private var states: [State] = [.accept]
    private var start = 0

    init(_ node: GoRegexNode) {
        start = compile(node, then: 0)
    }

    /// Compiles `node` so that it continues with state `next`; returns its entry state.
    private mutating func compile(_ node: GoRegexNode, then next: Int) -> Int {
        switch node {
        case .test(let test):
            return append(.consume(test, next: next))
        case .assertion(let assertion):
            return append(.assertion(assertion, next: next))
        case .sequence(let nodes):
            var entry = next
            for node in nodes.reversed() { entry = compile(node, then: entry) }
            return entry
        case .alternation(let branches):
            var entries = branches.map { compile($0, then: next) }
            guard var entry = entries.popLast() else { return next }
            while let other = entries.popLast() { entry = append(.split(other, entry)) }
            return entry
        case .repetition(let body, let atLeastOne, let unbounded):
            guard unbounded else {
                return append(.split(compile(body, then: next), next))
            }
            let loop = append(.accept)
            let bodyEntry = compile(body, then: loop)
            states[loop] = .split(bodyEntry, next)
            return atLeastOne ? bodyEntry : loop
        }
    }

    private mutating func append(_ state: State) -> Int {
        states.append(state)
        return states.count - 1
    }

    /// Unanchored search: a new attempt starts at every position, and any attempt reaching `accept` matches.
    func matches(_ text: [Unicode.Scalar]) -> Bool {
        var current = Set<Int>()
        addClosure(of: start, at: 0, in: text, to: &current)
        if current.contains(0) { return true }
        for position in text.indices {
            var next = Set<Int>()
            for index in current {
                if case .consume(let test, let target) = states[index], test.matches(text[position]) {
                    addClosure(of: target, at: position + 1, in: text, to: &next)
                }
            }
            addClosure(of: start, at: position + 1, in: text, to: &next)
            if next.contains(0) { return true }
            current = next
        }
        return false
    }

    /// Adds `state` and every state reachable from it without consuming input at `position`.
    private func addClosure(of state: Int, at position: Int, in text: [Unicode.Scalar], to set: inout Set<Int>) {
        var pending = [state]
        while let index = pending.popLast() {
            guard set.insert(index).inserted else { continue }
            switch states[index] {
            case .split(let first, let second):
                pending += [second, first]
            case .assertion(let assertion, let next):
                if assertion.holds(at: position, in: text) { pending.append(next) }
            case .consume, .accept:
                break
            }
        }
    }
}
