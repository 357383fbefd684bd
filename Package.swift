// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sfn",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SFNCore", targets: ["SFNCore"]),
        .library(name: "SFNJSONata", targets: ["SFNJSONata"]),
        .executable(name: "sfn", targets: ["sfn"]),
    ],
    targets: [
        .target(name: "SFNJSON", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "SFNJSONPath", dependencies: ["SFNJSON"]),
        .target(name: "SFNJSONata", dependencies: ["SFNJSON"]),
        .target(name: "SFNCore", dependencies: ["SFNJSON", "SFNJSONPath", "SFNJSONata"]),
        .executableTarget(name: "sfn", dependencies: ["SFNCore"]),
        .executableTarget(name: "jsonata-suite", dependencies: ["SFNJSON", "SFNJSONata"]),
        .testTarget(name: "SFNJSONTests", dependencies: ["SFNJSON"]),
        .testTarget(name: "SFNJSONPathTests", dependencies: ["SFNJSONPath"]),
        .testTarget(name: "SFNJSONataTests", dependencies: ["SFNJSONata"], exclude: ["suite-ratchet.txt"]),
        .testTarget(name: "SFNCoreTests", dependencies: ["SFNCore"]),
        .testTarget(name: "SFNCLITests", dependencies: ["SFNCore", "sfn"], exclude: ["conformance-ratchet.json"]),
    ]
)
