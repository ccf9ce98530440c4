// swift-tools-version: 6.1
// A native HTTP/1.1 load generator for the control-plane benchmark: pre-built requests over keep-alive
// connections, so the client is not the bottleneck (boto3 costs about 1 ms per call by itself).
import PackageDescription

let package = Package(
    name: "palisade-load",
    targets: [.executableTarget(name: "palisade-load", swiftSettings: [.unsafeFlags(["-Ounchecked"])])]
)
