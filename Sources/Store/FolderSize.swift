import Foundation

/// A folder's size as moby's `directory.Size` counts it: every entry but folders by its `lstat`
/// size (a symlink by its target's length), a file with several links once.
enum FolderSize {
    static func of(_ folder: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var seen = Set<UInt64>()
        var total: Int64 = 0
        while let path = walker.nextObject() as? String {
            var info = stat()
            guard lstat(folder + "/" + path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR, info.st_size > 0,
                seen.insert(UInt64(info.st_ino)).inserted
            else { continue }
            total += Int64(info.st_size)
        }
        return total
    }
}
