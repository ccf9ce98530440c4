import PalisadeCore
public import PalisadeFlow

/// Flow-engine questions and their answers as JSON values, shared by `POST /palisade/v1/check|reach` and
/// `palisade check|reach`, so the server and the CLI answer alike.
public enum FlowReport {
    /// A question that cannot be answered: bad input, unknown interface or group.
    public struct QueryError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// `POST /palisade/v1/check`: would a new flow from `src` to `dst` be allowed?
    public struct CheckRequest: Codable, Sendable {
        /// `eni-…` or an IP address.
        public var src: String
        public var dst: String
        /// `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (only all-traffic rules admit it) or an IANA number.
        public var `protocol`: String
        public var port: Int?
        public var icmpType: Int?
        public var icmpCode: Int?

        public init(src: String, dst: String, protocol: String, port: Int? = nil, icmpType: Int? = nil, icmpCode: Int? = nil) {
            self.src = src
            self.dst = dst
            self.protocol = `protocol`
            self.port = port
            self.icmpType = icmpType
            self.icmpCode = icmpCode
        }
    }

    public struct RuleReport: Codable, Sendable, Hashable {
        public var ruleId: String
        public var groupId: String
        /// `tcp 3306 from sg-…`, `all traffic to 0.0.0.0/0`.
        public var summary: String?
    }

    public struct MissReport: Codable, Sendable, Hashable {
        public var ruleId: String
        public var groupId: String
        public var summary: String?
        public var reasons: [String]
    }

    /// One enforcement point: the interface, the direction (`egress`/`ingress`), the groups consulted, the outcome.
    public struct SideReport: Codable, Sendable, Hashable {
        public var networkInterfaceId: String
        public var direction: String
        public var groupIds: [String]
        public var allowed: Bool
        /// `allowed-by-rules`, `no-matching-rule`, `tracked-flow`, `related-icmp-error`, `conntrack-allowance-exceeded`.
        public var outcome: String
        public var tracking: String?
        public var matchedRules: [RuleReport]
        public var nearestMisses: [MissReport]
        public var text: String
    }

    public struct CheckReport: Codable, Sendable {
        public var allowed: Bool
        public var revision: Int64
        public var `protocol`: String
        public var source: String
        public var destination: String
        public var port: Int?
        public var icmpType: Int?
        public var icmpCode: Int?
        /// Egress at the sending interface; absent when the source is outside the snapshot.
        public var egress: SideReport?
        /// Ingress at the receiving interface; absent when the destination is outside the snapshot.
        public var ingress: SideReport?
        /// `egress` or `ingress`: the side that dropped the packet.
        public var droppedBy: String?
        /// The one-line answer `palisade check` prints.
        public var text: String
    }

    // MARK: check

    /// Answers `request` against `policy`.
    /// - Throws: ``QueryError`` for an unknown interface, a bad address, protocol or port.
    public static func check(_ request: CheckRequest, policy: CompiledPolicy) throws(QueryError) -> CheckReport {
        let number = try protocolNumber(request.protocol)
        let (sourceId, sourceAddresses) = try endpoint(request.src, "src", policy: policy)
        let (destinationId, destinationAddresses) = try endpoint(request.dst, "dst", policy: policy)
        // Pick one address family both ends have (IPv4 first).
        var pair: (IPAddress, IPAddress)?
        for wantV6 in [false, true] {
            if let source = sourceAddresses.first(where: { isV6($0) == wantV6 }),
                let destination = destinationAddresses.first(where: { isV6($0) == wantV6 })
            {
                pair = (source, destination)
                break
            }
        }
        guard let (source, destination) = pair else {
            throw QueryError("src and dst have no address family in common")
        }
        let packet: Packet
        var port: Int?
        var icmpType: Int?
        var icmpCode: Int?
        switch number {
        case ProtocolNumber.tcp, ProtocolNumber.udp:
            guard let value = request.port else { throw QueryError("a port is required for \(request.protocol)") }
            guard (0...65_535).contains(value) else { throw QueryError("port \(value) is not in 0-65535") }
            port = value
            packet = number == ProtocolNumber.tcp
                ? .tcp(from: source, to: destination, destinationPort: UInt16(value))
                : .udp(from: source, to: destination, destinationPort: UInt16(value))
        case ProtocolNumber.icmp, ProtocolNumber.icmpv6:
            if (number == ProtocolNumber.icmpv6) != isV6(source) {
                throw QueryError("\(request.protocol) needs \(number == ProtocolNumber.icmpv6 ? "IPv6" : "IPv4") addresses")
            }
            let type = request.icmpType ?? (number == ProtocolNumber.icmp ? 8 : 128)
            let code = request.icmpCode ?? 0
            guard (0...255).contains(type), (0...255).contains(code) else {
                throw QueryError("ICMP type and code are 0-255")
            }
            icmpType = type
            icmpCode = code
            packet = .icmp(from: source, to: destination, type: UInt8(type), code: UInt8(code))
        default:
            packet = .other(number, from: source, to: destination)
        }
        let verdict = Evaluator(policy: policy).evaluate(
            packet, sourceInterfaceId: sourceId, destinationInterfaceId: destinationId)
        let egress = verdict.source.map { side(policy, $0) }
        let ingress = verdict.destination.map { side(policy, $0) }
        let protocolName = request.protocol == "-1" ? "all" : (IPProtocol(wireValue: request.protocol)?.wireValue ?? request.protocol)
        var head = "\(verdict.isAllowed ? "ALLOW" : "DENY") \(protocolName) \(source) → \(destination)"
        if let port { head += ":\(port)" }
        if let icmpType, let icmpCode { head += " type \(icmpType) code \(icmpCode)" }
        var parts: [String] = []
        if let dropped = verdict.droppedBy {
            parts.append(([egress, ingress].compactMap { $0 }.first { $0.direction == dropped.direction.rawValue })?.text ?? "")
        } else {
            parts = [egress, ingress].compactMap { $0?.text }
            if parts.isEmpty { parts.append("neither address belongs to an interface of the snapshot") }
        }
        return CheckReport(
            allowed: verdict.isAllowed, revision: policy.revision, protocol: protocolName, source: source.description,
            destination: destination.description, port: port, icmpType: icmpType, icmpCode: icmpCode, egress: egress,
            ingress: ingress, droppedBy: verdict.droppedBy?.direction.rawValue,
            text: head + ": " + parts.joined(separator: "; "))
    }

    static func isV6(_ address: IPAddress) -> Bool {
        if case .v6 = address { return true }
        return false
    }

    /// `tcp`, `udp`, `icmp`, `icmpv6`, `-1`, or 0–255. `-1` asks about a protocol only all-traffic rules admit.
    static func protocolNumber(_ text: String) throws(QueryError) -> UInt8 {
        if text == "-1" || text.lowercased() == "all" { return 255 }
        guard let parsed = IPProtocol(wireValue: text), let number = parsed.number else {
            throw QueryError("unknown protocol '\(text)' (tcp, udp, icmp, icmpv6, -1 or 0-255)")
        }
        return UInt8(number)
    }

    /// An interface ID (with its addresses) or an address (with the interface holding it, if any).
    static func endpoint(_ text: String, _ name: String, policy: CompiledPolicy) throws(QueryError) -> (String?, [IPAddress]) {
        if text.hasPrefix("eni-") {
            guard let interface = policy.interface(id: text) else {
                throw QueryError("\(name): no network interface \(text) in the snapshot")
            }
            guard !interface.addresses.isEmpty else { throw QueryError("\(name): \(text) has no address") }
            return (text, interface.addresses)
        }
        guard let address = IPAddress(text) else {
            throw QueryError("\(name): '\(text)' is neither an eni- ID nor an IP address")
        }
        return (nil, [address])
    }

    static func side(_ policy: CompiledPolicy, _ verdict: SideVerdict) -> SideReport {
        let place = "\(verdict.direction.rawValue) \(verdict.networkInterfaceId)"
        let groups = verdict.groupIds.isEmpty ? "no groups" : verdict.groupIds.joined(separator: ", ")
        var outcome = ""
        var tracking: String?
        var text = ""
        var misses: [MissReport] = []
        switch verdict.outcome {
        case .allowedByRules(let rules, let mode):
            outcome = "allowed-by-rules"
            tracking = mode == .tracked ? "tracked" : "untracked"
            text = "\(place) via " + rules.map { "\($0.ruleId) (\($0.groupId))" }.joined(separator: ", ")
                + (mode == .untracked ? " (untracked)" : "")
        case .trackedFlow(let flow, let isReturn):
            outcome = "tracked-flow"
            text = "\(place) as \(isReturn ? "return traffic" : "packet") of tracked flow \(flow)"
        case .relatedICMPError(let flow):
            outcome = "related-icmp-error"
            text = "\(place) as ICMP error of tracked flow \(flow)"
        case .noMatchingRule(let nearest):
            outcome = "no-matching-rule"
            misses = nearest.map { miss in
                MissReport(
                    ruleId: miss.rule.ruleId, groupId: miss.rule.groupId,
                    summary: policy.rule(id: miss.rule.ruleId).map(ruleSummary),
                    reasons: miss.reasons.map(reasonText))
            }
            text = "\(verdict.direction.rawValue) on \(verdict.networkInterfaceId) dropped it: no rule of \(groups) matched"
            if !misses.isEmpty {
                text += "; nearest: " + misses.map { miss in
                    "\(miss.ruleId) " + (miss.summary.map { "allows \($0) " } ?? "") + "(\(miss.reasons.joined(separator: "; ")))"
                }.joined(separator: " | ")
            }
        case .conntrackAllowanceExceeded(let allowance):
            outcome = "conntrack-allowance-exceeded"
            text = "\(verdict.direction.rawValue) on \(verdict.networkInterfaceId) dropped it: conntrack allowance exceeded (\(allowance) tracked flows)"
        }
        return SideReport(
            networkInterfaceId: verdict.networkInterfaceId, direction: verdict.direction.rawValue,
            groupIds: verdict.groupIds, allowed: verdict.isAllowed, outcome: outcome, tracking: tracking,
            matchedRules: verdict.matchedRules.map {
                RuleReport(ruleId: $0.ruleId, groupId: $0.groupId, summary: policy.rule(id: $0.ruleId).map(ruleSummary))
            },
            nearestMisses: misses, text: text)
    }

    static func reasonText(_ reason: RuleMiss.Reason) -> String {
        switch reason {
        case .wrongProtocol: "wrong protocol"
        case .portOutOfRange: "wrong port"
        case .icmpTypeCodeMismatch: "wrong ICMP type/code"
        default: reason.description
        }
    }

    /// `tcp 3306 from sg-…`, `all traffic to 0.0.0.0/0`, `icmp type 8 from 10.0.0.0/8`.
    static func ruleSummary(_ rule: SecurityGroupRule) -> String {
        var text: String
        switch rule.ipProtocol {
        case .all: text = "all traffic"
        case .tcp, .udp:
            let from = rule.fromPort ?? 0
            let to = rule.toPort ?? 65_535
            text = "\(rule.ipProtocol.wireValue) " + (from == to ? "\(from)" : "\(from)-\(to)")
        case .icmp, .icmpv6:
            text = rule.ipProtocol.wireValue
            if let type = rule.fromPort, type >= 0 { text += " type \(type)" }
            if let code = rule.toPort, code >= 0 { text += " code \(code)" }
        case .number(let number): text = "protocol \(number)"
        }
        let peer: String =
            switch rule.peer {
            case .cidrIpv4(let cidr): cidr.description
            case .cidrIpv6(let cidr): cidr.description
            case .prefixList(let id): id
            case .securityGroup(let group): group.groupId
            }
        return text + (rule.isEgress ? " to " : " from ") + peer
    }
}
