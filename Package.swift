// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sfn",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SFNJSON", targets: ["SFNJSON"]),
        .library(name: "SFNCore", targets: ["SFNCore"]),
        .library(name: "SFNYAML", targets: ["SFNYAML"]),
        .library(name: "SFNJSONata", targets: ["SFNJSONata"]),
        .library(name: "SFNGraph", targets: ["SFNGraph"]),
        .library(name: "SFNStore", targets: ["SFNStore"]),
        .library(name: "SFNServer", targets: ["SFNServer"]),
        .executable(name: "sfn", targets: ["sfn"]),
    ],
    targets: [
        .target(name: "SFNJSON", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "SFNJSONPath", dependencies: ["SFNJSON"]),
        .target(name: "SFNJSONata", dependencies: ["SFNJSON"]),
        // YAML for templates (CloudFormation, SAM, Serverless): read into JSONValue with locations.
        .target(name: "SFNYAML", dependencies: ["SFNJSON"]),
        .target(name: "SFNCore", dependencies: ["SFNJSON", "SFNJSONPath", "SFNJSONata", "SFNYAML"]),
        // The conformance harness: runs ../shared/conformance case files against SFNCore.
        .target(name: "SFNConformance", dependencies: ["SFNCore", "SFNJSON"]),
        // Pictures of a definition and of an execution over it: layout, SVG, HTML, dot, Mermaid.
        .target(name: "SFNGraph", dependencies: ["SFNCore", "SFNJSON"]),
        // A release build is one static binary: the Swift runtime and Foundation linked in (the
        // loop at the end of this file), SQLite from libsqlite3.a (SFNStore's linker settings).
        .executableTarget(
            name: "sfn",
            dependencies: [
                "SFNCore", "SFNJSON", "SFNJSONPath", "SFNJSONata", "SFNConformance", "SFNGraph", "SFNStore",
                "SFNServer",
            ],
            plugins: ["CommitPlugin"]),
        // Writes the commit the package is built from into the sfn target (sfn --version).
        .plugin(name: "CommitPlugin", capability: .buildTool()),
        // The system's libsqlite3 (Debian's libsqlite3-dev, the macOS SDK), behind the store.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(
            name: "SFNStore", dependencies: ["SFNCore", "SFNJSON", "CSQLite"],
            linkerSettings: [
                .linkedLibrary("sqlite3", .when(platforms: [.macOS])),
                .linkedLibrary("sqlite3", .when(platforms: [.linux], configuration: .debug)),
                .unsafeFlags(["-Xlinker", "-l:libsqlite3.a"], .when(platforms: [.linux], configuration: .release)),
            ]),
        // `sfn serve`: HTTP/1.1 on POSIX sockets and the Step Functions API (AWS JSON 1.0) over the store.
        .target(name: "SFNServer", dependencies: ["SFNCore", "SFNJSON", "SFNStore", "SFNGraph"]),
        .executableTarget(name: "jsonata-suite", dependencies: ["SFNJSON", "SFNJSONata"]),
        // make bench-micro: the JSON, JSONPath, intrinsic and JSONata micro-benchmarks (not linked into sfn).
        .executableTarget(name: "sfn-bench", dependencies: ["SFNJSON", "SFNJSONPath", "SFNJSONata"]),
        .testTarget(name: "SFNJSONTests", dependencies: ["SFNJSON"]),
        .testTarget(name: "SFNYAMLTests", dependencies: ["SFNJSON", "SFNYAML"]),
        .testTarget(name: "SFNJSONPathTests", dependencies: ["SFNJSON", "SFNJSONPath"]),
        .testTarget(name: "SFNJSONataTests", dependencies: ["SFNJSON", "SFNJSONata"], exclude: ["suite-ratchet.txt"]),
        .testTarget(name: "SFNCoreTests", dependencies: ["SFNJSON", "SFNCore"]),
        .testTarget(name: "SFNGraphTests", dependencies: ["SFNGraph", "SFNCore", "SFNJSON"]),
        .testTarget(name: "SFNStoreTests", dependencies: ["SFNStore", "SFNCore", "SFNJSON"]),
        .testTarget(name: "SFNConformanceTests", dependencies: ["SFNConformance", "SFNJSON"]),
        .testTarget(
            name: "SFNCLITests", dependencies: ["SFNJSON", "sfn"], exclude: ["conformance-ratchet.json", "Fuzz"]),
    ]
)

// decisions.md: a release build is static. `-static-stdlib` on every target's compile as well as on
// the link, as `--static-swift-stdlib` does: the compiler then reads the static Foundation's module
// maps, whose autolink entries bring CoreFoundation and ICU into the link.
let staticRelease: [String] = ["-static-stdlib"]
// Start-up (issue 18): a concrete generic type (a `Set<String>` of options, a `[String: Spec]`) got
// its metadata from its mangled name, and the runtime then checked each generic requirement with a
// protocol conformance lookup, a scan of all 5,400 conformance records: 1.4M of the 2.4M
// instructions before the first state ran. Direct metadata accessors pass the witness tables in.
let releaseCompile: [String] = ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]
// Start-up (issue 18, docs/performance.md): the dynamic loader did most of a short run's work. A
// position-dependent executable has none of the 78,000 relative relocations of a PIE, and the C++
// runtime linked in from libstdc++.a (scripts/link/libstdc++.so) has none of libstdc++.so.6's 1,700
// symbol lookups: 5.88M instructions for `sfn run hello.json --no-store` became 3.04M.
let staticReleaseLink: [String] = [
    "-Xclang-linker", "-no-pie", "-L", Context.packageDirectory + "/scripts/link",
    // No exported symbols (scripts/link/exports.map): 2.11M -> 1.98M instructions.
    "-Xlinker", "--version-script=" + Context.packageDirectory + "/scripts/link/exports.map",
    // libgcc's unwinder linked in: libgcc_s.so.1's constructor runs `cpuid` several times, each a
    // trap to the hypervisor on a virtual machine (docs/performance.md). Nothing loads it later
    // once main.swift no longer ends in `dispatch_main`, whose `pthread_exit` dlopen()ed it.
    "-Xclang-linker", "-static-libgcc",
    // The runtime's, standard library's and Foundation's functions that a short run executes,
    // laid out together (gold; they are compiled one section each): the pages a run touches are
    // fewer, and so are its page faults (scripts/link/make-startup-order.sh writes the list).
    "-Xlinker", "--section-ordering-file=" + Context.packageDirectory + "/scripts/link/startup.order",
]
for target in package.targets where target.type != .system && target.type != .plugin {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .unsafeFlags(staticRelease, .when(platforms: [.linux], configuration: .release)),
            .unsafeFlags(releaseCompile, .when(configuration: .release)),
        ]
    if target.type == .executable {
        target.linkerSettings =
            (target.linkerSettings ?? []) + [
                .unsafeFlags(staticRelease + staticReleaseLink, .when(platforms: [.linux], configuration: .release))
            ]
    }
}
