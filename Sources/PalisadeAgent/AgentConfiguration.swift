public import Foundation
import PalisadeCore
public import PalisadeNFTables

/// What `palisade agent` was asked to do.
public struct AgentConfiguration: Sendable {
    /// The control plane, `http://127.0.0.1:4566`.
    public var endpoint: URL
    public var bindings: [AgentBinding]
    /// Where the last applied policy and the status are kept; nothing survives a restart without one.
    public var stateDirectory: String?
    /// The account and region whose policy is enforced; the server's defaults when `nil`.
    public var account: String?
    public var region: String?
    /// Delete the tables when the agent stops (SIGTERM/SIGINT); by default they stay and keep enforcing.
    public var removeOnExit: Bool
    /// Seconds one long poll of the change feed waits for a new revision.
    public var pollWait: Double
    /// Delay before retrying a failed replacement, and before restarting an ended watcher.
    public var retryInterval: Duration
    /// Watch each table (nftables netlink notifications) and restore it when someone else changes it.
    public var repairsDrift: Bool
    public var renderOptions: NFTRenderOptions

    public init(
        endpoint: URL, bindings: [AgentBinding], stateDirectory: String? = nil, account: String? = nil,
        region: String? = nil, removeOnExit: Bool = false, pollWait: Double = 20, retryInterval: Duration = .seconds(1),
        repairsDrift: Bool = true, renderOptions: NFTRenderOptions = NFTRenderOptions()
    ) {
        self.endpoint = endpoint
        self.bindings = bindings
        self.stateDirectory = stateDirectory
        self.account = account
        self.region = region
        self.removeOnExit = removeOnExit
        self.pollWait = pollWait
        self.retryInterval = retryInterval
        self.repairsDrift = repairsDrift
        self.renderOptions = renderOptions
    }

    /// The scope of the fail-closed table rendered before any policy is known.
    var scope: Scope {
        Scope(accountId: account ?? Scope.defaultAccountId, region: region ?? "us-east-1")
    }
}
