/// Who can open flows to one interface, and with what.
public struct InboundReachability: Hashable, Sendable, CustomStringConvertible {
    /// A CIDR block (from the interface's ingress rules, prefix lists expanded) and what it may send.
    public struct Source: Hashable, Sendable {
        public var cidr: String
        public var services: ServiceSet

        public init(cidr: String, services: ServiceSet) {
            self.cidr = cidr
            self.services = services
        }
    }

    public var networkInterfaceId: String
    /// Other interfaces of the snapshot that can reach it (their egress and its ingress both allow).
    public var interfaces: [(networkInterfaceId: String, services: ServiceSet)]
    /// Addresses outside the snapshot, judged by its ingress only.
    public var outsideSources: [Source]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.networkInterfaceId == rhs.networkInterfaceId && lhs.outsideSources == rhs.outsideSources
            && lhs.interfaces.map(\.networkInterfaceId) == rhs.interfaces.map(\.networkInterfaceId)
            && lhs.interfaces.map(\.services) == rhs.interfaces.map(\.services)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(networkInterfaceId)
        hasher.combine(outsideSources)
    }

    public var description: String {
        var lines = ["\(networkInterfaceId) reachable from:"]
        for entry in interfaces { lines.append("  \(entry.networkInterfaceId): \(entry.services)") }
        for source in outsideSources { lines.append("  \(source.cidr): \(source.services)") }
        return lines.joined(separator: "\n")
    }
}

/// What one interface admits from public address space.
public struct InternetExposure: Hashable, Sendable, CustomStringConvertible {
    public var networkInterfaceId: String
    /// Everything admitted from some public address.
    public var services: ServiceSet
    /// Per public-overlapping CIDR of its ingress rules, what it admits.
    public var sources: [InboundReachability.Source]

    public var description: String {
        "\(networkInterfaceId) exposed to the internet: \(services) (from "
            + sources.map { "\($0.cidr): \($0.services)" }.joined(separator: "; ") + ")"
    }
}
