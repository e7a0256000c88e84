import Render
import Testing

@testable import Playground

/// The line the playground adds, in the page's language, where Docker's own message says what
/// failed but not what to do.
struct CommandAdviceTests {
    let adviser = CommandAdvice(words: Words(.en), registry: "127.0.0.1:5000", containers: ["hello"])

    @Test func aPushOfADockerHubNameSaysToUseTheLevelsRegistry() throws {
        let output = "Error: HEAD https://registry-1.docker.io/v2/tour/busybox/blobs/sha256:… DNS error"
        let advice = try #require(
            adviser.advice(["push", "tour/busybox:1.0"], status: 1, output: output, traced: true))
        #expect(advice.contains("$REGISTRY (127.0.0.1:5000)") && advice.contains("Docker Hub"))
        // Without a registry of its own, a level has nothing better to say.
        let sandbox = CommandAdvice(words: Words(.en), registry: nil, containers: [])
        #expect(sandbox.advice(["push", "tour/busybox:1.0"], status: 1, output: output, traced: true) == nil)
    }

    @Test func rmiOfAContainersNameSaysItIsAContainer() throws {
        let advice = adviser.advice(["rmi", "hello"], status: 1, output: "Error: No such image: hello", traced: true)
        #expect(advice == "hello is a container, not an image: `rm hello` removes a container; rmi removes images.")
        #expect(
            adviser.advice(["rmi", "other"], status: 1, output: "Error: No such image: other", traced: true) == nil)
        let chinese = CommandAdvice(words: Words(.zh), registry: nil, containers: ["hello"])
        #expect(
            chinese.advice(["rmi", "hello"], status: 1, output: "Error: No such image: hello", traced: true)?
                .hasPrefix("hello 是一个容器") == true)
    }

    /// `rmi tour/busybox` where the store has `tour/busybox:1.0`: Docker says only that there is no
    /// such image, and the learner sees one.
    @Test func aRepositoryNamedWithoutItsTagMeansLatest() throws {
        var adviser = self.adviser
        adviser.repositories = ["tour/busybox"]
        for (command, output) in [
            ("rmi", "Error: No such image: tour/busybox"), ("history", "Error: No such image: tour/busybox:latest"),
        ] {
            let advice = try #require(
                adviser.advice([command, "tour/busybox"], status: 1, output: output, traced: true))
            #expect(advice.contains("tour/busybox:latest") && advice.contains("tour/busybox:1.0"), "\(advice)")
        }
        // A name the store has no repository of is simply not there.
        #expect(
            adviser.advice(["rmi", "nginx"], status: 1, output: "Error: No such image: nginx", traced: true) == nil)
    }

    @Test func aSearchOfDockerHubAPullWithoutATagAndAPromptingLoginAreExplained() throws {
        let hub = "Error: GET https://registry-1.docker.io/v1/search?q=web&n=25 failed: DNS error"
        #expect(
            adviser.advice(["search", "web"], status: 1, output: hub, traced: true)?.contains("$REGISTRY/") == true)
        let unknown = "Error: MANIFEST_UNKNOWN: manifest unknown: latest"
        let image = "127.0.0.1:5000/tour/web"
        let latest = try #require(adviser.advice(["pull", image], status: 1, output: unknown, traced: true))
        #expect(latest.contains("\(image):latest") && latest.contains("\(image):1.0"), "\(latest)")
        #expect(adviser.advice(["pull", image + ":2.0"], status: 1, output: unknown, traced: true) == nil, "tagged")
        let prompt = "Error: Cannot perform an interactive login from a non TTY device"
        #expect(
            adviser.advice(["login", "127.0.0.1:5000"], status: 1, output: prompt, traced: false)?.contains("-u")
                == true)
    }

    @Test func aRefusedContainerNameSaysWhatANameNeeds() throws {
        let output = "Error: Invalid container name (c), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
        let advice = try #require(
            adviser.advice(["run", "--name", "c", "tour/busybox:1.0"], status: 125, output: output, traced: true))
        #expect(advice.hasPrefix("The name c will not do") && advice.contains("two characters or more"), "\(advice)")
        let chinese = CommandAdvice(words: Words(.zh), registry: nil, containers: [])
        #expect(
            chinese.advice(["create", "--name", "c", "x"], status: 125, output: output, traced: true)?
                .hasPrefix("容器名 c 不行") == true)
        // Another refusal of run is not about the name.
        #expect(
            adviser.advice(["run", "x"], status: 125, output: "Error: No such image: x", traced: true)?
                .hasPrefix("The name") == false)
    }

    @Test func aBuildOfAFolderWithoutADockerfileNamesTheLevelsFolder() throws {
        let output =
            "Error: unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ./Dockerfile: "
            + "no such file or directory"
        var adviser = CommandAdvice(words: Words(.zh), registry: nil, containers: [])
        #expect(adviser.advice(["build", "."], status: 1, output: output, traced: false) == nil, "no folder to name")
        adviser.buildFolders = ["site"]
        let advice = try #require(adviser.advice(["build", "."], status: 1, output: output, traced: false))
        #expect(advice.contains("`site`") && advice.contains("build -t 名字:标签 site"), "\(advice)")
    }

    /// A build after its base image was removed looks for it on Docker Hub: the line says what happened
    /// and how to go back, not to use the level's registry.
    @Test func aBuildWhoseBaseImageIsGoneSaysToUndoOrReset() throws {
        let output = "Error: GET https://registry-1.docker.io/v2/tour/busybox/manifests/1.0 failed: DNS error"
        let advice = try #require(
            adviser.advice(["build", "-t", "tour/app:1.0", "app"], status: 1, output: output, traced: true))
        #expect(advice.contains("FROM") && advice.contains("undo") && advice.contains("reset"), "\(advice)")
    }

    @Test func aCommandThatRanAndSucceededGetsNone() {
        #expect(adviser.advice(["rmi", "hello"], status: 0, output: "Untagged: hello:latest", traced: true) == nil)
        // A usage error is told where to look only when the command never reached the engine.
        let usage = "Error: missing argument\nSee 'layerlab tag --help'."
        #expect(adviser.advice(["tag", "x"], status: 125, output: usage, traced: false)?.contains("help tag") == true)
        #expect(adviser.advice(["tag", "x"], status: 125, output: usage, traced: true) == nil)
    }

    /// Docker's short English answers, said in the page's language with what to do.
    @Test func aLoginAMissingCommandAndAnImageToPullAreExplained() throws {
        let push = "Error: unauthorized: authentication required (push on 127.0.0.1:5000; run `layerlab login` first)"
        #expect(adviser.advice(["push", "x"], status: 1, output: push, traced: true)?.contains("login -u") == true)
        let chinese = CommandAdvice(words: Words(.zh), registry: nil, containers: [])
        #expect(chinese.advice(["push", "x"], status: 1, output: push, traced: true)?.contains("先登录") == true)
        let bare = adviser.advice(
            ["run", "tour/busybox:1.0"], status: 1, output: "Error: No command specified", traced: true)
        #expect(bare?.contains("CMD") == true && bare?.contains("echo hi") == true)
        let nginx = adviser.advice(
            ["run", "-d", "nginx"], status: 1, output: "Error: No such image: nginx:latest", traced: true)
        #expect(nginx?.contains("pull") == true && nginx?.contains("Docker Hub") == true, "\(nginx ?? "")")
    }

    /// A slip of the keyboard is answered with the command meant; a word far from every command is not.
    @Test func aMisspeltCommandIsAnsweredWithTheNearestOne() {
        var adviser = self.adviser
        adviser.commands = ["commit", "hint", "images", "pull", "push", "rm", "rmi", "run", "tag"]
        let unknown = { (name: String) in "layerlab: '\(name)' is not a layerlab command.\nSee 'layerlab --help'" }
        for (typed, meant) in [("comit", "commit"), ("imgaes", "images"), ("hnit", "hint"), ("puhs", "push")] {
            let advice = adviser.advice([typed], status: 1, output: unknown(typed), traced: false)
            #expect(
                advice?.hasPrefix("Did you mean \(meant)? There is no command \(typed).") == true,
                "\(typed): \(advice ?? "")")
        }
        #expect(
            adviser.advice(["layers"], status: 1, output: unknown("layers"), traced: false)?.contains("mean") == false)
        #expect(
            NearestWord.edits(Array("comit"), Array("commit")) == 1 && NearestWord.edits(Array("ab"), Array("ba")) == 1)
        #expect(NearestWord.nearest(to: "xyz", among: ["rm", "tag"]) == nil)
    }

    /// Docker's own flag (`run -d`, `ps --format`) is not misspelt: the advice names the option and
    /// says layerlab may not have it.
    @Test func anUnknownOptionIsNamedNotCalledMisspelt() throws {
        let cases = [
            (["run", "-d", "tour/busybox:1.0"], "unknown shorthand flag: 'd' in -d\nSee 'layerlab run --help'.", "-d"),
            (["ps", "--format", "x"], "unknown flag: --format\nSee 'layerlab ps --help'.", "--format"),
        ]
        for (command, output, option) in cases {
            let advice = try #require(adviser.advice(command, status: 64, output: output, traced: false))
            #expect(advice.contains("no option \(option)") && advice.contains("help \(command[0])"), "\(advice)")
            #expect(!advice.contains("misspelt)"), "\(advice)")
        }
    }
}
