import Archive
import Builder
import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing
import UnionFS

/// R-B5: a base image is untrusted input too. Its links are followed inside its root, never on
/// this machine, whatever the Dockerfile copies into them.
struct CopyDestinationTests {
    @Test func copyIntoABaseImagesLinkToAPathOfThisMachineWritesInsideTheImage() throws {
        let fixture = try BuildFixture()
        let outside = fixture.folder.file("host-side")
        let tarball = fixture.folder.file("linked.tar")
        try Data(
            try makeTar([
                .directory("bin"), .file("bin/sh", "#!placeholder\n", mode: 0o755), .symlink("app", to: outside),
            ])
        )
        .write(to: URL(fileURLWithPath: tarball))
        try fixture.store.importImage(from: .file(tarball), repository: "linked:1")
        try fixture.write("f.txt", "data\n")

        let image = try fixture.build("FROM linked:1\nCOPY f.txt /app/\n").image
        #expect(!FileManager.default.fileExists(atPath: outside), "nothing was made on the machine")
        let container = try fixture.store.containers.create(ContainerSpec(image: image.description, command: ["sh"]))
        let copied = try fixture.store.containers.withFilesystem(container.id.value) { filesystem in
            try filesystem.layer().merged.lookup(outside + "/f.txt")
        }
        let app = try fixture.store.containers.withFilesystem(container.id.value) { filesystem in
            try filesystem.layer().merged.lookup("/app")
        }
        #expect(app?.kind == .symlink, "the link stays a link, as in Docker")
        #expect(copied?.kind == .regular, "the file is in the image, where its link leads inside the root")
    }
}
