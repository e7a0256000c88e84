import Foundation

/// Copies a folder tree exactly (modes, links, device nodes) with `cp -a`: a workspace's store
/// holds what FileManager does not copy faithfully, such as overlayfs whiteouts.
enum TreeCopy {
    static func copy(_ source: String, to destination: String) async throws(LessonError) {
        let status: Int32
        do {
            status = try await withCheckedThrowingContinuation { continuation in
                // The wait blocks a thread: not one of the concurrency pool's.
                DispatchQueue.global().async {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/cp")
                    process.arguments = ["-a", source, destination]
                    do {
                        try process.run()
                        process.waitUntilExit()
                        continuation.resume(returning: process.terminationStatus)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        } catch {
            throw LessonError(file: source, "cannot copy the workspace: \(error)")
        }
        guard status == 0 else {
            throw LessonError(file: source, "cannot copy the workspace to \(destination) (cp exited \(status))")
        }
    }
}
