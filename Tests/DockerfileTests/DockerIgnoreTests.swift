import Dockerfile
import Testing

/// A pattern and a path, and whether the path is excluded; from moby/patternmatcher's tests.
struct IgnoreCase: Sendable, CustomTestStringConvertible {
    var patterns: [String]
    var path: String
    var excluded: Bool

    init(_ patterns: [String], _ path: String, _ excluded: Bool) {
        self.patterns = patterns
        self.path = path
        self.excluded = excluded
    }

    init(_ pattern: String, _ path: String, _ excluded: Bool) {
        self.init([pattern], path, excluded)
    }

    var testDescription: String { "\(patterns) \(excluded ? "excludes" : "keeps") \(path)" }
}

@Suite struct DockerIgnoreTests {
    /// TestMatches (MatchesOrParentMatches).
    static let matches: [IgnoreCase] = [
        IgnoreCase("**", "file", true), IgnoreCase("**", "file/", true), IgnoreCase("**/", "file", true),
        IgnoreCase("**/", "file/", true), IgnoreCase("**", "/", true), IgnoreCase("**/", "/", true),
        IgnoreCase("**", "dir/file", true), IgnoreCase("**/", "dir/file", true), IgnoreCase("**", "dir/file/", true),
        IgnoreCase("**/", "dir/file/", true), IgnoreCase("**/**", "dir/file", true),
        IgnoreCase("**/**", "dir/file/", true), IgnoreCase("dir/**", "dir/file", true),
        IgnoreCase("dir/**", "dir/file/", true), IgnoreCase("dir/**", "dir/dir2/file", true),
        IgnoreCase("dir/**", "dir/dir2/file/", true), IgnoreCase("**/dir", "dir", true),
        IgnoreCase("**/dir", "dir/file", true), IgnoreCase("**/dir2/*", "dir/dir2/file", true),
        IgnoreCase("**/dir2/*", "dir/dir2/file/", true), IgnoreCase("**/dir2/**", "dir/dir2/dir3/file", true),
        IgnoreCase("**/dir2/**", "dir/dir2/dir3/file/", true), IgnoreCase("**file", "file", true),
        IgnoreCase("**file", "dir/file", true), IgnoreCase("**/file", "dir/file", true),
        IgnoreCase("**file", "dir/dir/file", true), IgnoreCase("**/file", "dir/dir/file", true),
        IgnoreCase("**/file*", "dir/dir/file", true), IgnoreCase("**/file*", "dir/dir/file.txt", true),
        IgnoreCase("**/file*txt", "dir/dir/file.txt", true), IgnoreCase("**/file*.txt", "dir/dir/file.txt", true),
        IgnoreCase("**/file*.txt*", "dir/dir/file.txt", true), IgnoreCase("**/**/*.txt", "dir/dir/file.txt", true),
        IgnoreCase("**/**/*.txt2", "dir/dir/file.txt", false), IgnoreCase("**/*.txt", "file.txt", true),
        IgnoreCase("**/**/*.txt", "file.txt", true), IgnoreCase("a**/*.txt", "a/file.txt", true),
        IgnoreCase("a**/*.txt", "a/dir/file.txt", true), IgnoreCase("a**/*.txt", "a/dir/dir/file.txt", true),
        IgnoreCase("a/*.txt", "a/dir/file.txt", false), IgnoreCase("a/*.txt", "a/file.txt", true),
        IgnoreCase("a/*.txt**", "a/file.txt", true), IgnoreCase("a[b-d]e", "ae", false),
        IgnoreCase("a[b-d]e", "ace", true), IgnoreCase("a[b-d]e", "aae", false), IgnoreCase("a[^b-d]e", "aze", true),
        IgnoreCase(".*", ".foo", true), IgnoreCase(".*", "foo", false), IgnoreCase("abc.def", "abcdef", false),
        IgnoreCase("abc.def", "abc.def", true), IgnoreCase("abc.def", "abcZdef", false),
        IgnoreCase("abc?def", "abcZdef", true), IgnoreCase("abc?def", "abcdef", false),
        IgnoreCase("a\\\\", "a\\", true), IgnoreCase("**/foo/bar", "foo/bar", true),
        IgnoreCase("**/foo/bar", "dir/foo/bar", true), IgnoreCase("**/foo/bar", "dir/dir2/foo/bar", true),
        IgnoreCase("abc/**", "abc", false), IgnoreCase("abc/**", "abc/def", true),
        IgnoreCase("abc/**", "abc/def/ghi", true), IgnoreCase("**/.foo", ".foo", true),
        IgnoreCase("**/.foo", "bar.foo", false), IgnoreCase("a(b)c/def", "a(b)c/def", true),
        IgnoreCase("a(b)c/def", "a(b)c/xyz", false), IgnoreCase("a.|)$(}+{bc", "a.|)$(}+{bc", true),
        IgnoreCase(
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        IgnoreCase("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        IgnoreCase("a\\*b", "a*b", true),
        IgnoreCase(["**", "!util/docker/web"], "util/docker/web/foo", false),
        IgnoreCase(["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", true),
        IgnoreCase(
            ["**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"],
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
        IgnoreCase(["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
    ]

    /// TestMatch (Go's filepath.Match cases) and the single-pattern tests around it.
    static let globs: [IgnoreCase] = [
        IgnoreCase("abc", "abc", true), IgnoreCase("*", "abc", true), IgnoreCase("*c", "abc", true),
        IgnoreCase("a*", "a", true), IgnoreCase("a*", "abc", true), IgnoreCase("a*", "ab/c", true),
        IgnoreCase("a*/b", "abc/b", true), IgnoreCase("a*/b", "a/c/b", false),
        IgnoreCase("a*b*c*d*e*/f", "axbxcxdxe/f", true), IgnoreCase("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
        IgnoreCase("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false), IgnoreCase("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
        IgnoreCase("a*b?c*x", "abxbbxdbxebxczzx", true), IgnoreCase("a*b?c*x", "abxbbxdbxebxczzy", false),
        IgnoreCase("ab[c]", "abc", true), IgnoreCase("ab[b-d]", "abc", true), IgnoreCase("ab[e-g]", "abc", false),
        IgnoreCase("ab[^c]", "abc", false), IgnoreCase("ab[^b-d]", "abc", false), IgnoreCase("ab[^e-g]", "abc", true),
        IgnoreCase("a\\*b", "a*b", true), IgnoreCase("a\\*b", "ab", false), IgnoreCase("a?b", "a☺b", true),
        IgnoreCase("a[^a]b", "a☺b", true), IgnoreCase("a???b", "a☺b", false),
        IgnoreCase("a[^a][^a][^a]b", "a☺b", false), IgnoreCase("[a-ζ]*", "α", true), IgnoreCase("*[a-ζ]", "A", false),
        IgnoreCase("a?b", "a/b", false), IgnoreCase("a*b", "a/b", false), IgnoreCase("[\\]a]", "]", true),
        IgnoreCase("[\\-]", "-", true), IgnoreCase("[x\\-]", "x", true), IgnoreCase("[x\\-]", "-", true),
        IgnoreCase("[x\\-]", "z", false), IgnoreCase("[\\-x]", "x", true), IgnoreCase("[\\-x]", "-", true),
        IgnoreCase("[\\-x]", "a", false), IgnoreCase("*x", "xxx", true), IgnoreCase("*", "fileutils.go", true),
        IgnoreCase("*.go", "fileutils.go", true), IgnoreCase(["!fileutils.go", "*.go"], "fileutils.go", true),
        IgnoreCase(["docs", "!docs/README.md"], "docs/README.md", false),
        IgnoreCase(["docs/", "!docs/README.md"], "docs/README.md", false),
        IgnoreCase(["docs/*", "!docs/README.md"], "docs/README.md", false),
        IgnoreCase(["*.go", "!fileutils.go"], "fileutils.go", false), IgnoreCase("*.go", ".", false),
        IgnoreCase([], "/any/path/there", false),
    ]

    /// patternmatcher hands `[`, `]`, `^` and escapes to Go's regular expressions unchanged, with their regular
    /// expression meaning. Expected values checked against patternmatcher itself.
    static let regularExpressionQuirks: [IgnoreCase] = [
        IgnoreCase("[[:alpha:]]", "b", true), IgnoreCase("[[:alpha:]]", "1", false),
        IgnoreCase("a[*]", "a[]", true), IgnoreCase("a[*]", "a*", false),
        IgnoreCase("a[?]b", "a[]b", true), IgnoreCase("a[?]b", "a?]b", false),
        IgnoreCase("a^b*", "a^b", false), IgnoreCase("x\\d", "x5", true), IgnoreCase("x\\d", "xd", false),
        IgnoreCase("a[\\d]", "a7", true), IgnoreCase("a\\x41", "aA", true), IgnoreCase("[a-z]?", "bq", true),
    ]

    @Test(arguments: matches + globs + regularExpressionQuirks)
    func pattern(_ testCase: IgnoreCase) throws {
        let ignore = try DockerIgnore(patterns: testCase.patterns)
        #expect(ignore.excludes(testCase.path) == testCase.excluded)
    }

    /// Patterns Go's filepath.Match rejects, and ones whose generated expression Go cannot compile.
    @Test(arguments: [
        "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "!", "[Local-Only]/",
    ])
    func malformedPatternsAreRefused(_ pattern: String) {
        #expect(throws: DockerfileError.self) { try DockerIgnore(patterns: [pattern]) }
    }

    /// ignorefile's TestReadAll, plus what the file's lines turn into.
    @Test func fileContentsAreReadLikeIgnorefile() throws {
        let contents = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\r\n./dot\n"
        let ignore = try DockerIgnore(contents: "\u{FEFF}" + contents)
        #expect(ignore.patterns == ["test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "dot"])
        #expect(ignore.excludes("a/file/here/and/below"))
        #expect(ignore.excludes("./dot"))
        #expect(!ignore.excludes("inverted/abs/path"))
    }

    @Test func aLoneExclamationMarkIsRefusedWithItsLine() {
        let expected = DockerfileError(file: ".dockerignore", line: 3, message: "illegal exclusion pattern: \"!\"")
        #expect(throws: expected) { try DockerIgnore(contents: "a\n# b\n!\n") }
    }

    @Test func exceptionsCanReincludeBelowAnExcludedDirectory() throws {
        let ignore = try DockerIgnore(contents: "node_modules\n*.log\n!important.log\nbuild/**\n!build/keep\n")
        #expect(ignore.excludes("node_modules/left-pad/index.js"))
        #expect(ignore.excludes("debug.log"))
        #expect(!ignore.excludes("important.log"))
        #expect(ignore.excludes("build/out/a.o"))
        #expect(!ignore.excludes("build/keep"))
        #expect(!ignore.excludes("src/main.swift"))
    }
}
