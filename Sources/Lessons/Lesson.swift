import Render

/// A guided lesson: prose in Chinese and English, and the real commands the learner watches run,
/// with checks on their output, the files they write and the diagrams drawn from their traces.
public struct Lesson: Sendable, Equatable {
    /// The file's name without `.md` (`03-images`): lessons run in the order of their names.
    public var id: String
    /// The file it was read from, for messages.
    public var source: String
    public var titles: [Language: String]
    /// The embedded registry the lesson needs, if any; its address is `$REGISTRY` in commands.
    public var registry: RegistryNeed?
    /// Files the runner makes in the workspace before the first step.
    public var fixtures: [Fixture]
    public var steps: [Step]
    /// What the learner is asked to do at the end, if anything.
    public var exercise: Exercise?

    public init(
        id: String, source: String = "", titles: [Language: String], registry: RegistryNeed? = nil,
        fixtures: [Fixture] = [],
        steps: [Step] = [], exercise: Exercise? = nil
    ) {
        self.id = id
        self.source = source
        self.titles = titles
        self.registry = registry
        self.fixtures = fixtures
        self.steps = steps
        self.exercise = exercise
    }

    /// The steps that make the exercise's starting point: the `setup` commands and the files, in
    /// the lesson's order (so a file written twice is there in its last version).
    public var exerciseStart: [Step] {
        steps.filter { step in
            switch step {
            case .commands(let block): block.hidden
            case .file: true
            default: false
            }
        }
    }

    public func title(_ language: Language) -> String {
        Self.title(titles, language) ?? id
    }

    /// The title in `language`, else the Chinese one (the course's), else the English one.
    public static func title(_ titles: [Language: String], _ language: Language) -> String? {
        titles[language] ?? titles[.zh] ?? titles[.en]
    }

    public enum RegistryNeed: String, Sendable, Equatable {
        /// Anyone may push and pull.
        case open
        /// Docker Hub's token flow; `login -u tour -p tour-password $REGISTRY` gets push rights.
        case token
    }

    public enum Fixture: String, Sendable, Equatable {
        /// `rootfs.tar`: the host's static busybox with a few applet links and an os-release file,
        /// every time and owner fixed, so `import` gives the same image ID on every machine.
        case busyboxRootfs = "busybox-rootfs"
    }

    /// One piece of a lesson, in the order it appears in the file.
    public enum Step: Sendable, Equatable {
        /// Text for the learner; `language` nil when it is the same in both.
        case prose(String, language: Language?)
        /// `layerlab` commands, one per line (without the `layerlab` word).
        case commands(CommandBlock)
        /// Text the previous command block's output must contain, one check per line.
        case expect([String], line: Int)
        /// A file the learner writes (a Dockerfile, a page): made in the workspace and shown.
        case file(path: String, content: String, line: Int)
        /// A diagram of the last trace: `render TRACE --kind KIND`.
        case diagram(kind: String, line: Int)
        /// The store drawn as it is now: `graph ARGUMENTS`.
        case graph(arguments: [String], line: Int)
        /// The last trace narrated in the reader's language: `explain TRACE`.
        case explain(line: Int)
    }

    public struct CommandBlock: Sendable, Equatable {
        public var commands: [[String]]
        /// Setup the learner does not need to see: run, but left out of the book and the screen.
        public var hidden: Bool
        /// Every command is meant to fail (a refused `rmi`): a success is the lesson's error.
        public var failing: Bool
        /// The variable the block's one command's output (trimmed) goes into, for later commands.
        public var capture: String?
        /// Where the block starts in the file.
        public var line: Int

        public init(
            commands: [[String]], hidden: Bool = false, failing: Bool = false, capture: String? = nil, line: Int
        ) {
            self.commands = commands
            self.hidden = hidden
            self.failing = failing
            self.capture = capture
            self.line = line
        }
    }
}
