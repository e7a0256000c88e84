import Render

/// What a lesson showed, in order: the terminal prints each as it happens, and the book is
/// written from all of them.
public enum LessonEntry: Sendable, Equatable {
    case title([Language: String])
    case prose(String, language: Language?)
    /// A command as the learner would type it (with `layerlab` first), and what it printed.
    case command(String, output: String, status: Int32)
    case file(path: String, content: String)
    /// A diagram drawn once in each language, each written to its path relative to the lesson's
    /// output folder.
    case diagram(kind: String, paths: [Language: String])
    /// The last trace narrated, in each language.
    case explanation([Language: String])
    /// The lesson's exercise, and the reference solution run to show it can be done.
    case exercise(ExerciseReport)
}
