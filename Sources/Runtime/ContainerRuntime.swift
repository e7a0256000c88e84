import Foundation
import Store
import Trace

/// Where a container's command runs: the two runtimes layerlab has.
public enum RuntimeKind: String, Sendable, CaseIterable {
    /// The built-in shell on the union file system: portable, no root needed.
    case sim
    /// The kernel's overlayfs and namespaces: Linux, as root.
    case overlay
}

/// Where the command's output goes: each stream's bytes, handed over as the command writes them.
public struct RunIO: Sendable {
    /// Receives the bytes the command wrote to one of its streams.
    public typealias Receiver = @Sendable ([UInt8]) -> Void

    public var standardOutput: Receiver
    public var standardError: Receiver
    /// What the command reads as its standard input (`run -i`); nothing (/dev/null) when `nil`.
    public var standardInput: FileHandle?
    /// Where a runtime that changes the read-write layer itself reports its copy-ups and whiteouts
    /// (the kernel's overlayfs does them unseen).
    public var trace: TraceOperation?

    public init(standardOutput: @escaping Receiver, standardError: @escaping Receiver) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Output written to these files (a pipe's end, the process's own streams).
    public init(standardOutput: FileHandle, standardError: FileHandle) {
        self.init(
            standardOutput: { try? standardOutput.write(contentsOf: $0) },
            standardError: { try? standardError.write(contentsOf: $0) })
    }

    /// The calling process's own standard output and error.
    public static var inherited: RunIO { RunIO(standardOutput: .standardOutput, standardError: .standardError) }

    /// Nowhere: for a caller that shows the output from the trace's ``TraceEvent/containerOutput(_:)``.
    public static var discarded: RunIO { RunIO(standardOutput: { _ in }, standardError: { _ in }) }

    /// This output, with every write also kept in the container's log (what `logs` shows).
    func logging(to log: ContainerLog.Writer) -> RunIO {
        observed { bytes, stream in log.write(bytes, stream: stream) }
    }

    /// This output, with every write also recorded as a `containerOutput` event of `container`.
    func reporting(to op: TraceOperation, container: String) -> RunIO {
        var reporting = observed { bytes, stream in
            op.emit(.containerOutput(ContainerOutput(container: container, stream: stream, bytes: bytes)))
        }
        reporting.trace = op
        return reporting
    }

    /// This output, with `observer` told of every write, and of its stream, before it goes on.
    private func observed(_ observer: @escaping @Sendable ([UInt8], ContainerOutput.Stream) -> Void) -> RunIO {
        var observed = RunIO(
            standardOutput: { bytes in
                observer(bytes, .standardOutput)
                standardOutput(bytes)
            },
            standardError: { bytes in
                observer(bytes, .standardError)
                standardError(bytes)
            })
        observed.standardInput = standardInput
        observed.trace = trace
        return observed
    }
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
