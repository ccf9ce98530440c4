import Foundation

/// Applies scripts with the real `nft`: the script goes to a file (in the state directory, else the temporary
/// directory) that `nft -f` reads as one transaction, inside the namespace through `ip netns exec`.
public struct NFTCommandApplier: RulesetApplier {
    let runner: CommandRunner
    let scratchDirectory: String

    /// - Parameters:
    ///   - scratchDirectory: Where scripts are written before `nft -f` reads them.
    ///   - nftPath: The `nft` executable; found in the usual places by default.
    ///   - ipPath: The `ip` executable (iproute2).
    public init(scratchDirectory: String? = nil, nftPath: String? = nil, ipPath: String? = nil) {
        runner = CommandRunner(nftPath: nftPath, ipPath: ipPath)
        self.scratchDirectory = scratchDirectory ?? FileManager.default.temporaryDirectory.path
    }

    public func apply(_ script: String, in namespace: NetworkNamespace) async -> NFTRun {
        let file = "\(scratchDirectory)/.nft-\(namespace.name ?? "host")-\(UUID().uuidString).nft"
        do {
            try Data(script.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            return NFTRun(processId: nil, status: -1, output: "cannot write \(file): \(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: file) }
        return await runner.run(runner.nftCommand(["-f", file], in: namespace))
    }
}
