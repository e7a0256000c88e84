import ArgumentParser
import Store
import Trace

/// `layerlab fsck`: the store checked end to end, and repaired when asked.
struct Fsck: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the store: every blob, layer, image, tag and container.",
        discussion: HelpText.unwrapped(
            """
            First what interrupted commands left is cleaned, as every command does when it opens the
            store. Then every blob is hashed, every layer's files are compared with its blob extracted
            afresh, and every name, parent link and container is followed. Exits 1 when anything is
            wrong. With --repair, whatever is broken or unreachable is removed, with everything that
            stands on it (an image on a broken layer, a tag on that image); nothing sound is touched.
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Remove what is broken or unreachable.")
    var repair = false

    func run() throws {
        try reportingErrors {
            let printer = TranscriptPrinter()
            // The check cleans what interrupted commands left inside its own operation, so that it
            // is part of the report.
            let store = try global.openStore(extraSinks: [printer.sink], recovering: false)
            let summary = try store.check(repair: repair)
            if !summary.isClean { throw ExitCode.failure }
        }
    }
}
