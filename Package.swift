// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "palisade",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "palisade", targets: ["palisade"]),
        .library(name: "PalisadeCore", targets: ["PalisadeCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Model, AWS semantics and validation. stdlib only, no I/O.
        .target(name: "PalisadeCore"),
        // Packet evaluation and connection tracking. No I/O.
        .target(name: "PalisadeFlow", dependencies: ["PalisadeCore", "CPalisadePrefetch"]),
        // `palisade_prefetch`: the one C builtin the flow engine's batch path needs (Swift has no prefetch). Header only.
        .target(name: "CPalisadePrefetch"),
        // A JSON value with key order kept, its parser and writer. stdlib only.
        .target(name: "PalisadeJSON"),
        // HCL2 parser and Terraform evaluation into a PolicySnapshot. No I/O.
        .target(name: "PalisadeTerraform", dependencies: ["PalisadeCore"]),
        // PolicySnapshot → nftables ruleset text. No I/O. Shares Flow's tracked/untracked classification.
        .target(name: "PalisadeNFTables", dependencies: ["PalisadeCore", "PalisadeFlow"]),
        // SigV4 verification and credential handling. No I/O.
        .target(
            name: "PalisadeAuth",
            dependencies: ["PalisadeCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Lint checks, reachability-based audits, readers for plans and AWS exports, text/JSON/SARIF/JUnit. No I/O.
        .target(
            name: "PalisadeAnalysis",
            dependencies: ["PalisadeCore", "PalisadeFlow", "PalisadeTerraform", "PalisadeJSON", "PalisadeAudit"]),
        // The agent: follows the control plane's changes and keeps nftables in step (state machine + side effects).
        .target(
            name: "PalisadeAgent",
            dependencies: [
                "PalisadeCore", "PalisadeNFTables", "PalisadeAuth", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // EC2 Query decoding and EC2 XML encoding. No I/O.
        // (Flow computes Reachability Analyzer results inside the store write; Flow does no I/O either.)
        .target(name: "PalisadeWire", dependencies: ["PalisadeCore", "PalisadeFlow"]),
        // Storage protocol and the in-memory store.
        .target(name: "PalisadeStore", dependencies: ["PalisadeCore"]),
        // The audit trail: CloudTrail records of API calls, EventBridge patterns and alert rules. No I/O.
        .target(name: "PalisadeAudit", dependencies: ["PalisadeCore", "PalisadeJSON", "PalisadeStore"]),
        // SQLite store (GRDB).
        .target(
            name: "PalisadeStoreSQLite",
            dependencies: [
                "PalisadeCore", "PalisadeStore", "PalisadeJSON", .product(name: "GRDB", package: "GRDB.swift"),
                // Renders the audit events journaled as drafted calls, when they are copied into the tables.
                "PalisadeAudit",
                // The C API, for `sqlite3_wal_hook` (WALCheckpointer), which GRDB does not wrap.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Background work (snapshots, the resource index) has no caller to report a failure to.
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Hummingbird application: EC2 endpoint and Palisade's JSON API.
        .target(
            name: "PalisadeServer",
            dependencies: [
                "PalisadeCore", "PalisadeWire", "PalisadeStore", "PalisadeFlow", "PalisadeAuth", "PalisadeAudit",
                "PalisadeJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "palisade",
            dependencies: [
                "PalisadeCore", "PalisadeStore", "PalisadeStoreSQLite", "PalisadeServer", "PalisadeFlow",
                "PalisadeNFTables", "PalisadeAgent", "PalisadeTerraform", "PalisadeAnalysis", "PalisadeAuth", "PalisadeJSON",
                "PalisadeAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // NIOSingletons: `serve` runs Swift concurrency on NIO's event loops (PalisadeCommand.main).
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Single-core flow engine benchmark: `swift run -c release FlowBenchmark`.
        .executableTarget(name: "FlowBenchmark", dependencies: ["PalisadeCore", "PalisadeFlow"], path: "Benchmarks/FlowBenchmark"),
        // Storage cost of one write without HTTP: `swift run -c release StoreBenchmark`.
        .executableTarget(
            name: "StoreBenchmark", dependencies: ["PalisadeCore", "PalisadeStore", "PalisadeStoreSQLite"],
            path: "Benchmarks/StoreBenchmark"),
        .testTarget(name: "PalisadeCoreTests", dependencies: ["PalisadeCore"]),
        .testTarget(
            name: "PalisadeTerraformTests",
            dependencies: ["PalisadeCore", "PalisadeTerraform"],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "PalisadeFlowTests", dependencies: ["PalisadeCore", "PalisadeFlow"]),
        .testTarget(
            name: "PalisadeAnalysisTests",
            dependencies: [
                "PalisadeCore", "PalisadeFlow", "PalisadeTerraform", "PalisadeAnalysis", "PalisadeJSON", "PalisadeAudit",
            ],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "PalisadeAgentTests", dependencies: ["PalisadeCore", "PalisadeNFTables", "PalisadeAgent"]),
        .testTarget(
            name: "PalisadeNFTablesTests",
            dependencies: ["PalisadeCore", "PalisadeFlow", "PalisadeNFTables"],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "PalisadeAuthTests", dependencies: ["PalisadeCore", "PalisadeAuth"], resources: [.copy("Resources")]
        ),
        .testTarget(name: "PalisadeWireTests", dependencies: ["PalisadeCore", "PalisadeWire"]),
        .testTarget(
            name: "PalisadeAuditTests", dependencies: ["PalisadeCore", "PalisadeJSON", "PalisadeStore", "PalisadeAudit"]),
        .testTarget(
            name: "PalisadeServerTests",
            dependencies: [
                "PalisadeCore", "PalisadeWire", "PalisadeStore", "PalisadeStoreSQLite", "PalisadeServer", "PalisadeFlow",
                "PalisadeAuth", "PalisadeAudit", "PalisadeJSON", .product(name: "Logging", package: "swift-log"),
                // RecordSnapshotTests read store_meta and build a store from before snapshots.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("FuzzCorpus")]
        ),
    ]
)

for target in package.targets where target.name != "CPalisadePrefetch" {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
