import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Runtime
import Store
import Testing
import Trace
import UnionFS

/// The `sim` runtime: the built-in shell's language and commands on the union file system.
/// No root and no busybox binary needed: the image's `/bin/sh` is a placeholder file.
struct SimRuntimeTests {
    let harness: SimShellHarness

    init() throws {
        harness = try SimShellHarness()
        try BusyboxImage.make(in: harness.store, folder: harness.folder, withBusybox: false)
    }

    // MARK: - Changes through the union file system

    @Test func aScriptChangesTheReadWriteLayerWithWhiteouts() throws {
        let outcome = try harness.run("echo hi > /hello; rm /etc/x")
        #expect(outcome.exitCode == 0)
        #expect(try harness.changes(outcome) == ["C /etc", "D /etc/x", "A /hello"])
        #expect(try harness.text("/hello", in: outcome) == "hi\n")
        #expect(FileManager.default.fileExists(atPath: try harness.upperFolder(outcome) + "/etc/.wh.x"))
    }

    /// The built-in shell changes the read-write layer itself, so it tells the trace what the kernel's
    /// overlayfs does unseen: each copy-up and each whiteout, which the narration then explains.
    @Test func copyUpsAndWhiteoutsAreTraced() throws {
        let sink = RecordingSink()
        let traced = try SimShellHarness(trace: TraceRecorder(sinks: [sink]))
        try BusyboxImage.make(in: traced.store, folder: traced.folder, withBusybox: false)
        let outcome = try traced.run("echo more >> /etc/x; rm /etc/x")
        #expect(outcome.exitCode == 0)
        let events = sink.records.map(\.event)
        #expect(events.contains { if case .copyUp("etc/x", _, _) = $0 { true } else { false } }, "\(events)")
        #expect(events.contains(.whiteoutWritten(path: "etc/x", opaque: false)), "\(events)")
    }

    @Test func removingAndRecreatingAFolderMakesItOpaque() throws {
        let outcome = try harness.run("rm -r /data && mkdir /data && echo new > /data/n")
        #expect(try harness.changes(outcome) == ["D /data", "A /data/n"])
        #expect(FileManager.default.fileExists(atPath: try harness.upperFolder(outcome) + "/data/.wh..wh..opq"))
        #expect(try harness.view(outcome).lookup("/data/sub") == nil)
    }

    @Test func fileCommandsMakeWhatTheySay() throws {
        let outcome = try harness.run(
            """
            mkdir -p /a/b/c && mkdir -m 700 /private
            echo data > /a/b/c/f && chmod u+x,go-r /a/b/c/f
            cp -r /a /copy && mv /copy/b /moved && ln -s /moved/c/f /link && ln /a/b/c/f /hard
            touch /empty && chmod 4755 /empty
            """)
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let view = try harness.view(outcome)
        #expect(try view.lookup("/private")?.mode == 0o700)
        #expect(try view.lookup("/a/b/c/f")?.mode == 0o700)
        #expect(try view.lookup("/copy/a") == nil, "cp -r into a new name copies the folder itself")
        #expect(try view.lookup("/copy/b") == nil)
        #expect(try harness.text("/moved/c/f", in: outcome) == "data\n")
        #expect(try view.lookup("/moved/c/f")?.mode == 0o700, "cp without -p: the source's mode less the umask")
        #expect(try view.lookup("/link")?.linkTarget == "/moved/c/f")
        let hard = try #require(try view.lookup("/hard"))
        let original = try #require(try view.lookup("/a/b/c/f"))
        #expect(hard.inode == original.inode && hard.linkCount == 2)
        #expect(try view.lookup("/empty").map { ($0.size, $0.mode) } ?? (1, 0) == (0, 0o4755))
    }

    @Test func copyingUpKeepsALowerFileUntilItChanges() throws {
        let outcome = try harness.run("chmod 600 /data/sub/file; echo more >> /data/sub/file")
        #expect(try harness.changes(outcome) == ["C /data/sub/file"])
        #expect(try harness.text("/data/sub/file", in: outcome) == "keep\nmore\n")
        #expect(try harness.view(outcome).lookup("/data/sub/file")?.mode == 0o600)
    }

    @Test func pathsFollowSymlinksInsideTheContainerOnly() throws {
        let outcome = try harness.run(
            "ln -s /data/sub /s; echo via > /s/new; ln -s ../../../../etc /data/up; cat /data/up/x > /read")
        #expect(try harness.text("/data/sub/new", in: outcome) == "via\n")
        #expect(try harness.text("/read", in: outcome) == "x\n", "\"..\" stops at the container's root")
    }

    // MARK: - The language

    @Test func quotingAndParameterExpansion() throws {
        let outcome = try harness.run(
            #"""
            X='a  b'; echo $X "$X" '$X' \$X ${UNSET:-d} ${#X} "${UNSET-}" end
            name=file.tar.gz; echo ${name%.gz} ${name%%.*} ${name#*.} ${name##*.}
            echo ${SET:=now} $SET ${SET:+alt} "${EMPTY:+x}" ~ ~/sub
            """#, environment: ["HOME=/home/me"])
        #expect(
            outcome.output == "a b a  b $X $X d 4  end\nfile.tar file tar.gz gz\nnow now alt  /home/me /home/me/sub\n")
    }

    @Test func andOrListsExitAndSetE() throws {
        let plain = try harness.run(
            "false && echo no; true || echo no2; false || echo yes; ! false && echo neg; exit 3")
        #expect(plain.output == "yes\nneg\n")
        #expect(plain.exitCode == 3)
        let errexit = try harness.run("set -e; false || true; false && true; echo reached; false; echo never")
        #expect(errexit.output == "reached\n")
        #expect(errexit.exitCode == 1)
        let status = try harness.run("sh -c 'exit 4'; echo $?")
        #expect(status.output == "4\n")
    }

    @Test func redirectionsGoToFilesOfTheContainer() throws {
        let outcome = try harness.run(
            """
            echo a > /f; echo b >> /f; cat < /f > /g
            cat /nope 2> /err || echo missing
            echo out 2>&1 > /o; echo gone > /dev/null
            """)
        #expect(outcome.output == "missing\n")
        #expect(try harness.text("/g", in: outcome) == "a\nb\n")
        #expect(try harness.text("/err", in: outcome) == "cat: can't open '/nope': No such file or directory\n")
        #expect(try harness.text("/o", in: outcome) == "out\n")
        #expect(try harness.view(outcome).lookup("/dev/null") == nil)
    }

    @Test func globsMatchTheMergedView() throws {
        let outcome = try harness.run("touch /tmp/b /tmp/a /tmp/.hidden; echo /tmp/* /nomatch* '/tmp/*'; rm /data/*/f*")
        #expect(outcome.output == "/tmp/a /tmp/b /nomatch* /tmp/*\n")
        #expect(try harness.view(outcome).lookup("/data/sub/file") == nil)
    }

    @Test func cdNestedShellsAndPositionalParameters() throws {
        let outcome = try harness.run(
            "cd /tmp && pwd && sh -c 'echo $0 $1 $#; pwd; cd /; pwd' name arg && pwd; cd /nowhere; echo $?")
        #expect(outcome.output == "/tmp\nname arg 1\n/tmp\n/\n/tmp\n2\n")
        #expect(outcome.errors == "cd: can't cd to /nowhere: No such file or directory\n")
    }

    @Test func printfEchoTestAndEnv() throws {
        let outcome = try harness.run(
            #"""
            printf '%s-%03d|%-4s|%x\n' a 7 b 255 c
            echo -n a; echo -e 'b\tc'; echo 'd\ne'
            [ -d /data ] && test -f /etc/x && test ! -e /nope && [ 3 -lt 10 -a abc = abc ] && echo tests
            [ -x /bin/sh ] && [ -n "$PATH" ] && [ -z "" ] && [ "$HOSTNAME" != "" ] && echo more
            A=1 env > /env; unset PATH; echo ${PATH-unset}
            """#, environment: ["GREETING=hi"])
        #expect(outcome.output == "a-007|b   |ff\nc-000|    |0\nab\tc\nd\\ne\ntests\nmore\nunset\n")
        let env = try #require(try harness.text("/env", in: outcome)).split(separator: "\n")
        #expect(env.first == "GREETING=hi")
        #expect(env.contains("A=1") && env.contains { $0.hasPrefix("PATH=/usr/local/sbin") })
    }

    @Test func theImageConfigAppliesAndAMissingWorkingDirectoryIsMade() throws {
        var config = ContainerConfig(env: ["GREETING=hello"])
        config.user = "app"
        config.workingDir = "/made/here"
        try BusyboxImage.make(
            in: harness.store, folder: harness.folder, name: "busybox:app", config: config, withBusybox: false)
        let outcome = try harness.run("echo $GREETING $PWD $HOME; touch mine", image: "busybox:app")
        #expect(outcome.output == "hello /made/here /home/app\n")
        let view = try harness.view(outcome)
        #expect(try view.lookup("/made/here/mine")?.kind == .regular)
        if geteuid() == 0 {
            #expect(try view.lookup("/made/here/mine").map { [$0.uid, $0.gid] } == [1000, 1000])
        }
    }

    /// R-D7, R-B5: an untrusted image's WorkingDir is resolved inside its root or refused.
    /// `/escape` links to an absolute path of this machine, which the root does not have; the
    /// built-in shell's `mkdir -p` follows the link inside the root and stops there, as the
    /// kernel runtime refuses it, and the machine's folder is never made.
    @Test func aWorkingDirectoryThroughALinkOutOfTheRootIsRefusedAndMadeNowhere() throws {
        let outside = harness.folder.file("host-side")
        var config = ContainerConfig()
        config.workingDir = "/escape/sub"
        try BusyboxImage.make(
            in: harness.store, folder: harness.folder, name: "busybox:escape", config: config, withBusybox: false
        ) { root in
            try FileManager.default.createSymbolicLink(atPath: root + "/escape", withDestinationPath: outside)
        }
        #expect {
            _ = try harness.run("pwd", image: "busybox:escape")
        } throws: { error in
            "\(error)" == "the working directory '/escape/sub' cannot be made in the image"
        }
        #expect(!FileManager.default.fileExists(atPath: outside), "nothing was made on the machine")
    }

    @Test func aBuiltinRunsWithoutAShellAndByPath() throws {
        let direct = try harness.run("", command: ["mkdir", "-p", "/x/y"])
        #expect(try harness.changes(direct) == ["A /x", "A /x/y"])
        let byPath = try harness.run("", command: ["/bin/sh", "-c", "echo by path"])
        #expect(byPath.output == "by path\n")
        let missing = try harness.run("", command: ["/no/such", "x"])
        #expect(missing.exitCode == 127)
    }

    // MARK: - Limits and failures

    @Test func aProgramOfTheImageOutsideTheSubsetFailsNamingIt() throws {
        do {
            _ = try harness.run("echo first > /first; apt-get update")
            Issue.record("apt-get ran")
        } catch {
            let error = try #require(error as? RuntimeError)
            #expect(error.code == .unsupportedCommand)
            #expect(error.message.contains("\"apt-get\" (line 1)"))
            #expect(error.message.contains("--runtime overlay"))
        }
        let container = try #require(try harness.store.containers.list().first)
        #expect(container.state.exitCode == 127)
    }

    @Test(arguments: [
        ("echo a | cat", "pipelines (|)"),
        ("sleep 1 &", "background jobs (&)"),
        ("echo $(id -u)", "command substitution $(…)"),
        ("echo `id`", "command substitution (`…`)"),
        ("(cd /tmp)", "subshells ( … )"),
        ("if true; then echo; fi", "compound commands (`if`)"),
        ("cat <<EOF\nx\nEOF", "here-documents (<<)"),
    ])
    func constructsOutsideTheSubsetAreNamed(script: String, construct: String) throws {
        do {
            _ = try harness.run(script)
            Issue.record("\(script) ran")
        } catch {
            let error = try #require(error as? RuntimeError)
            #expect(error.code == .unsupportedCommand)
            #expect(error.message.contains(construct), "\(error.message)")
        }
    }

    @Test func unknownCommandsSyntaxErrorsAndRunawayNestingEndWithAStatus() throws {
        let unknown = try harness.run("nosuch arg; echo after $?")
        #expect(unknown.output == "after 127\n")
        #expect(unknown.errors == "sh: nosuch: not found\n")
        let syntax = try harness.run("echo 'unterminated")
        #expect(syntax.exitCode == 2)
        #expect(syntax.errors.contains("unterminated quoted string"))
        let required = try harness.run("echo ${NOPE?is required}; echo after")
        #expect(required.exitCode == 2 && required.output.isEmpty)
        #expect(required.errors == "sh: NOPE: is required\n")
        let runaway = try harness.run("echo 'sh /r.sh' > /r.sh; sh /r.sh")
        #expect(runaway.exitCode == 1)
        #expect(runaway.errors.contains("nested more than 32 deep"))
    }

    @Test func theSameScriptOnTheSameImageGivesTheSameLayer() throws {
        let script = "mkdir -p /app/bin && echo v1 > /app/version && cp /etc/passwd /app/ && rm /etc/x"
        var layers: [Digest] = []
        for index in 0..<2 {
            let outcome = try harness.run(script)
            let image = try harness.store.containers.commit(
                outcome.id, options: CommitOptions(repository: "same:\(index)"))
            let top = try #require(try harness.store.image(image.description).layers.last)
            layers.append(top.diffID)
        }
        #expect(layers[0] == layers[1])
    }
}
