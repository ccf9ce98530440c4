import PalisadeCore
import PalisadeFlow

extension NFTRenderer {
    /// The `ct timeout` objects of one interface: its ConnectionTrackingSpecification, else AWS's defaults,
    /// with the flow engine's values for the states AWS does not document.
    static func timeouts(for networkInterface: NetworkInterface, chainName: String) -> [NFTConntrackTimeout] {
        let timeouts = ConnectionTimeouts(networkInterface.connectionTracking)
        let transitory = ["syn_sent", "syn_recv", "fin_wait", "close_wait", "last_ack", "time_wait"]
        let tcp: [NFTConntrackTimeout.Entry] =
            [.init(state: "established", seconds: timeouts.tcpEstablished)]
            + transitory.map { .init(state: $0, seconds: timeouts.tcpTransitory) }
            + [.init(state: "close", seconds: timeouts.tcpClosed)]
        return [
            NFTConntrackTimeout(name: "\(chainName)_tcp", protocolName: "tcp", policy: tcp),
            NFTConntrackTimeout(
                name: "\(chainName)_udp", protocolName: "udp",
                policy: [
                    .init(state: "unreplied", seconds: timeouts.udp),
                    .init(state: "replied", seconds: timeouts.udpStream),
                ]),
        ]
    }
}
