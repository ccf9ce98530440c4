/// Connection-tracking counters of one interface, named as AWS's ENA metrics.
public struct ConntrackMetrics: Hashable, Sendable {
    /// `conntrack_allowance_available`: how many more flows the interface can track.
    public static let allowanceAvailableName = "conntrack_allowance_available"
    /// `conntrack_allowance_exceeded`: packets dropped because the allowance was used up.
    public static let allowanceExceededName = "conntrack_allowance_exceeded"

    public var trackedFlows: Int
    public var allowance: Int
    public var allowanceExceeded: Int

    public init(trackedFlows: Int, allowance: Int, allowanceExceeded: Int) {
        self.trackedFlows = trackedFlows
        self.allowance = allowance
        self.allowanceExceeded = allowanceExceeded
    }

    public var allowanceAvailable: Int { max(0, allowance - trackedFlows) }

    /// The two counters under their AWS names.
    public var named: [(name: String, value: Int)] {
        [(Self.allowanceAvailableName, allowanceAvailable), (Self.allowanceExceededName, allowanceExceeded)]
    }
}
