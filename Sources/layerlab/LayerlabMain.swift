import ArgumentParser
import LayerlabCommands

/// The entry point: `Layerlab` lives in a library so its commands can be tested, and is made the
/// program's `main` here.
@main
extension Layerlab {}
