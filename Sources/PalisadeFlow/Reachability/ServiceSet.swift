/// What traffic is allowed between two ends: per protocol, the ports (TCP/UDP), ICMP `type << 8 | code`
/// values, or everything (other protocols have no ports).
public struct ServiceSet: Hashable, Sendable, CustomStringConvertible {
    /// Every protocol, every port (a `-1` rule).
    public private(set) var allProtocols: Bool
    /// Per IANA protocol number, the admitted ports; ignored when ``allProtocols``.
    public private(set) var byProtocol: [UInt8: PortRangeSet]

    public init() {
        allProtocols = false
        byProtocol = [:]
    }

    public static let everything: ServiceSet = {
        var set = ServiceSet()
        set.allProtocols = true
        return set
    }()

    /// The ports of one protocol.
    public init(protocolNumber: UInt8, ports: PortRangeSet = .all) {
        allProtocols = false
        byProtocol = ports.isEmpty ? [:] : [protocolNumber: ports]
    }

    public var isEmpty: Bool { !allProtocols && byProtocol.isEmpty }

    /// The ports of `protocolNumber` in the set.
    public func ports(_ protocolNumber: UInt8) -> PortRangeSet {
        allProtocols ? .all : (byProtocol[protocolNumber] ?? PortRangeSet())
    }

    public func contains(protocolNumber: UInt8, port: UInt16) -> Bool {
        allProtocols || (byProtocol[protocolNumber]?.contains(port) ?? false)
    }

    public func union(_ other: ServiceSet) -> ServiceSet {
        if allProtocols || other.isEmpty { return self }
        if other.allProtocols || isEmpty { return other }
        var result = self
        for (number, ports) in other.byProtocol {
            result.byProtocol[number] = (result.byProtocol[number] ?? PortRangeSet()).union(ports)
        }
        return result
    }

    public mutating func formUnion(_ other: ServiceSet) { self = union(other) }

    public func intersection(_ other: ServiceSet) -> ServiceSet {
        if allProtocols { return other }
        if other.allProtocols { return self }
        var result = ServiceSet()
        for (number, ports) in byProtocol {
            guard let theirs = other.byProtocol[number] else { continue }
            let common = ports.intersection(theirs)
            if !common.isEmpty { result.byProtocol[number] = common }
        }
        return result
    }

    /// `all traffic`, or e.g. `tcp 22, 443; udp 53; icmp type 8; proto-50`.
    public var description: String {
        if allProtocols { return "all traffic" }
        if byProtocol.isEmpty { return "nothing" }
        return byProtocol.keys.sorted().map { number -> String in
            let ports = byProtocol[number]!
            let name = ProtocolNumber.name(number)
            switch number {
            case ProtocolNumber.tcp, ProtocolNumber.udp: return "\(name) \(ports)"
            case ProtocolNumber.icmp, ProtocolNumber.icmpv6: return "\(name) \(ports.icmpDescription)"
            default: return name
            }
        }.joined(separator: "; ")
    }
}
