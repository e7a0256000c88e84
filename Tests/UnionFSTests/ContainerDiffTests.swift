import Archive
import Foundation
import LayerlabTestSupport
import OCI
import Testing
import UnionFS

/// One series of changes in a container and what `docker diff` must print for it.
struct DiffCase: CustomTestStringConvertible, Sendable {
    var name: String
    var changes: @Sendable (ContainerLayer) throws -> Void
    var expected: [String]
    var testDescription: String { name }
}

@Suite struct ContainerDiffTests {
    let folders = LayerFolders("container-diff")

    /// The image's two layers. Their folders' times are the times they were made (the tars name
    /// no parent folders), and a copied-up folder keeps its time: containers compared byte for
    /// byte must share one image.
    func image(_ prefix: String = "layer") throws -> UnionView {
        UnionView(
            layers: try folders.make(
                [
                    [
                        .file("etc/passwd", "root"), .file("etc/hosts", "old"), .file("bin/sh", "#!"),
                        .file("var/log/old.log"),
                    ],
                    [.file("etc/hosts", "new"), .file("opt/app/run")],
                ], prefix: prefix))
    }

    func container(_ name: String = "upper", on image: UnionView? = nil) throws -> ContainerLayer {
        ContainerLayer(
            lower: try image ?? self.image(name + "-layer"), upper: try folders.emptyFolder(name),
            modificationTime: TarTime(seconds: 1_700_000_000))
    }

    static let cases: [DiffCase] = [
        DiffCase(name: "nothing changed", changes: { _ in }, expected: []),
        DiffCase(
            name: "a changed file is listed alone: its copied-up parent keeps mode and time",
            changes: { try $0.write("etc/hosts", contents: Array("x".utf8)) },
            expected: ["C /etc/hosts"]),
        DiffCase(
            name: "an added file marks its parent changed",
            changes: { try $0.write("etc/motd", contents: Array("hi".utf8)) },
            expected: ["C /etc", "A /etc/motd"]),
        DiffCase(
            name: "an added file in a new directory",
            changes: {
                try $0.mkdir("srv")
                try $0.write("srv/index.html", contents: [])
            },
            expected: ["A /srv", "A /srv/index.html"]),
        DiffCase(
            name: "a deep addition marks every parent changed",
            changes: { try $0.write("opt/app/config", contents: []) },
            expected: ["C /opt", "C /opt/app", "A /opt/app/config"]),
        DiffCase(
            name: "a deleted file",
            changes: { try $0.remove("bin/sh") },
            expected: ["C /bin", "D /bin/sh"]),
        DiffCase(
            name: "a deleted tree is one line",
            changes: { try $0.removeTree("var/log") },
            expected: ["C /var", "D /var/log"]),
        DiffCase(
            name: "a directory removed and made again is deleted, its new entries added",
            changes: {
                try $0.removeTree("var/log")
                try $0.mkdir("var/log")
                try $0.write("var/log/new.log", contents: [])
            },
            expected: ["C /var", "D /var/log", "A /var/log/new.log"]),
        DiffCase(
            name: "a file added and removed again leaves no trace",
            changes: {
                try $0.write("tmp", contents: [])
                try $0.remove("tmp")
            },
            expected: []),
    ]

    @Test(arguments: cases)
    func changesListWhatDockerDiffPrints(_ diff: DiffCase) throws {
        let container = try container()
        try diff.changes(container)
        #expect(try container.changes().map(\.description) == diff.expected)
    }

    @Test(arguments: cases)
    func theLayerTarAppliedOnTopGivesTheContainersMergedView(_ diff: DiffCase) throws {
        let container = try container()
        try diff.changes(container)
        var writer = TarWriter(BufferSink())
        try container.writeLayerTar(to: &writer)
        let applied = try folders.emptyFolder("applied")
        var reader = TarReader(BufferSource(writer.sink.bytes))
        _ = try LayerExtractor(root: applied).apply(&reader)
        let committed = UnionView(layers: container.lower.layers + [applied])
        let expected = try records(of: container.merged)
        let actual = try records(of: committed)
        #expect(differences(expected, actual).isEmpty, "\(differences(expected, actual))")
        // A layer tar keeps whole seconds (moby truncates), so compare times to the second.
        #expect(
            try committed.walk().map(\.modificationTime.truncatedToSeconds)
                == (try container.merged.walk().map(\.modificationTime.truncatedToSeconds)))
    }

    @Test func theLayerTarIsTheSameForTheSameChanges() throws {
        var tars: [[UInt8]] = []
        let image = try image()
        for name in ["first", "second"] {
            if name == "second" { Thread.sleep(forTimeInterval: 1.1) }
            let container = try container(name, on: image)
            try container.write("etc/hosts", contents: Array("x".utf8))
            try container.removeTree("var/log")
            try container.mkdir("var/log")
            try container.remove("bin/sh")
            var writer = TarWriter(BufferSink())
            try container.writeLayerTar(to: &writer)
            tars.append(writer.sink.bytes)
        }
        #expect(Digest.sha256(of: tars[0]) == Digest.sha256(of: tars[1]))
        var reader = TarReader(BufferSource(tars[0]))
        var names: [String] = []
        while let entry = try reader.next() { names.append(entry.path.description) }
        #expect(names == ["bin/", "bin/.wh.sh", "etc/", "etc/hosts", "var/", "var/log/", "var/log/.wh..wh..opq"])
    }
}
