import ArgumentParser
import Foundation

/// Runs `body` for each container named, as Docker's container commands do: the line it gives
/// printed when it worked (the name, unless it gives another), each error said as it happens, and a
/// failure status when any failed.
func eachContainer(_ containers: [String], _ body: (String) throws -> String) throws {
    var failed = false
    for container in containers {
        do {
            emit(try body(container))
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            failed = true
        }
    }
    if failed { throw ExitCode.failure }
}
