import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Runtime
import Store
import Testing
import UnionFS

/// The built-in shell against the real thing: each script, inside the subset, runs once with
/// `sim` and once with `overlay` (busybox's own sh and applets on the kernel's overlayfs), on the
/// same busybox image. Both layers must list the same changes, and every entry they add or
/// change must have the same kind, mode, owner, content and link target. Times are left out:
/// the kernel's are the clock's, the built-in shell's are SOURCE_DATE_EPOCH's.
@Suite(
    .enabled(if: TestEnvironment.canMountOverlay, "needs root: the overlay runtime is the reference"),
    .enabled(if: BusyboxImage.isAvailable, "needs /bin/busybox (Debian package busybox-static)"))
struct SimOverlayDifferentialTests {
    static let scripts = [
        "echo hi > /hello; rm /etc/x",
        "mkdir -p /a/b/c && echo x > /a/b/c/f && chmod 600 /a/b/c/f && mkdir -m 700 /a/private",
        "rm -r /data && mkdir /data && echo new > /data/n",
        "cp /etc/passwd /tmp/p && mv /tmp/p /tmp/q && ln -s /tmp/q /tmp/link && ln -s ../etc/x /tmp/rel",
        "cd /data/sub && touch new && ln file hard && echo more >> file",
        "set -e; X=1; export Y=2; printf '%s:%s\\n' \"$X\" \"$Y\" > /vars; unset X; echo ${X:-none} >> /vars",
        "chown app:staff /etc/x && chmod g+w,o= /etc/x && chown -R 1000 /data",
        "mv /data/sub /moved && mv /etc/group /etc/group.old",
        "test -d /data && echo yes > /t || echo no > /t; [ -f /nope ] || touch /nope; [ -x /bin/sh ] && echo x >> /t",
        "printf '%s=%03d\\n' a 1 b 22 > /p; cat /etc/x /p > /both; cat < /both >> /p",
        "name=file.tar.gz; echo ${name%.gz} ${name#*.} ${#name} ${HOME:-none} ${NOPE:-dflt} > /params",
        "touch /tmp/b /tmp/a; echo /tmp/* > /globbed; rm /data/sub/*",
        "sh -c 'cd /tmp && echo nested > n; exit 3'; echo $? > /status; cd /root && pwd > /root/where",
        "echo -n abc > /n; echo 'quote \"d\" $x' > /q; echo 'a\\nb' > /bs; echo -e 'c\\td' >> /bs",
        "cp -r /data /copy && cp -a /data /archive && cp /etc/x /etc/passwd /tmp/ && rm -rf /tmp/x /nothing",
        "touch /etc/x && chmod +x /etc/x && mkdir /d && touch /d/f && rm -r /d && ln -sf /etc /etc-link",
    ]

    let harness: SimShellHarness

    init() throws {
        harness = try SimShellHarness()
        try BusyboxImage.make(in: harness.store, folder: harness.folder)
    }

    @Test(arguments: scripts)
    func builtInShellAndBusyboxMakeTheSameLayer(script: String) throws {
        let simulated = try harness.run(script, runtime: SimRuntime())
        let real = try harness.run(script, runtime: OverlayRuntime())
        #expect(simulated.exitCode == real.exitCode, "sim: \(simulated.errors) overlay: \(real.errors)")
        #expect(simulated.output == real.output)
        let changes = try harness.changes(real)
        #expect(try harness.changes(simulated) == changes)
        #expect(!changes.isEmpty)
        let simulatedView = try harness.view(simulated)
        let realView = try harness.view(real)
        for change in changes where !change.hasPrefix("D ") {
            let path = String(change.dropFirst(2))
            let fromSim = try simulatedView.lookup(path)
            let fromKernel = try realView.lookup(path)
            #expect(
                try fromSim.map { try Self.summary($0, in: simulatedView) }
                    == fromKernel.map { try Self.summary($0, in: realView) }, "\(path)")
        }
    }

    /// A time given whole to `touch -d` or `-t` is the clock's in neither runtime: both set the
    /// same. (A form without seconds takes the clock's, which the two runtimes do not share.)
    @Test func datedTouchesSetTheSameTimes() throws {
        let script =
            "touch -d '2020-01-02 03:04:05' /dated && touch -t 202001020304.05 /stamped && touch -d @86400 /epoch"
            + " && touch -c -d '2021-06-07 08:09:10' /etc/x /absent && touch -d 2020-13-01 /bad; echo $? > /status"
        let simulated = try harness.run(script, runtime: SimRuntime())
        let real = try harness.run(script, runtime: OverlayRuntime())
        #expect(simulated.exitCode == real.exitCode, "sim: \(simulated.errors) overlay: \(real.errors)")
        #expect(try harness.text("/status", in: simulated) == "1\n")
        #expect(try harness.text("/status", in: real) == "1\n")
        #expect(simulated.errors == "touch: invalid date '2020-13-01'\n")
        let changes = (try harness.changes(simulated), try harness.changes(real))
        #expect(changes.0 == changes.1)
        let simulatedView = try harness.view(simulated)
        let realView = try harness.view(real)
        for path in ["/dated", "/stamped", "/epoch", "/etc/x"] {
            let fromSim = try simulatedView.lookup(path)?.modificationTime
            let fromKernel = try realView.lookup(path)?.modificationTime
            #expect(fromSim != nil && fromSim == fromKernel, "\(path)")
        }
        #expect(try simulatedView.lookup("/dated")?.modificationTime.seconds == 1_577_934_245)
        #expect(try simulatedView.lookup("/absent") == nil)
    }

    /// Everything about an entry that both runtimes must agree on.
    static func summary(_ entry: MergedEntry, in view: UnionView) throws -> String {
        var text = "\(entry.kind) \(String(entry.mode, radix: 8)) \(entry.uid):\(entry.gid)"
        if entry.kind == .regular { text += " " + String(decoding: try view.contents(of: entry), as: UTF8.self) }
        if let target = entry.linkTarget { text += " -> \(target)" }
        return text
    }
}
