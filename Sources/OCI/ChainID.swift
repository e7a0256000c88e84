// Source: https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid
/// The identity of a stack of layers: the digest of a layer applied on top of its parents.
///
/// `ChainID(L0) = DiffID(L0)` and `ChainID(L0…Ln) = SHA256(ChainID(L0…Ln-1) + " " + DiffID(Ln))`.
/// Two images with the same bottom layers share those layers' chain IDs, which is how the store
/// keeps a shared layer once.
public enum ChainID {
    /// The chain ID of each prefix of `diffIDs`, bottom first.
    public static func chain(_ diffIDs: [Digest]) -> [Digest] {
        var result: [Digest] = []
        result.reserveCapacity(diffIDs.count)
        for diffID in diffIDs {
            if let previous = result.last {
                result.append(Digest.sha256(of: Array("\(previous) \(diffID)".utf8)))
            } else {
                result.append(diffID)
            }
        }
        return result
    }

    /// The chain ID of the whole stack, or `nil` for an image without layers.
    public static func of(_ diffIDs: [Digest]) -> Digest? { chain(diffIDs).last }
}
