import Testing

/// Issue 14: real Docker beside layerlab. The suites below run one test at a time, each with a
/// daemon of its own: their tests wait on processes, and several at once would hold every thread
/// the other (async) tests need.
@Suite(.serialized, .enabled(if: DockerLab.canRun, DockerLab.whyNot))
struct DockerDifferentialTests {}
