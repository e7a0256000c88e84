import Trace

extension ImageStore {
    /// `layerlab fsck`: cleans what interrupted commands left, as every command does when it opens
    /// the store (R-S5), then verifies everything the store holds (R-S7): every blob against its
    /// digest, every layer's files against its blob and diff ID, and every reference (tags,
    /// parents, kept manifests, containers, layer chains, `overlay2/` folders).
    ///
    /// With `repair`, whatever is broken or unreachable is removed, with everything that stood on
    /// it (an image on a broken layer, a tag on a removed image); nothing sound is touched. Each
    /// finding is a ``TraceEvent/storeProblem(_:)`` event; the last event sums them up.
    /// - Throws: ``StoreError`` when the store cannot be read at all (a damaged `repositories.json`).
    public func check(repair: Bool) throws(StoreError) -> StoreCheckSummary {
        try operation(.fsck, arguments: repair ? ["--repair"] : []) { op throws(StoreError) in
            do throws(StoreError) {
                for entry in try recover() { op.emit(.storeRecovered(entry)) }
            } catch {
                // Recovery reads the store as a whole and stops at a damaged record; the checker
                // reads entry by entry and reports (or removes) it.
                guard error.code == .corrupt else { throw error }
            }
            let checker = StoreChecker(store: self, repair: repair, op: op)
            try checker.run()
            op.emit(.storeChecked(checker.summary))
            return checker.summary
        }
    }
}
