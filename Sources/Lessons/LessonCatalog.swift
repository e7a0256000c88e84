import Foundation

/// The lessons of a folder: every `NN-name.md` in it, in the order of their names.
public enum LessonCatalog {
    public static func load(folder: String) throws -> [Lesson] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw LessonError(file: folder, "cannot read the lessons folder: \(error.localizedDescription)")
        }
        return try names.filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted().map { name in
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LessonError(file: path, "cannot read the lesson")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw LessonError(file: path, "not UTF-8 text")
            }
            return try LessonParser.parse(text, id: String(name.dropLast(3)), file: path)
        }
    }

    /// The lessons `names` pick (an id, its number or its name without the number), in the
    /// catalog's order; all of them when `names` is empty.
    public static func select(_ names: [String], from lessons: [Lesson]) throws -> [Lesson] {
        guard !names.isEmpty else { return lessons }
        for name in names where !lessons.contains(where: { matches($0, name) }) {
            throw LessonError(
                file: name, "no such lesson; there are: \(lessons.map(\.id).joined(separator: ", "))")
        }
        return lessons.filter { lesson in names.contains { matches(lesson, $0) } }
    }

    private static func matches(_ lesson: Lesson, _ name: String) -> Bool {
        let parts = lesson.id.split(separator: "-", maxSplits: 1).map(String.init)
        return lesson.id == name || parts.first == name || parts.last == name
            || Int(parts.first ?? "") == Int(name)
    }
}
