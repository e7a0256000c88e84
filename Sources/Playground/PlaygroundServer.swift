import Foundation
import HTTPTypes
import Hummingbird
import Lessons
import Logging
import NIOCore
import Render

/// `layerlab playground`'s web app: the page and its assets, all served from the binary (no CDN),
/// and a small JSON API the page drives. It listens on loopback only: one learner, one machine.
public struct PlaygroundServer: Sendable {
    public struct Configuration: Sendable {
        public var port: Int
        /// The language when the page does not ask for one.
        public var language: Language
        /// The language `--lang` chose: the page starts in it, whatever the browser's language, until
        /// the learner presses the language button. `nil` leaves the choice to the browser.
        public var chosenLanguage: Language?
        /// The layerlab commands the command box completes.
        public var commands: [String]
        /// Each command's flags (a subcommand's key is its path, `system df`), completed after it.
        public var flags: [String: [String]]

        public init(
            port: Int = 8080, language: Language = .en, chosenLanguage: Language? = nil, commands: [String] = [],
            flags: [String: [String]] = [:]
        ) {
            self.port = port
            self.language = language
            self.chosenLanguage = chosenLanguage
            self.commands = commands.filter { !PlaygroundInput.refused.contains($0) }
            self.flags = flags.filter { !PlaygroundInput.refused.contains(String($0.key.prefix { $0 != " " })) }
        }
    }

    private let session: PlaygroundSession
    private let configuration: Configuration

    public init(lessons: [Lesson], executor: any LessonExecutor, configuration: Configuration) {
        // The learner's commands run by the wall clock, so `images` and `history` say "5 seconds ago"
        // for what was just built, newest first; a level's setup runs by the session's start, so
        // its base images are not years old either.
        session = PlaygroundSession(
            lessons: lessons, executor: executor, epoch: Int(Date().timeIntervalSince1970), learnerClock: .now,
            flags: configuration.flags)
        self.configuration = configuration
    }

    /// Serves until the task is cancelled, calling `onListening` with the bound port once it listens.
    public func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        var logger = Logger(label: "layerlab.playground")
        logger.logLevel = .critical
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: configuration.port)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await app.run()
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        let session = session
        let fallback = configuration.language
        router.get("/") { _, _ in Self.asset(PackageResources.index_html, type: "text/html; charset=utf-8") }
        router.get("/{file}") { _, context in
            let name = try context.parameters.require("file")
            guard let file = Self.assets[name] else { throw HTTPError(.notFound, message: "no file \(name)") }
            return Self.asset(file.bytes, type: file.type)
        }
        let commands = CommandNames(names: configuration.commands, flags: configuration.flags)
        router.get("/api/commands") { _, _ in commands }
        let chosen = ChosenLanguage(language: configuration.chosenLanguage?.rawValue)
        router.get("/api/language") { _, _ in chosen }
        router.get("/api/levels") { request, _ in
            LevelList(levels: await session.summaries(Self.language(of: request, fallback: fallback)))
        }
        router.get("/api/state") { request, _ in
            try await Self.answering { try await session.state(Self.language(of: request, fallback: fallback)) }
        }
        router.post("/api/command") { request, context in
            let body = try await request.decode(as: CommandRequest.self, context: context)
            return try await Self.answering {
                try await session.handle(body.line, language: Self.language(of: request, fallback: fallback))
            }
        }
        router.get("/api/transcript") { request, _ in
            try await Self.answering { try await session.transcript(Self.language(of: request, fallback: fallback)) }
        }
        router.get("/api/goal/{level}") { request, context in
            let level = try context.parameters.require("level")
            return try await Self.answering {
                try await session.goalPicture(level, language: Self.language(of: request, fallback: fallback))
            }
        }
        return router
    }

    struct CommandNames: ResponseEncodable {
        var names: [String]
        var flags: [String: [String]]
    }

    struct ChosenLanguage: ResponseEncodable {
        var language: String?
    }

    struct CommandRequest: Decodable {
        var line: String
    }

    /// `?lang=zh|en`, else the server's language.
    private static func language(of request: Request, fallback: Language) -> Language {
        request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) ?? fallback
    }

    /// The body's result; an error becomes a 500 whose body says what went wrong, for the page to show.
    private static func answering<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PlaygroundError {
            throw HTTPError(.notFound, message: error.message)
        } catch {
            throw HTTPError(.internalServerError, message: "\(error)")
        }
    }

    /// The page's files, each at its own name: the script is split into modules that import each other.
    private static let assets: [String: (bytes: [UInt8], type: String)] = {
        let script = "text/javascript; charset=utf-8"
        return [
            "style.css": (PackageResources.style_css, "text/css; charset=utf-8"),
            "app.js": (PackageResources.app_js, script), "commandbox.js": (PackageResources.commandbox_js, script),
            "goal.js": (PackageResources.goal_js, script), "page.js": (PackageResources.page_js, script),
            "pictures.js": (PackageResources.pictures_js, script),
            "pointing.js": (PackageResources.pointing_js, script),
            "server.js": (PackageResources.server_js, script), "terminal.js": (PackageResources.terminal_js, script),
            "words.js": (PackageResources.words_js, script),
        ]
    }()

    private static func asset(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
