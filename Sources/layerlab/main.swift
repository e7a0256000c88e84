import ArgumentParser
import LayerlabCommands

Layerlab.main()
