/// An exit status above 128 is how a shell reports a command a signal ended: 128 + the signal.
enum ExitSignal {
    /// The signal's name (`SIGKILL` for 137), for the signals a container is stopped with.
    static func name(_ status: Int32) -> String? {
        let names: [Int32: String] = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 9: "SIGKILL", 15: "SIGTERM"]
        return status > 128 ? names[status - 128] : nil
    }
}
