import Archive
import Dockerfile
import Foundation
import OCI
import Runtime
import Store
import Trace
import UnionFS

extension ImageStore {
    /// `docker build`: runs the Dockerfile's steps on `context` with the classic or the modern
    /// builder, and names the final image. Progress is reported as trace events
    /// (``TraceEvent/buildStepStarted(_:)`` …); RUN output goes to ``BuildOptions/io``.
    /// - Throws: ``BuildError`` (a bad Dockerfile, a missing source, a failed RUN), ``StoreError``,
    ///   ``RuntimeError``. A failed build leaves the images of the steps that succeeded (classic),
    ///   as Docker does, and never a half-written image.
    public func build(context: BuildContext, options: BuildOptions) throws -> BuildResult {
        try DockerfileBuild(store: self, context: context, options: options).run()
    }

    /// The images the build would start from (FROM) or copy from (`COPY --from`) that the store does
    /// not have: what `docker build` pulls before it builds. Only the stages the build needs count.
    /// - Throws: ``BuildError`` for a Dockerfile that cannot be read, as ``build(context:options:)`` would.
    public func imagesToPull(context: BuildContext, options: BuildOptions) throws -> [String] {
        try DockerfileBuild(store: self, context: context, options: options).missingImages()
    }
}

/// One run of a Dockerfile: the steps of the stages the target needs, in order.
final class DockerfileBuild {
    let store: ImageStore
    let context: BuildContext
    let options: BuildOptions
    let cache: BuildCache
    /// The image each finished stage ended with.
    private var stageImages: [Int: Digest] = [:]
    /// Modern builds: the step images to remove once the final image exists.
    private var intermediateImages: [Digest] = []
    private var stepNumber = 0
    private var totalSteps = 0
    private var usedBuildArgs: Set<String> = []
    private var plan = BuildPlan(metaArgs: [], stages: [])
    private var lexer = ShellLexer()
    private var metaArguments: [String: String] = [:]

    init(store: ImageStore, context: BuildContext, options: BuildOptions) {
        self.store = store
        self.context = context
        self.options = options
        self.cache = BuildCache(store: store, kind: options.builder)
    }

    /// SOURCE_DATE_EPOCH as the time of every file COPY and ADD write, so builds are reproducible;
    /// `nil` keeps the sources' own times.
    var fileTime: TarTime? { options.sourceDateEpoch.map { TarTime(seconds: $0) } }

    /// Reads the Dockerfile and works out the stages to build: the Dockerfile's name, and the
    /// stages in order.
    private func prepare() throws -> (name: String, stages: [Int]) {
        let (path, text) =
            try options.dockerfileText.map { ("Dockerfile", $0) } ?? context.dockerfile(options.dockerfile)
        let name = (path as NSString).lastPathComponent
        let parsed: ParsedDockerfile
        do {
            parsed = try DockerfileParser.parse(text, file: name)
            plan = try BuildPlan(parsed)
        } catch {
            throw BuildError(.invalidDockerfile, "failed to parse Dockerfile: \(error)", cause: error)
        }
        lexer = ShellLexer(escapeToken: parsed.escapeToken)
        let target = try targetStage()
        let stages = options.builder == .modern ? try neededStages(upTo: target) : Array(0...target)
        metaArguments = try evaluateMetaArguments()
        return (name, stages)
    }

    /// The images the stages to build name (FROM, `COPY --from`) that the store lacks, in order.
    func missingImages() throws -> [String] {
        let (_, stages) = try prepare()
        var missing: [String] = []
        for index in stages {
            let stage = plan.stages[index]
            var names = [try resolvedBaseName(of: stage)]
            for case .copy(let copy) in stage.instructions { names += copy.from.map { [$0] } ?? [] }
            for name in names
            where name != "scratch" && plan.stageIndex(named: name) == nil && stageReference(name, before: index) == nil
                && !missing.contains(name) && (try? store.image(name)) == nil
            {
                missing.append(name)
            }
        }
        return missing
    }

    func run() throws -> BuildResult {
        let (name, stages) = try prepare()
        let references = try options.tags.map { tag in
            do {
                return try Reference.parseDocker(tag)
            } catch {
                throw BuildError(.invalidArgument, "invalid argument \"\(tag)\" for \"-t, --tag\" flag: \(error)")
            }
        }
        totalSteps = stages.reduce(0) { $0 + 1 + plan.stages[$1].instructions.count }
        try preflight(stages)
        let size = try context.size()
        do {
            return try build(stages, references: references, dockerfile: name, contextSize: size)
        } catch let error as BuildError where options.builder == .classic {
            throw error.classic
        }
    }

    private func build(_ stages: [Int], references: [Reference], dockerfile name: String, contextSize size: Int64)
        throws -> BuildResult
    {
        try store.trace.operation(.build, arguments: options.tags.flatMap { ["-t", $0] } + [context.root]) { op in
            op.emit(.buildStarted(builder: options.builder, dockerfile: name, contextSize: size))
            var last: Digest?
            for index in stages {
                last = try buildStage(index, op: op)
                stageImages[index] = last
            }
            guard var image = last else { throw BuildError(.invalidDockerfile, "the Dockerfile has no stage") }
            if options.builder == .modern { image = try finishModern(image) }
            if let scratch, scratch != image { _ = try? store.remove(scratch.description, prune: false) }
            for reference in references { try store.tag(image.description, as: reference.description) }
            let unused = Set(options.buildArgs.keys).subtracting(usedBuildArgs).sorted()
            if !unused.isEmpty { op.emit(.buildArgumentsUnused(unused)) }
            op.emit(.buildFinished(image: image, references: references))
            return BuildResult(image: image, references: references, unusedBuildArgs: unused)
        }
    }

    // MARK: - Checks before anything is built

    /// What can be known wrong before the first step: a base image or `COPY --from` that names
    /// nothing, and, for BuildKit, COPY or ADD sources (without variables) that are missing or
    /// outside the context. A bad Dockerfile then changes nothing in the store.
    private func preflight(_ stages: [Int]) throws {
        // Unset variables stay as written here, so only what can never expand (an unterminated
        // quote, a bad `${…}`) fails before the build, not a `${X:?}` a later ARG or ENV sets.
        var syntaxOnly = lexer
        syntaxOnly.skipUnsetEnvironment = true
        for index in stages {
            let stage = plan.stages[index]
            _ = try baseReference(of: stage, index: index)
            for instruction in stage.instructions {
                do {
                    _ = try instruction.expanded(with: syntaxOnly, environment: [:])
                } catch {
                    throw BuildError(.invalidDockerfile, "\(error)", at: instruction.location, cause: error)
                }
                let step: CopyStep
                switch instruction {
                case .copy(let copy): step = CopyStep(copy)
                case .add(let add): step = CopyStep(add)
                default: continue
                }
                if case .image(let name) = step.origin {
                    _ = try copySource(name, stage: index, at: instruction.location)
                    continue
                }
                // The legacy builder finds a missing source at its step, after the steps before it.
                guard options.builder == .modern else { continue }
                let literal = CopyStep(
                    keyword: step.keyword, sources: step.sources.filter { !$0.contains("$") }, step: step)
                _ = try literal.plan(in: context, workingDirectory: "/", at: instruction.location)
            }
        }
    }

    /// What a FROM names: an earlier stage's index, or an image of the store.
    private enum BaseReference {
        case stage(Int)
        case image(Digest)
    }

    /// FROM's image name with the ARGs before the first FROM filled in.
    private func resolvedBaseName(of stage: Stage) throws -> String {
        do {
            return try lexer.processWord(stage.baseName, environment: metaArguments)
        } catch {
            throw BuildError(.invalidDockerfile, "\(error)", at: stage.location)
        }
    }

    private func baseReference(of stage: Stage, index: Int) throws -> BaseReference {
        let name = try resolvedBaseName(of: stage)
        if let earlier = stageReference(name, before: index) { return .stage(earlier) }
        if name == "scratch" { return .image(try scratchImage()) }
        do {
            return .image(try store.image(name).id)
        } catch {
            throw BuildError(
                .noSuchImage,
                "pull access denied for \(name): no such image in the store or in its registry "
                    + "(pull it with `layerlab pull \(name)`, or load it with `layerlab load`)", at: stage.location,
                cause: error)
        }
    }

    /// `scratch`: no image at all in Docker. Containers here need one, so an empty image (no
    /// layers, no history) stands in; the steps built on it record no parent, and it is removed
    /// when the build ends.
    private func scratchImage() throws -> Digest {
        let config = ImageConfig(
            created: nil, platform: Platform(architecture: Platform.host.architecture, os: "linux"), diffIDs: [],
            history: [])
        let image = try store.createImage(config)
        scratch = image
        return image
    }

    /// The stand-in for `scratch`, once a stage used it.
    private var scratch: Digest?

    /// What `COPY --from=name` reads: an earlier stage's index, or an image of the store.
    private func copySource(_ name: String, stage index: Int, at location: SourceLocation) throws -> BaseReference {
        if let stage = stageReference(name, before: index) { return .stage(stage) }
        if plan.stageIndex(named: name) != nil {
            throw BuildError(
                .unknownStage,
                "COPY --from=\(name) names a stage that comes later; a stage can only copy from earlier ones",
                at: location)
        }
        do {
            return .image(try store.image(name).id)
        } catch {
            throw BuildError(
                .unknownStage,
                "COPY --from=\(name): no stage of that name, and no such image in the store or in its registry",
                at: location, cause: error)
        }
    }

    // MARK: - Stages

    /// `--target`'s stage, else the last.
    private func targetStage() throws -> Int {
        guard !plan.stages.isEmpty else { throw BuildError(.invalidDockerfile, "the Dockerfile has no FROM") }
        guard let target = options.target else { return plan.stages.count - 1 }
        guard let index = plan.stageIndex(named: target) else {
            throw BuildError(.unknownStage, "target stage \"\(target)\" could not be found")
        }
        return index
    }

    /// The stages the target needs, in order: BuildKit builds nothing else.
    private func neededStages(upTo target: Int) throws -> [Int] {
        var needed: Set<Int> = [target]
        var pending = [target]
        while let index = pending.popLast() {
            let stage = plan.stages[index]
            var references = [stage.baseName]
            for instruction in stage.instructions {
                if case .copy(let copy) = instruction, let from = copy.from { references.append(from) }
            }
            for reference in references {
                if let earlier = stageReference(reference, before: index), needed.insert(earlier).inserted {
                    pending.append(earlier)
                }
            }
        }
        return needed.sorted()
    }

    /// The index of the earlier stage `name` means (`AS` name or number), if it means one.
    private func stageReference(_ name: String, before index: Int) -> Int? {
        if let named = plan.stageIndex(named: name), named < index { return named }
        if let number = Int(name), number >= 0, number < index { return number }
        return nil
    }

    /// The ARGs before the first FROM, with `--build-arg` values: only FROM lines see them.
    private func evaluateMetaArguments() throws -> [String: String] {
        var values: [String: String] = [:]
        for instruction in plan.metaArgs {
            let expanded = try expand(.arg(instruction), environment: values)
            guard case .arg(let arg) = expanded else { continue }
            for definition in arg.arguments {
                if let value = options.buildArgs[definition.key] ?? definition.value { values[definition.key] = value }
                usedBuildArgs.insert(definition.key)
            }
        }
        return values
    }

    private func buildStage(_ index: Int, op: TraceOperation) throws -> Digest {
        let stage = plan.stages[index]
        stepNumber += 1
        op.emit(
            .buildStepStarted(
                BuildStepInfo(
                    number: stepNumber, total: totalSteps, stage: index, stageName: stage.name,
                    instruction: stage.original, line: stage.location.startLine)))
        let base = try baseImage(of: stage, index: index)
        let record = try store.image(base.description)
        var state = StageState(
            index: index, name: stage.name, image: record.id, imageConfig: record.config,
            runConfig: record.config.config ?? ContainerConfig())
        var cmdSet = false
        try runTriggers(of: &state, cmdSet: &cmdSet, stage: stage, op: op)
        // After the triggers, as moby prints the FROM step's one ` ---> ID`.
        op.emit(
            .buildStepFinished(
                BuildStepResult(number: stepNumber, image: state.image, layer: nil, cache: .notApplicable)))
        for instruction in stage.instructions {
            stepNumber += 1
            op.emit(
                .buildStepStarted(
                    BuildStepInfo(
                        number: stepNumber, total: totalSteps, stage: index, stageName: stage.name,
                        instruction: instruction.original, line: instruction.location.startLine)))
            let expanded = try expand(instruction, environment: state.expansionEnvironment)
            try execute(expanded, state: &state, cmdSet: &cmdSet, op: op)
        }
        return state.image
    }

    /// The image a FROM names: an earlier stage's result, or an image of the store.
    private func baseImage(of stage: Stage, index: Int) throws -> Digest {
        switch try baseReference(of: stage, index: index) {
        case .image(let image): return image
        case .stage(let earlier):
            guard let image = stageImages[earlier] else {
                throw BuildError(.unknownStage, "stage \(earlier) was not built", at: stage.location)
            }
            return image
        }
    }

    /// ONBUILD triggers of the base image run right after FROM, as Docker runs them.
    private func runTriggers(of state: inout StageState, cmdSet: inout Bool, stage: Stage, op: TraceOperation)
        throws
    {
        guard let triggers = state.runConfig.onBuild, !triggers.isEmpty else { return }
        state.runConfig.onBuild = nil
        for (index, trigger) in triggers.enumerated() {
            op.emit(
                .buildTrigger(
                    BuildTriggerInfo(step: stepNumber, index: index, count: triggers.count, instruction: trigger)))
            let instruction: Instruction
            do {
                let parsed = try DockerfileParser.parse(trigger, file: "ONBUILD")
                guard let node = parsed.root.children.first else { continue }
                instruction = try Instruction(node: node, file: "ONBUILD")
            } catch {
                throw BuildError(.invalidDockerfile, "ONBUILD trigger \"\(trigger)\": \(error)", at: stage.location)
            }
            try execute(
                try expand(instruction, environment: state.expansionEnvironment), state: &state, cmdSet: &cmdSet,
                op: op)
        }
    }

    private func expand(_ instruction: Instruction, environment: [String: String]) throws -> Instruction {
        do {
            return try instruction.expanded(with: lexer, environment: environment)
        } catch {
            throw BuildError(.invalidDockerfile, "\(error)", cause: error)
        }
    }

    // MARK: - Steps

    private func execute(_ instruction: Instruction, state: inout StageState, cmdSet: inout Bool, op: TraceOperation)
        throws
    {
        switch instruction {
        case .from:
            throw BuildError(.invalidDockerfile, "FROM inside a stage", at: instruction.location)
        case .run(let run):
            try RunStep(build: self, instruction: run).execute(&state, op: op)
        case .copy(let copy):
            try copyFiles(CopyStep(copy), instruction: instruction, state: &state, op: op)
        case .add(let add):
            try copyFiles(CopyStep(add), instruction: instruction, state: &state, op: op)
        case .arg(let arg):
            for definition in arg.arguments {
                let value = options.buildArgs[definition.key] ?? definition.value ?? metaArguments[definition.key]
                state.arguments.removeAll { $0.name == definition.key }
                state.arguments.append((definition.key, value))
                usedBuildArgs.insert(definition.key)
            }
            let text = arg.arguments.map { definition in
                definition.value.map { "\(definition.key)=\($0)" } ?? definition.key
            }
            .joined(separator: " ")
            try commit(
                &state, message: "ARG \(text)", modernLine: "ARG \(text)", config: state.runConfig, op: op)
        case .workdir:
            guard let message = MetadataStep.apply(instruction, to: &state, cmdSet: &cmdSet) else { return }
            let folder = state.runConfig.workingDir ?? "/"
            try commit(&state, message: message, modernLine: message, config: state.runConfig, op: op) { layer in
                let path = try ArchivePath(folder).normalized()
                guard !path.isRoot else { return }
                try layer.makeFolders(path)
            }
        default:
            guard let message = MetadataStep.apply(instruction, to: &state, cmdSet: &cmdSet) else { return }
            try commit(&state, message: message, modernLine: message, config: state.runConfig, op: op)
        }
    }

    private func copyFiles(_ step: CopyStep, instruction: Instruction, state: inout StageState, op: TraceOperation)
        throws
    {
        let tree: any FileTree
        switch step.origin {
        case .context:
            tree = context
        case .image(let name):
            let image: Digest
            switch try copySource(name, stage: state.index, at: instruction.location) {
            case .image(let id): image = id
            case .stage(let stage):
                guard let built = stageImages[stage] else {
                    throw BuildError(.unknownStage, "stage \(name) was not built", at: instruction.location)
                }
                image = built
            }
            let record = try store.image(image.description)
            tree = ImageTree(view: UnionView(layers: record.layers, layout: store.layout))
        }
        let plan = try step.plan(in: tree, workingDirectory: state.runConfig.workingDir, at: instruction.location)
        let hash = try step.contentHash(of: plan, in: tree)
        // moby's words: the destination as written, and `--chown=` run into the hash.
        let owner = step.chown.map { "--chown=\($0)" } ?? ""
        let message = "\(step.keyword) \(owner)\(hash) in \(step.destination) "
        let modern = "\(instruction.original) # buildkit"
        try commit(&state, message: message, modernLine: modern, config: state.runConfig, op: op) { layer in
            try step.perform(plan, from: tree, into: layer, time: self.fileTime, at: instruction.location)
        }
    }

    // MARK: - Committing a step

    /// The classic command of a step that runs nothing: the shell, `#(nop) ` and the message. moby
    /// writes a metadata step's (ENV, CMD, ARG, LABEL, …) as two words, so its history line shows two
    /// spaces (`#(nop)  ENV A=b`), and a step that writes files (WORKDIR, COPY, ADD) as one.
    func nopCommand(_ message: String, shell: [String], writesFiles: Bool) -> [String] {
        writesFiles ? shell + ["#(nop) " + message] : shell + ["#(nop) ", message]
    }

    /// Commits a step that runs no command: a container is created (`---> Running in`), `change`
    /// writes into its layer, and the container becomes the step's image with `config`.
    func commit(
        _ state: inout StageState, message: String, modernLine: String, config: ContainerConfig, op: TraceOperation,
        change: ((ContainerLayer) throws -> Void)? = nil
    ) throws {
        let command = nopCommand(message, shell: state.shell, writesFiles: change != nil)
        let createdBy = options.builder == .classic ? command.joined(separator: " ") : modernLine
        if try cached(&state, createdBy: createdBy, config: config, op: op) != nil { return }
        let container = try store.containers.create(
            ContainerSpec(image: state.image.description, command: command, entrypoint: []))
        if let change {
            try store.containers.withFilesystem(container.id.value) { filesystem in
                try change(filesystem.layer(modificationTime: fileTime ?? TarTime(seconds: 0)))
            }
        }
        try finishStep(&state, container: container.id.value, createdBy: createdBy, config: config, op: op)
    }

    /// Looks the step up in the cache; on a hit the stage moves to the cached image.
    /// - Returns: the cached image, or `nil` after recording why it missed (``missReason``).
    func cached(_ state: inout StageState, createdBy: String, config: ContainerConfig, op: TraceOperation) throws
        -> Digest?
    {
        guard !options.noCache else {
            missReason = nil
            return nil
        }
        switch cache.lookUp(parent: state.image, createdBy: createdBy, config: config) {
        case .success(let image):
            let record = try store.image(image.description)
            state.image = image
            state.imageConfig = record.config
            if options.builder == .modern { intermediateImages.append(image) }
            op.emit(
                .buildStepFinished(
                    BuildStepResult(
                        number: stepNumber, image: image, layer: Self.addedLayer(record),
                        chainID: Self.addedChainID(record), cache: .hit)))
            return image
        case .failure(let miss):
            missReason = miss.reason
            return nil
        }
    }

    /// Why the current step missed the cache.
    var missReason: CacheMiss?

    /// Commits the step's container as the stage's next image and removes the container.
    func finishStep(
        _ state: inout StageState, container: String, createdBy: String, config: ContainerConfig, op: TraceOperation
    ) throws {
        let parent = state.image
        var commit = CommitOptions(config: config, createdBy: createdBy)
        commit.recordsParent = parent != scratch
        let image = try store.containers.commit(container, options: commit)
        if options.removeIntermediateContainers || options.forceRemove { try store.containers.remove(container) }
        let record = try store.image(image.description)
        cache.record(parent: parent, createdBy: createdBy, config: config, result: record.config)
        state.image = image
        state.imageConfig = record.config
        if options.builder == .modern { intermediateImages.append(image) }
        op.emit(
            .buildStepFinished(
                BuildStepResult(
                    number: stepNumber, image: image, layer: Self.addedLayer(record),
                    chainID: Self.addedChainID(record), cache: options.noCache ? .disabled : .miss,
                    reason: missReason)))
    }

    /// The diff ID of the layer an image's last step added, `nil` for an empty layer.
    static func addedLayer(_ record: ImageRecord) -> Digest? {
        guard record.config.history?.last?.emptyLayer != true else { return nil }
        return record.config.rootfs.diffIDs.last
    }

    /// The chain ID of that layer, `nil` for an empty layer.
    static func addedChainID(_ record: ImageRecord) -> Digest? {
        addedLayer(record).flatMap { _ in ChainID.of(record.config.rootfs.diffIDs) }
    }

    // MARK: - Modern builds

    /// BuildKit keeps one image: the last step's config with no classic parent and no container,
    /// and no intermediate images (their layers stay, the final image uses them).
    private func finishModern(_ last: Digest) throws -> Digest {
        var config = try store.image(last.description).config
        config.container = nil
        let image = try store.createImage(config, parent: nil)
        for intermediate in intermediateImages.reversed() where intermediate != image {
            _ = try? store.remove(intermediate.description, force: false, prune: true)
        }
        return image
    }
}
