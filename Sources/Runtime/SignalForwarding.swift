import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// While a container's command runs in the foreground, a signal that would end layerlab ends the
/// command instead: SIGKILL to its `unshare`, whose `--kill-child` takes the whole PID namespace
/// with it. Docker's daemon looks after a container its client leaves; layerlab has no daemon, so
/// dying first would leave the command running and its overlay mounted. The default actions come
/// back when the command has ended.
final class SignalForwarding {
    static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]
    private let sources: [any DispatchSourceSignal]

    init(to process: Int32) {
        sources = Self.signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { kill(process, SIGKILL) }
            source.resume()
            return source
        }
    }

    func stop() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
