import LayerlabCommands

await Layerlab.main()
