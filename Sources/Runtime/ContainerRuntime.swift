import Foundation
import Store

/// Where a container's command runs: the two runtimes layerlab has.
public enum RuntimeKind: String, Sendable, CaseIterable {
    /// The built-in shell on the union file system: portable, no root needed.
    case sim
    /// The kernel's overlayfs and namespaces: Linux, as root.
    case overlay
}

/// Where the command's output goes.
public struct RunIO: Sendable {
    public var standardOutput: FileHandle
    public var standardError: FileHandle

    public init(standardOutput: FileHandle, standardError: FileHandle) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The calling process's own standard output and error: what `run` passes through.
    public static var inherited: RunIO { RunIO(standardOutput: .standardOutput, standardError: .standardError) }
}

/// Something that runs a container's command on its file system and changes its read-write layer.
public protocol ContainerRuntime: Sendable {
    /// Throws when the runtime cannot work on this machine, before any container state changes.
    /// - Throws: ``RuntimeError/Code/unavailable`` saying why.
    func checkAvailable() throws(RuntimeError)

    /// Runs the container's command (``ContainerRecord/path`` and ``ContainerRecord/args``) with
    /// its config's environment, working directory and user, leaving the changes in
    /// ``ContainerFilesystem/upperFolder`` in the store's (OCI) whiteout form.
    /// - Returns: the command's exit status.
    func run(_ filesystem: ContainerFilesystem, io: RunIO) throws(RuntimeError) -> Int32
}
