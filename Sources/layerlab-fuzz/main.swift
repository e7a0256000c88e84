import Foundation
import FuzzTargets

// libFuzzer's entry point: built only by `make fuzz` (LAYERLAB_FUZZ=1, -sanitize=fuzzer), which
// names the target in LAYERLAB_FUZZ_TARGET. libFuzzer brings its own `main`.
nonisolated(unsafe) private var target: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if target == nil {
        let name = ProcessInfo.processInfo.environment["LAYERLAB_FUZZ_TARGET"] ?? ""
        guard let chosen = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            fatalError("set LAYERLAB_FUZZ_TARGET to one of: \(names)")
        }
        target = chosen
    }
    target?.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
