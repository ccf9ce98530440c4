/// One rule: a direction, a protocol and port range, and exactly one peer.
public struct SecurityGroupRule: Hashable, Sendable, Codable {
    public var ruleId: String
    public var groupId: String
    public var scope: Scope
    public var isEgress: Bool
    public var ipProtocol: IPProtocol
    /// Start port, or ICMP type (-1 = all). `nil` for protocols without ports.
    public var fromPort: Int?
    /// End port, or ICMP code (-1 = all). `nil` for protocols without ports.
    public var toPort: Int?
    public var peer: RulePeer
    public var description: String?
    public var tags: [Tag]

    public init(
        ruleId: String, groupId: String, scope: Scope, isEgress: Bool, ipProtocol: IPProtocol, fromPort: Int?,
        toPort: Int?, peer: RulePeer, description: String? = nil, tags: [Tag] = []
    ) {
        self.ruleId = ruleId
        self.groupId = groupId
        self.scope = scope
        self.isEgress = isEgress
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.peer = peer
        self.description = description
        self.tags = tags
    }

    public var direction: Direction { isEgress ? .egress : .ingress }
    public var arn: String { scope.arn(.securityGroupRule, ruleId) }

    /// What makes two rules the same to AWS: direction, protocol, ports (only for protocols with ports), peer.
    /// Description and tags are not part of it.
    public var key: Key { Key(isEgress: isEgress, ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, peer: peer.key) }

    public struct Key: Hashable, Sendable {
        public var isEgress: Bool
        public var ipProtocol: IPProtocol
        public var fromPort: Int?
        public var toPort: Int?
        public var peer: RulePeer.Key

        public init(isEgress: Bool, ipProtocol: IPProtocol, fromPort: Int?, toPort: Int?, peer: RulePeer.Key) {
            self.isEgress = isEgress
            self.ipProtocol = ipProtocol
            self.fromPort = ipProtocol.hasPorts ? fromPort : nil
            self.toPort = ipProtocol.hasPorts ? toPort : nil
            self.peer = peer
        }

        /// A stable text form, used as the storage uniqueness key.
        public var text: String {
            "\(isEgress ? "egress" : "ingress")|\(ipProtocol.wireValue)|\(fromPort.map(String.init) ?? "")|"
                + "\(toPort.map(String.init) ?? "")|\(peer.text)"
        }
    }

    /// AWS's text for this rule in `InvalidPermission.Duplicate` messages:
    /// `peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW`.
    public var duplicateDescription: String {
        var parts = ["peer: \(peer.displayText)", ipProtocol.displayName]
        if ipProtocol.hasPorts, let fromPort, let toPort {
            parts.append("from port: \(fromPort)")
            parts.append("to port: \(toPort)")
        }
        parts.append("ALLOW")
        return parts.joined(separator: ", ")
    }
}

/// Ingress or egress, as AWS names the directions.
public enum Direction: String, Hashable, Sendable, Codable, CaseIterable {
    case ingress
    case egress
}

/// The other end of a rule: where ingress traffic may come from, or where egress traffic may go.
public enum RulePeer: Hashable, Sendable, Codable {
    case cidrIpv4(IPv4CIDR)
    case cidrIpv6(IPv6CIDR)
    case prefixList(String)
    case securityGroup(ReferencedGroup)

    public struct ReferencedGroup: Hashable, Sendable, Codable {
        public var groupId: String
        public var userId: String
        public var vpcId: String?
        public var vpcPeeringConnectionId: String?
        public var peeringStatus: String?

        public init(
            groupId: String, userId: String, vpcId: String? = nil, vpcPeeringConnectionId: String? = nil,
            peeringStatus: String? = nil
        ) {
            self.groupId = groupId
            self.userId = userId
            self.vpcId = vpcId
            self.vpcPeeringConnectionId = vpcPeeringConnectionId
            self.peeringStatus = peeringStatus
        }
    }

    public enum Key: Hashable, Sendable {
        case cidrIpv4(IPv4CIDR)
        case cidrIpv6(IPv6CIDR)
        case prefixList(String)
        case securityGroup(String)

        public var text: String {
            switch self {
            case .cidrIpv4(let cidr): "cidr4:\(cidr)"
            case .cidrIpv6(let cidr): "cidr6:\(cidr)"
            case .prefixList(let id): "pl:\(id)"
            case .securityGroup(let id): "sg:\(id)"
            }
        }
    }

    public var key: Key {
        switch self {
        case .cidrIpv4(let cidr): .cidrIpv4(cidr)
        case .cidrIpv6(let cidr): .cidrIpv6(cidr)
        case .prefixList(let id): .prefixList(id)
        case .securityGroup(let group): .securityGroup(group.groupId)
        }
    }

    public var displayText: String {
        switch self {
        case .cidrIpv4(let cidr): cidr.description
        case .cidrIpv6(let cidr): cidr.description
        case .prefixList(let id): id
        case .securityGroup(let group): group.groupId
        }
    }

    public var referencedGroupId: String? {
        if case .securityGroup(let group) = self { return group.groupId }
        return nil
    }

    public var prefixListId: String? {
        if case .prefixList(let id) = self { return id }
        return nil
    }
}

extension RulePeer {
    private enum CodingKeys: String, CodingKey {
        case cidrIpv4, cidrIpv6, prefixListId, referencedGroup
    }

    // One key per peer kind keeps the snapshot JSON readable: {"cidrIpv4": "10.0.0.0/8"}.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let cidr = try container.decodeIfPresent(IPv4CIDR.self, forKey: .cidrIpv4) {
            self = .cidrIpv4(cidr)
        } else if let cidr = try container.decodeIfPresent(IPv6CIDR.self, forKey: .cidrIpv6) {
            self = .cidrIpv6(cidr)
        } else if let id = try container.decodeIfPresent(String.self, forKey: .prefixListId) {
            self = .prefixList(id)
        } else if let group = try container.decodeIfPresent(ReferencedGroup.self, forKey: .referencedGroup) {
            self = .securityGroup(group)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "rule peer has no target"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .cidrIpv4(let cidr): try container.encode(cidr, forKey: .cidrIpv4)
        case .cidrIpv6(let cidr): try container.encode(cidr, forKey: .cidrIpv6)
        case .prefixList(let id): try container.encode(id, forKey: .prefixListId)
        case .securityGroup(let group): try container.encode(group, forKey: .referencedGroup)
        }
    }
}
