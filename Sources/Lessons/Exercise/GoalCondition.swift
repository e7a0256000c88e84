import OCI
import Render
import Trace

/// One line of an exercise's goal: a fact about the store as the trace left it, or about what the
/// learner's commands did (an `rmi` refused, a push that found a layer already there).
///
/// Names in conditions are as the learner types them (`tour/busybox:1.0`, `$REGISTRY/tour/web:1.0`)
/// and may use the lesson's variables.
public enum GoalCondition: Sendable, Equatable {
    /// NAME names an image.
    case image(String)
    /// NAME names no image.
    case noImage(String)
    /// An `rmi` of the learner's took the name NAME away, and no image has it now.
    case removed(String)
    /// An `rmi` of the learner's took the name NAME away and deleted the image it named, in that one
    /// command (not only the name, with the image going later), and no image has the name now.
    case deleted(String)
    /// The two names name one image.
    case sameImage(String, String)
    /// The two images share at least one layer.
    case sharedLayer(String, String)
    /// This many images are dangling: no name, and no image built on them (`images -f dangling=true`).
    case dangling(Int)
    /// The image has this many layers.
    case layerCount(String, Int)
    /// A container has this name.
    case container(String)
    /// No container has this name.
    case noContainer(String)
    /// Exactly this many containers exist, whatever their names.
    case containerCount(Int)
    /// The learner removed a container, and none is left: unlike `container-count 0`, it does not
    /// hold before any container was made.
    case containersRemoved
    /// Nothing is left: no image, no layer, no container (an `rmi -f` that left a container's
    /// layers behind does not reach it).
    case emptyStore
    /// An `rmi` was refused for this reason.
    case rmiRefused(RefusalReason)
    /// A push found a layer the registry already had (`Layer already exists`, `Mounted from`).
    case pushReused
    /// A pull of NAME finished.
    case pulled(String)
    /// A build ran in which every step that can use the cache did (`Using cache`).
    case buildAllCached
    /// A command of this kind finished without an error (`images`, `history`, `search`, …); with
    /// a subject, one given it as an argument (`history tour/app:1.0`: that image, by any of its
    /// names or its ID).
    case ran(OperationKind, subject: String? = nil)

    public enum RefusalReason: String, Sendable, CaseIterable {
        /// Another image was built on it.
        case child
        /// A container uses it.
        case container
    }

    /// The condition a ```goal line describes, or a message saying what is wrong with it.
    public static func parse(_ words: [String]) -> Result<GoalCondition, ParseFailure> {
        guard let name = words.first else { return .failure(ParseFailure("an empty goal line")) }
        let arguments = Array(words.dropFirst())
        func expect(_ count: Int, _ usage: String) -> ParseFailure? {
            arguments.count == count ? nil : ParseFailure("`\(name)` takes \(usage)")
        }
        switch name {
        case "image", "no-image", "pulled", "removed", "deleted":
            if let failure = expect(1, "one image name") { return .failure(failure) }
            let image = arguments[0]
            switch name {
            case "image": return .success(.image(image))
            case "pulled": return .success(.pulled(image))
            case "removed": return .success(.removed(image))
            case "deleted": return .success(.deleted(image))
            default: return .success(.noImage(image))
            }
        case "container", "no-container":
            if let failure = expect(1, "one container name") { return .failure(failure) }
            return .success(name == "container" ? .container(arguments[0]) : .noContainer(arguments[0]))
        case "same-image", "shared-layer":
            if let failure = expect(2, "two image names") { return .failure(failure) }
            return .success(
                name == "same-image"
                    ? .sameImage(arguments[0], arguments[1]) : .sharedLayer(arguments[0], arguments[1]))
        case "layer-count":
            guard arguments.count == 2, let count = Int(arguments[1]), count >= 0 else {
                return .failure(ParseFailure("`layer-count` takes an image name and a number"))
            }
            return .success(.layerCount(arguments[0], count))
        case "dangling", "container-count":
            guard arguments.count == 1, let count = Int(arguments[0]), count >= 0 else {
                return .failure(ParseFailure("`\(name)` takes a number"))
            }
            return .success(name == "dangling" ? .dangling(count) : .containerCount(count))
        case "rmi-refused":
            let reasons = RefusalReason.allCases.map(\.rawValue).joined(separator: " or ")
            guard arguments.count == 1, let reason = RefusalReason(rawValue: arguments[0]) else {
                return .failure(ParseFailure("`rmi-refused` takes one reason: \(reasons)"))
            }
            return .success(.rmiRefused(reason))
        case "push-reused", "build-all-cached", "containers-removed", "empty-store":
            if let failure = expect(0, "nothing after it") { return .failure(failure) }
            switch name {
            case "push-reused": return .success(.pushReused)
            case "build-all-cached": return .success(.buildAllCached)
            case "empty-store": return .success(.emptyStore)
            default: return .success(.containersRemoved)
            }
        case "ran":
            guard (1...2).contains(arguments.count) else {
                return .failure(
                    ParseFailure(
                        "`ran` takes a command name (images, history, search, …) and what it was given, if it matters"))
            }
            return .success(.ran(OperationKind(rawValue: arguments[0]), subject: arguments.dropFirst().first))
        default:
            return .failure(ParseFailure("unknown goal \"\(name)\" (\(Self.names.joined(separator: ", ")))"))
        }
    }

    /// Every condition's name, as a ```goal line starts.
    public static let names = [
        "image", "no-image", "removed", "deleted", "same-image", "shared-layer", "layer-count", "dangling", "container",
        "no-container", "container-count", "containers-removed", "empty-store",
        "rmi-refused", "push-reused", "pulled", "build-all-cached", "ran",
    ]

    public struct ParseFailure: Error, Equatable, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    /// The condition with the lesson's variables (`${REGISTRY}`) filled in.
    func substituting(_ variables: [String: String]) -> GoalCondition {
        let fill = { (word: String) in CommandWords.substitute(word, variables) }
        switch self {
        case .image(let name): return .image(fill(name))
        case .noImage(let name): return .noImage(fill(name))
        case .removed(let name): return .removed(fill(name))
        case .deleted(let name): return .deleted(fill(name))
        case .sameImage(let a, let b): return .sameImage(fill(a), fill(b))
        case .sharedLayer(let a, let b): return .sharedLayer(fill(a), fill(b))
        case .layerCount(let name, let count): return .layerCount(fill(name), count)
        case .container(let name): return .container(fill(name))
        case .noContainer(let name): return .noContainer(fill(name))
        case .pulled(let name): return .pulled(fill(name))
        case .ran(let kind, let subject): return .ran(kind, subject: subject.map(fill))
        case .rmiRefused, .dangling, .containerCount, .containersRemoved, .emptyStore, .pushReused, .buildAllCached:
            return self
        }
    }
}
