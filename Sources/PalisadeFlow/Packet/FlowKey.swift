public import PalisadeCore

/// A flow's 5-tuple: protocol, source and destination address and port.
///
/// Ports are 0 for protocols without ports; for ICMP echo both hold the identifier, and for other ICMP
/// messages both are 0, so a reply's key is ``reversed`` of the request's.
public struct FlowKey: Hashable, Sendable, CustomStringConvertible {
    public var protocolNumber: UInt8
    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16

    public init(
        protocolNumber: UInt8, source: IPAddress, destination: IPAddress, sourcePort: UInt16 = 0,
        destinationPort: UInt16 = 0
    ) {
        self.protocolNumber = protocolNumber
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    /// The key of `packet`'s flow, as connection tracking sees it.
    public init(_ packet: Packet) {
        let (sourcePort, destinationPort) = FlowKey.ports(of: packet)
        self.init(
            protocolNumber: packet.protocolNumber, source: packet.source, destination: packet.destination,
            sourcePort: sourcePort, destinationPort: destinationPort)
    }

    /// The ports that identify `packet`'s flow: TCP/UDP ports; for ICMP echo the identifier (carried in
    /// `sourcePort`) on both sides, so a request and its reply share a key; zero for everything else.
    @inline(__always)
    static func ports(of packet: Packet) -> (source: UInt16, destination: UInt16) {
        if packet.hasPorts { return (packet.sourcePort, packet.destinationPort) }
        if packet.isICMP, ICMPKind(packet) == .echo { return (packet.sourcePort, packet.sourcePort) }
        return (0, 0)
    }

    /// The same flow seen from the other end.
    public var reversed: FlowKey {
        FlowKey(
            protocolNumber: protocolNumber, source: destination, destination: source, sourcePort: destinationPort,
            destinationPort: sourcePort)
    }

    /// This key with `address` as the source: itself if `address` is the source, else ``reversed``.
    public func oriented(from address: IPAddress) -> FlowKey { source == address ? self : reversed }

    public var description: String {
        let name = ProtocolNumber.name(protocolNumber)
        if protocolNumber == ProtocolNumber.tcp || protocolNumber == ProtocolNumber.udp {
            return "\(name) \(source.bracketed):\(sourcePort) → \(destination.bracketed):\(destinationPort)"
        }
        return "\(name) \(source) → \(destination)"
    }
}

/// How connection tracking classifies an ICMP message.
enum ICMPKind: Equatable {
    case echo
    case error
    case other

    init(_ packet: Packet) {
        if packet.isICMPError {
            self = .error
        } else if packet.protocolNumber == ProtocolNumber.icmp, packet.icmpType == 8 || packet.icmpType == 0 {
            self = .echo
        } else if packet.protocolNumber == ProtocolNumber.icmpv6, packet.icmpType == 128 || packet.icmpType == 129 {
            self = .echo
        } else {
            self = .other
        }
    }
}
