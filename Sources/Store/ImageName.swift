import OCI

/// What a command's image argument names, read as moby's `reference.ParseAnyReference` reads it:
/// a full image ID (with or without `sha256:`), else a reference. A short ID reads as a
/// reference too; ``ImageStore`` tries it as an ID prefix when no tag matches.
enum ImageName {
    case id(Digest)
    case reference(Reference)

    /// - Throws: ``StoreError/Code/invalidReference`` with the reference parser's words.
    init(parsing text: String) throws(StoreError) {
        if let id = try? Digest(parsing: text) {
            self = .id(id)
        } else if text.utf8.count == 64, let id = try? Digest(algorithm: .sha256, encoded: text) {
            self = .id(id)
        } else {
            do {
                self = .reference(try Reference(parsing: text))
            } catch {
                throw StoreError(.invalidReference, String(describing: error), cause: error)
            }
        }
    }
}
