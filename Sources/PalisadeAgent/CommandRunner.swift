import Dispatch
import Foundation

/// Runs programs and `nft` in network namespaces (`ip netns exec NETNS nft …`).
struct CommandRunner: Sendable {
    var nftPath: String
    var ipPath: String

    init(nftPath: String? = nil, ipPath: String? = nil) {
        self.nftPath = nftPath ?? CommandRunner.find("nft")
        self.ipPath = ipPath ?? CommandRunner.find("ip")
    }

    static func find(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin"] + path.split(separator: ":").map(String.init)
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? name
    }

    /// `nft ARGS…`, inside `namespace` unless it is the host.
    func nftCommand(_ arguments: [String], in namespace: NetworkNamespace) -> [String] {
        if let name = namespace.name { return [ipPath, "netns", "exec", name, nftPath] + arguments }
        return [nftPath] + arguments
    }

    /// Runs `command` to completion off the cooperative pool, collecting stdout and stderr together.
    func run(_ command: [String]) async -> NFTRun {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: CommandRunner.runBlocking(command))
            }
        }
    }

    static func runBlocking(_ command: [String]) -> NFTRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return NFTRun(processId: nil, status: -1, output: "cannot run \(command[0]): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return NFTRun(
            processId: process.processIdentifier, status: process.terminationStatus,
            output: String(decoding: data, as: UTF8.self))
    }
}
