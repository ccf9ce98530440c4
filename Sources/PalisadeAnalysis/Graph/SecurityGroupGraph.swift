import PalisadeCore
import PalisadeFlow

/// The security groups of a configuration as a graph: groups, CIDR blocks and prefix lists as nodes, one edge per
/// rule (labelled with protocol and ports; ingress from the peer to the group, egress from the group to the peer),
/// and attachments from interfaces and instances to their groups.
///
/// ```swift
/// print(SecurityGroupGraph(context).dot)
/// // "aws_security_group.web_servers_sg" -> "aws_security_group.database_sg" [label="tcp 3306"];
/// ```
public struct SecurityGroupGraph: Sendable, Encodable {
    /// A node.
    public struct Node: Sendable, Hashable, Encodable {
        /// Its name: an address, an AWS ID or a CIDR block.
        public var id: String
        /// `group`, `cidr`, `prefix-list`, `interface` or `undefined-group`.
        public var kind: String
    }

    /// An edge.
    public struct Edge: Sendable, Hashable, Encodable {
        /// Source node.
        public var from: String
        /// Destination node.
        public var to: String
        /// `ingress`, `egress` or `attachment`.
        public var kind: String
        /// Protocol and ports (`tcp 443`, `all`), empty for attachments.
        public var label: String
    }

    /// Nodes, sorted by kind and name.
    public var nodes: [Node]
    /// Edges, in rule order, then attachments.
    public var edges: [Edge]

    /// The graph of a context.
    public init(_ context: LintContext) {
        let snapshot = context.snapshot
        var nodes = Set<Node>()
        var edges: [Edge] = []
        let defined = Set(snapshot.securityGroups.map(\.groupId))
        for group in snapshot.securityGroups { nodes.insert(Node(id: context.address(of: group.groupId), kind: "group")) }
        for rule in snapshot.securityGroupRules {
            let group = context.address(of: rule.groupId)
            let peer: String
            switch rule.peer {
            case .cidrIpv4(let cidr):
                peer = cidr.description
                nodes.insert(Node(id: peer, kind: "cidr"))
            case .cidrIpv6(let cidr):
                peer = cidr.description
                nodes.insert(Node(id: peer, kind: "cidr"))
            case .prefixList(let id):
                peer = context.address(of: id)
                nodes.insert(Node(id: peer, kind: "prefix-list"))
            case .securityGroup(let reference):
                peer = context.address(of: reference.groupId)
                if !defined.contains(reference.groupId) { nodes.insert(Node(id: peer, kind: "undefined-group")) }
            }
            let label = SecurityGroupGraph.label(rule)
            edges.append(
                rule.isEgress
                    ? Edge(from: group, to: peer, kind: "egress", label: label)
                    : Edge(from: peer, to: group, kind: "ingress", label: label))
        }
        for interface in snapshot.networkInterfaces {
            let name = context.address(of: interface.networkInterfaceId)
            nodes.insert(Node(id: name, kind: "interface"))
            for group in interface.groupIds {
                edges.append(Edge(from: name, to: context.address(of: group), kind: "attachment", label: ""))
            }
        }
        let rank = ["group": 0, "undefined-group": 1, "interface": 2, "prefix-list": 3, "cidr": 4]
        self.nodes = nodes.sorted { (rank[$0.kind] ?? 9, $0.id) < (rank[$1.kind] ?? 9, $1.id) }
        self.edges = edges
    }

    /// `tcp 443`, `tcp 8000-8999`, `udp 53`, `icmp`, `all`.
    static func label(_ rule: SecurityGroupRule) -> String {
        switch rule.ipProtocol {
        case .all: return "all"
        case .tcp, .udp:
            let name = rule.ipProtocol == .tcp ? "tcp" : "udp"
            guard let from = rule.fromPort, let to = rule.toPort else { return "\(name) all" }
            if from == to { return "\(name) \(from)" }
            if from <= 0 && to >= 65535 { return "\(name) all" }
            return "\(name) \(from)-\(to)"
        case .icmp, .icmpv6:
            let name = rule.ipProtocol == .icmp ? "icmp" : "icmpv6"
            if let from = rule.fromPort, from >= 0 { return "\(name) type \(from)" }
            return name
        case .number(let number): return "proto-\(number)"
        }
    }

    /// The graph in Graphviz DOT.
    public var dot: String {
        func quote(_ text: String) -> String {
            // stdlib only: escape backslashes and quotes character by character.
            var escaped = "\""
            for character in text {
                if character == "\\" || character == "\"" { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped + "\""
        }
        let shapes = [
            "group": "shape=box", "undefined-group": "shape=box, style=dashed, color=red", "interface": "shape=ellipse",
            "prefix-list": "shape=folder", "cidr": "shape=note",
        ]
        var lines = ["digraph security_groups {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for node in nodes { lines.append("  \(quote(node.id)) [\(shapes[node.kind] ?? "shape=box")];") }
        for edge in edges {
            switch edge.kind {
            case "attachment": lines.append("  \(quote(edge.from)) -> \(quote(edge.to)) [style=dotted, arrowhead=none];")
            case "egress": lines.append("  \(quote(edge.from)) -> \(quote(edge.to)) [label=\(quote("egress " + edge.label)), style=dashed];")
            default: lines.append("  \(quote(edge.from)) -> \(quote(edge.to)) [label=\(quote(edge.label))];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
