// swift-tools-version: 6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 strict concurrency comes with the language mode;
/// CI also turns warnings into errors so that none creep in.
let strict: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + (Context.environment["CI"] != nil ? [.treatAllWarnings(as: .error)] : [])

let package = Package(
    name: "layerlab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "layerlab", targets: ["layerlab"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // MARK: - C libraries

        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),

        // MARK: - Engine

        .target(
            name: "OCI",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "Archive", dependencies: ["OCI", "CZlib"], swiftSettings: strict),
        .target(
            name: "Trace",
            dependencies: [
                "OCI", .product(name: "Tracing", package: "swift-distributed-tracing"),
                // The span collector behind `--trace-format otlp-json`.
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            exclude: ["Schema"],
            swiftSettings: strict
        ),
        .target(name: "Store", dependencies: ["OCI", "Archive", "Trace"], swiftSettings: strict),
        .target(name: "UnionFS", dependencies: ["Store", "OCI", "Archive", "Trace"], swiftSettings: strict),
        .target(
            name: "Runtime",
            dependencies: ["UnionFS", "Store", "Archive", "OCI", "Trace"],
            swiftSettings: strict
        ),
        // Pure: no engine imports, so `dockerfile parse` and its peer tests need nothing else.
        .target(name: "Dockerfile", swiftSettings: strict),
        .target(
            name: "Builder",
            dependencies: ["Dockerfile", "Runtime", "UnionFS", "Store", "Archive", "OCI", "Trace"],
            swiftSettings: strict
        ),
        .target(
            name: "Registry",
            dependencies: [
                "OCI", "Archive", "Trace",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Pull and push: the registry client on one side, the store on the other.
        .target(
            name: "Transfer",
            dependencies: [
                "Registry", "Store", "OCI", "Trace",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Views

        .target(name: "Render", dependencies: ["Trace", "OCI", "CGraphviz"], swiftSettings: strict),
        .target(
            name: "Lessons",
            dependencies: ["Archive", "Registry", "Render", "Store", .product(name: "Ink", package: "Ink")],
            swiftSettings: strict),

        // The browser playground: levels from the lessons, pictures drawn from the trace, served
        // with every asset inside the binary.
        .target(
            name: "Playground",
            dependencies: [
                "Lessons", "Render", "Trace", "OCI", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            resources: [
                .embedInCode("Assets/index.html"), .embedInCode("Assets/style.css"), .embedInCode("Assets/app.js"),
                .embedInCode("Assets/commandbox.js"), .embedInCode("Assets/goal.js"), .embedInCode("Assets/page.js"),
                .embedInCode("Assets/pictures.js"), .embedInCode("Assets/pointing.js"),
                .embedInCode("Assets/server.js"), .embedInCode("Assets/terminal.js"), .embedInCode("Assets/words.js"),
            ],
            swiftSettings: strict),

        // MARK: - Command line

        .target(
            name: "LayerlabCommands",
            dependencies: [
                "OCI", "Archive", "Trace", "Store", "Render", "UnionFS", "Runtime", "Registry", "Transfer",
                "Dockerfile", "Builder", "Lessons", "Playground",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "layerlab-bench", dependencies: ["Render", "Trace", "OCI"], swiftSettings: strict),
        .executableTarget(
            name: "layerlab",
            dependencies: ["LayerlabCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),

        // The parsers and decoders that read untrusted input, as functions of bytes: `make fuzz`
        // drives them with libFuzzer, and their corpus runs in `make test` (FuzzRegressionTests).
        .target(name: "FuzzTargets", dependencies: ["OCI", "Archive", "Dockerfile"], swiftSettings: strict),

        // MARK: - Tests

        .target(name: "LayerlabTestSupport", dependencies: ["OCI", "Archive"], swiftSettings: strict),
        .testTarget(name: "OCITests", dependencies: ["OCI"], swiftSettings: strict),
        .testTarget(name: "FuzzTargetTests", dependencies: ["FuzzTargets"], swiftSettings: strict),
        .testTarget(name: "DockerfileTests", dependencies: ["Dockerfile"], swiftSettings: strict),
        .testTarget(
            name: "BuilderTests",
            dependencies: [
                "Builder", "Dockerfile", "Runtime", "UnionFS", "Store", "OCI", "Archive", "Trace", "Render",
                "LayerlabTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ArchiveTests",
            dependencies: ["Archive", "OCI", "LayerlabTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TraceTests",
            dependencies: [
                "Trace", "OCI", "LayerlabTestSupport",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "OCI", "Archive", "Trace", "LayerlabTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RenderTests",
            dependencies: ["Render", "Trace", "OCI", "Store", "LayerlabTestSupport"],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RegistryTests",
            dependencies: [
                "Registry", "Transfer", "Store", "OCI", "Archive", "Trace", "Render", "LayerlabTestSupport",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "UnionFSTests",
            dependencies: ["UnionFS", "Runtime", "Store", "OCI", "Archive", "Trace", "LayerlabTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: ["Runtime", "UnionFS", "Store", "OCI", "Archive", "Trace", "LayerlabTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "PlaygroundTests", dependencies: ["Playground", "Lessons"], swiftSettings: strict),
        .testTarget(
            name: "LessonsTests", dependencies: ["Lessons", "Render", "Trace", "OCI", "LayerlabTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LayerlabCommandsTests",
            dependencies: [
                "LayerlabCommands", "Store", "OCI", "Archive", "Trace", "Render", "Registry", "Transfer", "Lessons",
                "LayerlabTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
    ]
)

// `make fuzz` only: libFuzzer's driver, whose `main` comes from the fuzzer runtime (so the target
// is a library-style file, `-parse-as-library`); an ordinary build does not see it.
if Context.environment["LAYERLAB_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "layerlab-fuzz", dependencies: ["FuzzTargets"],
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]))
    package.products.append(.executable(name: "layerlab-fuzz", targets: ["layerlab-fuzz"]))
}
