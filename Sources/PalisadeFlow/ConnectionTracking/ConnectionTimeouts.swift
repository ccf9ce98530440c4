public import PalisadeCore

/// Idle timeouts of tracked flows on one interface, in seconds.
///
/// TCP established and the two UDP timeouts come from the interface's ConnectionTrackingSpecification
/// (AWS defaults 432,000 / 180 / 30 s); other protocols use AWS's fixed 600 s. AWS documents no
/// timeout for ICMP or for TCP outside the established state; Palisade uses the values below.
public struct ConnectionTimeouts: Hashable, Sendable {
    public var tcpEstablished: Int
    /// TCP handshake and closing states (AWS undocumented; Palisade uses 120 s).
    public var tcpTransitory: Int
    /// TCP after a RST (Palisade uses 10 s).
    public var tcpClosed: Int
    /// UDP once more than one request/response has been seen.
    public var udpStream: Int
    /// UDP seen in one direction, or a single request/response.
    public var udp: Int
    /// ICMP (AWS undocumented; Palisade uses 60 s).
    public var icmp: Int
    /// Every other protocol: 600 s.
    public var other: Int

    public init(
        tcpEstablished: Int = 432_000, tcpTransitory: Int = 120, tcpClosed: Int = 10, udpStream: Int = 180,
        udp: Int = 30, icmp: Int = 60, other: Int = 600
    ) {
        self.tcpEstablished = tcpEstablished
        self.tcpTransitory = tcpTransitory
        self.tcpClosed = tcpClosed
        self.udpStream = udpStream
        self.udp = udp
        self.icmp = icmp
        self.other = other
    }

    /// The timeouts in force on an interface with `configuration` (nil: AWS's defaults).
    public init(_ configuration: ConnectionTrackingConfiguration?) {
        let effective = (configuration ?? ConnectionTrackingConfiguration()).effective
        self.init(
            tcpEstablished: effective.tcpEstablishedTimeout ?? 432_000, udpStream: effective.udpStreamTimeout ?? 180,
            udp: effective.udpTimeout ?? 30)
    }

    public static let awsDefaults = ConnectionTimeouts()

    /// Timeout in milliseconds for a flow of `protocolNumber` in `state`.
    @inline(__always)
    func milliseconds(protocolNumber: UInt8, state: FlowState) -> Int64 {
        let seconds: Int
        switch protocolNumber {
        case ProtocolNumber.tcp:
            switch state {
            case .tcpEstablished: seconds = tcpEstablished
            case .tcpClosed: seconds = tcpClosed
            default: seconds = tcpTransitory
            }
        case ProtocolNumber.udp:
            seconds = state == .udpStream ? udpStream : udp
        case ProtocolNumber.icmp, ProtocolNumber.icmpv6:
            seconds = icmp
        default:
            seconds = other
        }
        return Int64(seconds) * 1000
    }
}

/// The state of a tracked flow (stored in one byte; 0 marks an empty table slot).
enum FlowState: UInt8, Sendable {
    case empty = 0
    case tcpSynSent
    case tcpSynReceived
    case tcpEstablished
    case tcpClosing
    case tcpClosed
    case udpOneWay
    case udpReplied
    case udpStream
    case icmp
    case other

    /// The state of a new flow opened by `packet`.
    init(opening packet: Packet) {
        switch packet.protocolNumber {
        case ProtocolNumber.tcp:
            let flags = packet.tcpFlags
            if flags.contains(.rst) {
                self = .tcpClosed
            } else if flags.contains(.fin) {
                self = .tcpClosing
            } else if flags.contains(.syn) && !flags.contains(.ack) {
                self = .tcpSynSent
            } else {
                // Picked up mid-stream: treat as established, as loose conntrack does.
                self = .tcpEstablished
            }
        case ProtocolNumber.udp: self = .udpOneWay
        case ProtocolNumber.icmp, ProtocolNumber.icmpv6: self = .icmp
        default: self = .other
        }
    }

    /// The state after `packet`, which travels the flow's way (`isReturn == false`) or back.
    @inline(__always)
    func next(after packet: Packet, isReturn: Bool) -> FlowState {
        switch self {
        case .tcpSynSent, .tcpSynReceived, .tcpEstablished, .tcpClosing, .tcpClosed:
            let flags = packet.tcpFlags
            if flags.contains(.rst) { return .tcpClosed }
            if self == .tcpClosed { return flags.contains(.syn) && !flags.contains(.ack) ? .tcpSynSent : .tcpClosed }
            if flags.contains(.fin) { return .tcpClosing }
            switch self {
            case .tcpSynSent where isReturn && flags.contains(.syn) && flags.contains(.ack): return .tcpSynReceived
            case .tcpSynSent where isReturn && flags.contains(.ack): return .tcpEstablished
            case .tcpSynReceived where !isReturn && flags.contains(.ack) && !flags.contains(.syn): return .tcpEstablished
            default: return self
            }
        case .udpOneWay:
            return isReturn ? .udpReplied : .udpOneWay
        case .udpReplied:
            return isReturn ? .udpReplied : .udpStream
        default:
            return self
        }
    }
}
