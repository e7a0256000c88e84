/// The keyword of a Dockerfile instruction as a build step or trigger records it: `RUN`, `COPY`.
func instructionKeyword(_ instruction: String) -> String {
    instruction.prefix { !$0.isWhitespace }.uppercased()
}
