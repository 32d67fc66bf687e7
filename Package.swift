// swift-tools-version: 6.0
import PackageDescription

// The training kernels need AVX2 + FMA: without them Swift lowers `addingProduct` on SIMD vectors to
// scalar `fmaf` calls (~90× slower). The library is always optimised, even in debug builds, so the test
// suite (which trains tiny networks) stays fast.
#if arch(x86_64)
    let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "haswell"])]
#else
    let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-O"])]
#endif

let package = Package(
    name: "Bonsai",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Bonsai", targets: ["Bonsai"]),
        .executable(name: "bonsai", targets: ["BonsaiCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "Bonsai",
            dependencies: ["Yams"],
            // The page's markup, style and script: real files, compiled into the library as byte arrays
            // (PackageResources), so the page stays one self-contained file and the installed binary needs
            // no resource bundle beside it (View/PageAssets.swift).
            resources: [
                "body.html", "style.css", "model.js", "graph-view.js", "stepping.js", "story.js", "selftest.js",
            ]
            .map { .embedInCode("View/Page/\($0)") },
            swiftSettings: kernelFlags
        ),
        .executableTarget(
            name: "BonsaiCLI",
            dependencies: ["Bonsai", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "BonsaiTests",
            dependencies: ["Bonsai", "Yams", .product(name: "PropertyBased", package: "swift-property-based")],
            // Graph files the tests read by path (#filePath), not bundled resources.
            exclude: ["Fixtures"]
        ),
    ]
)
