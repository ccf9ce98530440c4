/// The protocol of a rule, as AWS normalises it: names for the protocols that have one, `-1` for all.
public enum IPProtocol: Hashable, Sendable, Codable, CustomStringConvertible {
    case all
    case tcp
    case udp
    case icmp
    case icmpv6
    /// Any other IANA protocol number (0–255); rules with it ignore ports.
    case number(Int)

    /// Parses the wire value: a name (`tcp`, `udp`, `icmp`, `icmpv6`), `-1`, or a number 0–255.
    /// Numbers that have names become the names (`17` → `udp`), as AWS does.
    public init?(wireValue: String) {
        switch wireValue.lowercased() {
        case "-1": self = .all
        case "tcp", "6": self = .tcp
        case "udp", "17": self = .udp
        case "icmp", "1": self = .icmp
        case "icmpv6", "58": self = .icmpv6
        default:
            guard let number = Int(wireValue), (0...255).contains(number), wireValue.first != "+" else { return nil }
            self = .number(number)
        }
    }

    /// The value AWS returns in `ipProtocol`.
    public var wireValue: String {
        switch self {
        case .all: "-1"
        case .tcp: "tcp"
        case .udp: "udp"
        case .icmp: "icmp"
        case .icmpv6: "icmpv6"
        case .number(let number): String(number)
        }
    }

    /// IANA protocol number (`nil` for all protocols).
    public var number: Int? {
        switch self {
        case .all: nil
        case .tcp: 6
        case .udp: 17
        case .icmp: 1
        case .icmpv6: 58
        case .number(let number): number
        }
    }

    /// Creates the protocol for an IANA number.
    public init(number: Int) {
        self = IPProtocol(wireValue: String(number)) ?? .number(number)
    }

    /// Whether FromPort/ToPort are part of a rule of this protocol (ports for TCP/UDP, type/code for ICMP).
    public var hasPorts: Bool {
        switch self {
        case .tcp, .udp, .icmp, .icmpv6: true
        case .all, .number: false
        }
    }

    public var isICMP: Bool { self == .icmp || self == .icmpv6 }

    /// Name used in AWS duplicate-rule messages (`TCP`, `UDP`, `ICMP`, `ALL`).
    public var displayName: String {
        switch self {
        case .all: "ALL"
        case .tcp: "TCP"
        case .udp: "UDP"
        case .icmp: "ICMP"
        case .icmpv6: "ICMPV6"
        case .number(let number): String(number)
        }
    }

    public var description: String { wireValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = IPProtocol(wireValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad protocol \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wireValue)
    }
}
