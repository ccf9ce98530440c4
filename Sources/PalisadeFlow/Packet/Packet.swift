public import PalisadeCore

/// One packet as the flow engine sees it: addresses, protocol, ports or ICMP type/code, TCP flags.
///
/// ```swift
/// let packet = Packet.tcp(from: client, sourcePort: 40_000, to: server, destinationPort: 443)
/// ```
public struct Packet: Hashable, Sendable, CustomStringConvertible {
    public var source: IPAddress
    public var destination: IPAddress
    /// IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, …).
    public var protocolNumber: UInt8
    /// Source port (TCP/UDP); for ICMP echo the identifier.
    public var sourcePort: UInt16
    /// Destination port (TCP/UDP); for ICMP echo the identifier.
    public var destinationPort: UInt16
    public var icmpType: UInt8
    public var icmpCode: UInt8
    public var tcpFlags: TCPFlags
    /// For ICMP errors: the 5-tuple of the packet that caused the error, as carried in the error's payload.
    public var embeddedFlow: FlowKey?

    public init(
        source: IPAddress, destination: IPAddress, protocolNumber: UInt8, sourcePort: UInt16 = 0,
        destinationPort: UInt16 = 0, icmpType: UInt8 = 0, icmpCode: UInt8 = 0, tcpFlags: TCPFlags = [],
        embeddedFlow: FlowKey? = nil
    ) {
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.tcpFlags = tcpFlags
        self.embeddedFlow = embeddedFlow
    }

    /// A TCP segment; by default the SYN that opens a connection.
    public static func tcp(
        from source: IPAddress, sourcePort: UInt16 = 49_152, to destination: IPAddress, destinationPort: UInt16,
        flags: TCPFlags = .syn
    ) -> Packet {
        Packet(
            source: source, destination: destination, protocolNumber: ProtocolNumber.tcp, sourcePort: sourcePort,
            destinationPort: destinationPort, tcpFlags: flags)
    }

    /// A UDP datagram.
    public static func udp(
        from source: IPAddress, sourcePort: UInt16 = 49_152, to destination: IPAddress, destinationPort: UInt16
    ) -> Packet {
        Packet(
            source: source, destination: destination, protocolNumber: ProtocolNumber.udp, sourcePort: sourcePort,
            destinationPort: destinationPort)
    }

    /// An ICMP (IPv4) or ICMPv6 (IPv6) message; the family follows the addresses.
    public static func icmp(
        from source: IPAddress, to destination: IPAddress, type: UInt8, code: UInt8 = 0, identifier: UInt16 = 0,
        embedding embeddedFlow: FlowKey? = nil
    ) -> Packet {
        let number = source.isIPv6 ? ProtocolNumber.icmpv6 : ProtocolNumber.icmp
        return Packet(
            source: source, destination: destination, protocolNumber: number, sourcePort: identifier,
            destinationPort: identifier, icmpType: type, icmpCode: code, embeddedFlow: embeddedFlow)
    }

    /// A packet of a protocol without ports (GRE 47, ESP 50, …).
    public static func other(_ protocolNumber: UInt8, from source: IPAddress, to destination: IPAddress) -> Packet {
        Packet(source: source, destination: destination, protocolNumber: protocolNumber)
    }

    public var isICMP: Bool { protocolNumber == ProtocolNumber.icmp || protocolNumber == ProtocolNumber.icmpv6 }
    public var hasPorts: Bool { protocolNumber == ProtocolNumber.tcp || protocolNumber == ProtocolNumber.udp }

    /// The key a rule's FromPort/ToPort is compared with: destination port, or ICMP `type << 8 | code`.
    var ruleKey: UInt16 {
        if hasPorts { return destinationPort }
        if isICMP { return UInt16(icmpType) << 8 | UInt16(icmpCode) }
        return 0
    }

    /// Whether this is an ICMP error (destination unreachable, packet too big, time exceeded).
    public var isICMPError: Bool {
        switch protocolNumber {
        case ProtocolNumber.icmp: icmpType == 3 || icmpType == 11
        case ProtocolNumber.icmpv6: icmpType == 1 || icmpType == 2 || icmpType == 3
        default: false
        }
    }

    /// The packet that answers this one: addresses and ports swapped, same protocol, flags cleared but ACK.
    public var reversed: Packet {
        var reply = self
        reply.source = destination
        reply.destination = source
        reply.sourcePort = destinationPort
        reply.destinationPort = sourcePort
        reply.tcpFlags = protocolNumber == ProtocolNumber.tcp ? .ack : []
        reply.embeddedFlow = nil
        return reply
    }

    /// The 5-tuple of this packet.
    public var flowKey: FlowKey { FlowKey(self) }

    public var description: String {
        let name = ProtocolNumber.name(protocolNumber)
        if hasPorts {
            return "\(name) \(source.bracketed):\(sourcePort) → \(destination.bracketed):\(destinationPort)"
                + (protocolNumber == ProtocolNumber.tcp ? " [\(tcpFlags)]" : "")
        }
        if isICMP { return "\(name) \(source) → \(destination) type \(icmpType) code \(icmpCode)" }
        return "\(name) \(source) → \(destination)"
    }
}

/// IANA numbers the engine treats specially.
public enum ProtocolNumber {
    public static let icmp: UInt8 = 1
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmpv6: UInt8 = 58

    /// `tcp`, `udp`, `icmp`, `icmpv6`, or the number.
    public static func name(_ number: UInt8) -> String {
        switch number {
        case icmp: "icmp"
        case tcp: "tcp"
        case udp: "udp"
        case icmpv6: "icmpv6"
        default: "proto-\(number)"
        }
    }
}

extension IPAddress {
    @inline(__always)
    var isIPv6: Bool {
        if case .v6 = self { return true }
        return false
    }

    /// 128-bit key; IPv4 addresses occupy the low 32 bits (the family is kept apart by the caller).
    @inline(__always)
    var wideValue: UInt128 {
        switch self {
        case .v4(let address): UInt128(address.value)
        case .v6(let address): UInt128(address.high) << 64 | UInt128(address.low)
        }
    }

    var bracketed: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): "[\(address)]"
        }
    }
}
