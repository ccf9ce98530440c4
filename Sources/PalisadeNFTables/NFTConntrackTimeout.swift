/// A `ct timeout` object: idle timeouts that a rule attaches to new connections of one protocol.
///
/// The kernel needs `CONFIG_NF_CONNTRACK_TIMEOUT` and nft_ct timeout objects (Linux 4.19, nftables 0.9.1).
/// The object is family-neutral (`l3proto inet`), so one object serves IPv4 and IPv6.
public struct NFTConntrackTimeout: Hashable, Sendable {
    /// One conntrack state and its idle timeout in seconds (`established : 432000`).
    public struct Entry: Hashable, Sendable {
        public var state: String
        public var seconds: Int

        public init(state: String, seconds: Int) {
            self.state = state
            self.seconds = seconds
        }
    }

    public var name: String
    /// `tcp` or `udp`.
    public var protocolName: String
    public var policy: [Entry]

    public init(name: String, protocolName: String, policy: [Entry]) {
        self.name = name
        self.protocolName = protocolName
        self.policy = policy
    }

    var lines: [String] {
        let entries = policy.map { "\($0.state) : \($0.seconds)" }.joined(separator: ", ")
        return [
            "ct timeout \(name) {", "\tprotocol \(protocolName)", "\tl3proto inet", "\tpolicy = { \(entries) }", "}",
        ]
    }
}
