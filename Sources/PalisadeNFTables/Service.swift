import PalisadeCore

/// What a rule admits apart from its peer: protocol and ports, or ICMP type and code. Mirrors the flow
/// engine's reading of FromPort/ToPort (`CompiledRule.keyRange`).
enum Service: Hashable {
    /// Protocol -1.
    case all
    /// TCP (6) or UDP (17) destination ports.
    case ports(UInt8, ClosedRange<UInt16>)
    /// Every packet of one protocol: ICMP or ICMPv6 with type -1, or a protocol without ports.
    case transportProtocol(UInt8)
    /// One ICMP or ICMPv6 type, with one code or (`nil`) all codes.
    case icmp(ipv6: Bool, type: UInt8, code: UInt8?)

    /// `nil` for a rule that matches nothing (FromPort above ToPort).
    init?(_ rule: SecurityGroupRule) {
        switch rule.ipProtocol {
        case .all:
            self = .all
        case .tcp, .udp:
            let number: UInt8 = rule.ipProtocol == .tcp ? 6 : 17
            let from = rule.fromPort ?? 0
            let to = rule.toPort ?? 65_535
            if from < 0 || to < 0 {
                self = .ports(number, 0...UInt16.max)
            } else {
                let low = UInt16(clamping: from)
                let high = UInt16(clamping: min(to, 65_535))
                guard low <= high else { return nil }
                self = .ports(number, low...high)
            }
        case .icmp, .icmpv6:
            let ipv6 = rule.ipProtocol == .icmpv6
            let type = rule.fromPort ?? -1
            let code = rule.toPort ?? -1
            if type < 0 || type > 255 {
                self = .transportProtocol(ipv6 ? 58 : 1)
            } else {
                self = .icmp(ipv6: ipv6, type: UInt8(type), code: (0...255).contains(code) ? UInt8(code) : nil)
            }
        case .number(let number):
            let number = UInt8(clamping: number)
            self = number == 6 || number == 17 ? .ports(number, 0...UInt16.max) : .transportProtocol(number)
        }
    }

    /// ICMP exists only over IPv4 and ICMPv6 only over IPv6; rules for the other family match nothing.
    func applies(to family: NFTMatch.Family) -> Bool {
        switch self {
        case .icmp(let ipv6, _, _): ipv6 == (family == .ipv6)
        case .transportProtocol(1): family == .ipv4
        case .transportProtocol(58): family == .ipv6
        default: true
        }
    }

    /// Output order: all, TCP, UDP, ICMP, ICMPv6, then other protocols by number; ICMP by type and code.
    var sortKey: [Int] {
        switch self {
        case .all: [0]
        case .ports(let number, let range): [number == 6 ? 1 : 2, Int(range.lowerBound), Int(range.upperBound)]
        case .transportProtocol(let number):
            switch number {
            case 6: [1]
            case 17: [2]
            case 1: [3, -1]
            case 58: [4, -1]
            default: [5, Int(number)]
            }
        case .icmp(let ipv6, let type, let code): [ipv6 ? 4 : 3, Int(type), code.map(Int.init) ?? -1]
        }
    }
}
