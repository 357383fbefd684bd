// swift-tools-version:6.0
import PackageDescription

// A program that uses sfn as a library: it registers a Swift task handler under a Lambda ARN and
// runs definitions/handler-demo.asl.json with it.
let package = Package(
    name: "handler-demo",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named explicitly: a path dependency is otherwise identified by its directory name,
        // which differs between checkouts.
        .package(name: "sfn", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "handler-demo",
            dependencies: [
                .product(name: "SFNCore", package: "sfn"),
                .product(name: "SFNJSON", package: "sfn"),
            ]
        ),
        // The program of docs/embedding.md, kept in step with it by EmbeddingDocTests.
        .executableTarget(
            name: "embedding",
            dependencies: [
                .product(name: "SFNCore", package: "sfn"),
                .product(name: "SFNJSON", package: "sfn"),
            ]
        ),
    ]
)
