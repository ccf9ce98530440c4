/// Runs `nft` scripts in network namespaces: the agent's only way to change the kernel, behind a protocol so
/// the service can be driven without root.
public protocol RulesetApplier: Sendable {
    /// Runs `script` as one `nft -f` transaction in `namespace`.
    /// - Returns: The `nft` process and how it ended.
    func apply(_ script: String, in namespace: NetworkNamespace) async -> NFTRun
}

/// How one `nft` run ended.
public struct NFTRun: Hashable, Sendable {
    /// The `nft` process (`ip netns exec` execs it in place, so it is the same process).
    public var processId: Int32?
    /// Exit status; `-1` when it could not be started.
    public var status: Int32
    /// stdout and stderr.
    public var output: String

    public init(processId: Int32?, status: Int32, output: String) {
        self.processId = processId
        self.status = status
        self.output = output
    }

    public var succeeded: Bool { status == 0 }
}
