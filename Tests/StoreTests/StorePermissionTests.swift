import Foundation
import LayerlabTestSupport
import OCI
import Testing

@testable import Store

/// R-S9: the store is its owner's alone (a setuid binary in a layer is out of other users' reach),
/// and what is committed is read-only.
@Suite struct StorePermissionTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o7777
    }

    @Test func foldersAreTheOwnersAndBlobsAndConfigsAreReadOnly() throws {
        let fixture = try StoreFixture()
        let id = try fixture.importImage("demo:v1")
        let layout = fixture.store.layout
        #expect(Self.mode(layout.root) == 0o700)
        for folder in layout.folders {
            #expect(Self.mode(folder) == 0o700, "\(folder) is \(String(Self.mode(folder), radix: 8))")
        }
        let blobs = try FileManager.default.contentsOfDirectory(atPath: layout.blobs)
        #expect(!blobs.isEmpty)
        for blob in blobs {
            #expect(Self.mode(layout.blobs + "/" + blob) & 0o222 == 0, "blob \(blob) is writable")
            #expect(Self.mode(layout.blobs + "/" + blob) & 0o077 == 0, "blob \(blob) is readable by others")
        }
        #expect(Self.mode(layout.config(id)) & 0o077 == 0)
    }
}
