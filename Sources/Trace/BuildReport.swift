import OCI

/// One Dockerfile step as a build starts it: what the learner sees as `Step 3/7 : RUN make`.
public struct BuildStepInfo: Codable, Sendable, Hashable {
    /// The step's number, 1-based, counted across all stages built.
    public var number: Int
    /// How many steps the build runs.
    public var total: Int
    /// The stage's index (0 first) and its `AS` name.
    public var stage: Int
    public var stageName: String?
    /// The instruction as written in the Dockerfile (continuations joined).
    public var instruction: String
    /// The Dockerfile line it starts on (1-based).
    public var line: Int

    public init(number: Int, total: Int, stage: Int, stageName: String?, instruction: String, line: Int) {
        self.number = number
        self.total = total
        self.stage = stage
        self.stageName = stageName
        self.instruction = instruction
        self.line = line
    }
}

/// An ONBUILD trigger of the base image, run as part of a stage's FROM step before the
/// Dockerfile's next instruction (`# Executing 1 build trigger`).
public struct BuildTriggerInfo: Codable, Sendable, Hashable {
    /// The FROM step's number.
    public var step: Int
    /// This trigger's place (0 first) among the base image's `count` triggers.
    public var index: Int
    public var count: Int
    /// The trigger as the base image recorded it (`RUN echo child`).
    public var instruction: String

    public init(step: Int, index: Int, count: Int, instruction: String) {
        self.step = step
        self.index = index
        self.count = count
        self.instruction = instruction
    }
}

/// What a Dockerfile step produced.
public struct BuildStepResult: Codable, Sendable, Hashable {
    /// How the step's result was found.
    public enum Cache: String, Codable, Sendable {
        /// The build cache had it: an earlier build made the same step on the same parent.
        case hit
        /// Nothing matched: the step ran.
        case miss
        /// `--no-cache`: the step ran without looking.
        case disabled
        /// The step does not go through the cache (`FROM`).
        case notApplicable
    }

    public var number: Int
    /// The image after the step: an intermediate image for the classic builder, the stage's
    /// image so far for the modern one.
    public var image: Digest
    /// The diff ID of the layer the step added; `nil` for a step that only changed metadata
    /// (an empty layer in the history).
    public var layer: Digest?
    /// The chain ID of that layer: the name the store, `rmi` and every other picture give it.
    /// `nil` with `layer`, and in traces written before it was recorded.
    public var chainID: Digest?
    public var cache: Cache
    /// For a miss, why: which part of the cache key found nothing to match; `nil` otherwise.
    public var reason: CacheMiss?

    public init(
        number: Int, image: Digest, layer: Digest?, chainID: Digest? = nil, cache: Cache, reason: CacheMiss? = nil
    ) {
        self.number = number
        self.image = image
        self.layer = layer
        self.chainID = chainID
        self.cache = cache
        self.reason = reason
    }

    /// The layer as pictures and narration name it: by chain ID when the trace has it.
    public var shownLayer: Digest? { layer.map { chainID ?? $0 } }
}

/// Why a build step missed the cache: which part of its key matched nothing.
public enum CacheMiss: String, Codable, Sendable {
    /// No earlier build made any step on this parent image.
    case newParent
    /// Steps were built on this parent, but none by this instruction.
    case newInstruction
    /// The same COPY or ADD ran on this parent, but its sources' content was different.
    case sourcesChanged
    /// The same instruction ran on this parent, but with other settings (ENV, ARG, WORKDIR …).
    case settingsChanged
    /// The modern builder's cache had the step, but its layers were removed since.
    case layersRemoved
}
