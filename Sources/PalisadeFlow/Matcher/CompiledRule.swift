import PalisadeCore

/// A rule as the compiled policy keeps it: the snapshot's rule plus resolved indices, its protocol/port
/// key range and its peer in the form the matcher builder needs, computed once.
///
/// A class, immutable once built: the rule table and every builder pass it around with one retain
/// instead of one per string of the snapshot's rule.
final class CompiledRule: Sendable {
    /// A rule's peer, resolved.
    enum Peer: Sendable {
        case v4(IPv4CIDR)
        case v6(IPv6CIDR)
        case group(Int32)
        case prefixList(String)
    }

    let rule: SecurityGroupRule
    let groupIndex: Int32
    /// Index of the referenced group for security-group peers, else -1.
    let referencedGroup: Int32
    /// The protocol the rule matches (-1 for all) and the closed range of ``Packet/ruleKey`` it admits.
    let range: (protocolNumber: Int16, low: UInt16, high: UInt16)
    let peer: Peer
    let isEgress: Bool

    init(rule: SecurityGroupRule, groupIndex: Int32, referencedGroup: Int32) {
        self.rule = rule
        self.groupIndex = groupIndex
        self.referencedGroup = referencedGroup
        range = Self.keyRange(rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort)
        switch rule.peer {
        case .cidrIpv4(let cidr): peer = .v4(cidr)
        case .cidrIpv6(let cidr): peer = .v6(cidr)
        case .securityGroup: peer = .group(referencedGroup)
        case .prefixList(let id): peer = .prefixList(id)
        }
        isEgress = rule.isEgress
    }

    /// The protocol the rule matches (-1 for all) and the closed range of ``Packet/ruleKey`` it admits.
    var keyRange: (protocolNumber: Int16, low: UInt16, high: UInt16) { range }

    static func keyRange(_ ipProtocol: IPProtocol, fromPort: Int?, toPort: Int?) -> (
        protocolNumber: Int16, low: UInt16, high: UInt16
    ) {
        switch ipProtocol {
        case .all:
            return (-1, 0, .max)
        case .tcp, .udp:
            let number: Int16 = ipProtocol == .tcp ? 6 : 17
            let from = fromPort ?? 0
            let to = toPort ?? 65_535
            if from < 0 || to < 0 { return (number, 0, .max) }
            return (number, UInt16(clamping: from), UInt16(clamping: min(to, 65_535)))
        case .icmp, .icmpv6:
            let number: Int16 = ipProtocol == .icmp ? 1 : 58
            let type = fromPort ?? -1
            let code = toPort ?? -1
            if type < 0 || type > 255 { return (number, 0, .max) }
            let base = UInt16(type) << 8
            if code < 0 || code > 255 { return (number, base, base | 0xff) }
            return (number, base | UInt16(code), base | UInt16(code))
        case .number(let number):
            return (Int16(clamping: number), 0, .max)
        }
    }
}
