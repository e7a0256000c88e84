import Foundation
import OCI
import Runtime
import Trace

/// `layerlab build`'s options, named as Docker names them.
public struct BuildOptions: Sendable {
    /// `-t`: names for the final image.
    public var tags: [String] = []
    /// `-f`: the Dockerfile, relative to the context; `Dockerfile` by default.
    public var dockerfile: String?
    /// The Dockerfile's text when it does not come from the context (`build - < Dockerfile`).
    public var dockerfileText: String?
    /// `--build-arg K=V`.
    public var buildArgs: [String: String] = [:]
    /// `--target`: the last stage to build.
    public var target: String?
    /// `--no-cache`.
    public var noCache = false
    /// `--rm`: remove intermediate containers after a successful step (Docker's default).
    public var removeIntermediateContainers = true
    /// `--force-rm`: remove them even after a failed step.
    public var forceRemove = false
    /// Where RUN steps run.
    public var runtime: any ContainerRuntime = SimRuntime()
    public var builder: BuilderKind = .classic
    /// Where RUN steps' output goes.
    public var io: RunIO = .inherited
    /// SOURCE_DATE_EPOCH: when set, every file COPY and ADD write gets this time, so the same
    /// Dockerfile and context give the same image ID on every machine.
    public var sourceDateEpoch: Int64?

    public init() {}
}

/// What a build made.
public struct BuildResult: Sendable {
    /// The final image.
    public var image: Digest
    /// The names it was given.
    public var references: [Reference]
    /// `--build-arg` names no ARG declared: Docker warns that they were not consumed.
    public var unusedBuildArgs: [String]
}
