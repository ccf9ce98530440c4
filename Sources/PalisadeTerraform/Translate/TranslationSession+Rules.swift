import PalisadeCore

extension TranslationSession {
    /// Turns one rule's arguments into one ``SecurityGroupRule`` per peer (as AWS stores them), or into
    /// ``SymbolicRule``s where something is unknown, reporting values AWS would reject.
    /// - Parameter input: The evaluated arguments.
    /// - Returns: The IDs of the rules added to the snapshot.
    @discardableResult
    func emitRules(_ input: RuleInput) -> [String] {
        let verb = input.direction == .ingress ? "source" : "destination"
        var unknown = input.forcedUnknown

        // Protocol and ports.
        guard let protocolField = input.ipProtocol else { return [] }
        var ipProtocol: IPProtocol?
        var fromPort: Int?
        var toPort: Int?
        var portsKnown = false
        var protocolText: String?
        switch protocolField.value {
        case .unknown(let reason):
            unknown = unknown ?? reason
        default:
            guard let text = protocolField.value.convertedToString else {
                report(
                    .invalidValue, .error, "protocol must be a string, got \(protocolField.value)",
                    at: protocolField.range, address: input.address
                )
                return []
            }
            protocolText = text.lowercased() == "all" ? "-1" : text
        }
        func port(_ field: (value: Value, range: SourceRange)?, _ name: String) -> (ok: Bool, port: Int?) {
            guard let field, field.value != .null else { return (true, nil) }
            if case .unknown(let reason) = field.value {
                unknown = unknown ?? reason
                return (true, nil)
            }
            guard let number = field.value.convertedToNumber?.intValue else {
                report(
                    .invalidValue, .error, "\(name) must be a whole number, got \(field.value)",
                    at: field.range, address: input.address
                )
                return (false, nil)
            }
            return (true, number)
        }
        let from = port(input.fromPort, "from_port")
        let to = port(input.toPort, "to_port")
        guard from.ok, to.ok else { return [] }
        let portValuesKnown = !(input.fromPort?.value.isUnknown ?? false) && !(input.toPort?.value.isUnknown ?? false)
        if let protocolText {
            guard let parsed = IPProtocol(wireValue: protocolText) else {
                report(
                    .invalidValue, .error,
                    "Invalid value '\(protocolText)' for IP protocol. Unknown protocol.",
                    at: protocolField.range, address: input.address
                )
                return []
            }
            ipProtocol = parsed
            if !parsed.hasPorts {
                portsKnown = true
            } else if portValuesKnown {
                if !input.portsOptional, input.fromPort == nil || input.toPort == nil { return [] }
                do {
                    let normalized = try PolicyState.normalizePorts(
                        protocol: protocolText, fromPort: from.port, toPort: to.port
                    )
                    (ipProtocol, fromPort, toPort) = normalized
                    portsKnown = true
                } catch {
                    report(
                        .invalidValue, .error, error.message,
                        at: (input.fromPort?.range).map { $0.union(input.toPort?.range ?? $0) } ?? protocolField.range,
                        address: input.address
                    )
                    return []
                }
            } else {
                fromPort = from.port
                toPort = to.port
            }
        }

        // Group.
        var groupId: String?
        switch input.group {
        case .unknown(let reason):
            unknown = unknown ?? reason
        case .string(let text):
            groupId = text
        default:
            report(
                .invalidValue, .error, "security_group_id must be a string, got \(input.group)",
                at: input.groupRange ?? input.range, address: input.address
            )
            return []
        }

        // Description.
        var description: String?
        if let field = input.description {
            description = field.value.convertedToString
            if let text = description {
                do {
                    try Validation.ruleDescription(text)
                } catch {
                    report(.invalidValue, .error, error.message, at: field.range, address: input.address)
                }
            }
        }

        // Peers.
        let present = input.peers.filter { $0.value != .null && !($0.isSelf && $0.value == .bool(false)) }
        if present.isEmpty {
            if input.peers.isEmpty {
                report(
                    .missingArgument, .error,
                    "this \(input.direction.rawValue) rule has no \(verb): set "
                        + (input.exactlyOnePeer
                            ? "one of cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id"
                            : "cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, "
                                + (input.resourceType == "aws_security_group_rule"
                                    ? "source_security_group_id" : "security_groups") + " or self")
                        + "; AWS rejects a rule without one",
                    at: input.range, address: input.address
                )
            }
            return []
        }
        if input.exactlyOnePeer, present.count > 1 {
            report(
                .invalidValue, .error,
                "only one of \(present.map(\.name).joined(separator: ", ")) may be set on \(input.resourceType)",
                at: input.range, address: input.address
            )
            return []
        }

        var ids: [String] = []
        for argument in present {
            var elements: [(value: Value, range: SourceRange)] = []
            if argument.isSelf {
                switch argument.value {
                case .bool(true): elements = [(groupId.map(Value.string) ?? input.group, argument.range)]
                case .unknown: elements = [(argument.value, argument.range)]
                default:
                    report(
                        .invalidValue, .error, "self must be a bool, got \(argument.value)",
                        at: argument.range, address: input.address
                    )
                }
            } else if argument.isList {
                switch argument.value {
                case .unknown:
                    elements = [(argument.value, argument.range)]
                case .list(let values), .set(let values):
                    var ranges = Array(repeating: argument.range, count: values.count)
                    if let written = argument.elementRanges, written.count == values.count { ranges = written }
                    elements = Array(zip(values, ranges)).map { (value: $0.0, range: $0.1) }
                default:
                    report(
                        .invalidValue, .error, "\(argument.name) must be a list, got a \(argument.value.typeName)",
                        at: argument.range, address: input.address
                    )
                }
            } else {
                elements = [(argument.value, argument.range)]
            }
            for (index, element) in elements.enumerated() {
                var origin = input.origin
                origin.attributeRange = element.range
                let peer: RulePeer
                if case .unknown(let reason) = element.value {
                    addSymbolic(
                        input, origin: origin, groupId: groupId, ipProtocol: ipProtocol, fromPort: fromPort,
                        toPort: toPort, portsKnown: portsKnown, peer: .unknown(argument.kind), description: description,
                        reason: reason
                    )
                    continue
                }
                guard let parsed = parsePeer(element.value, kind: argument.kind, name: argument.name, at: element.range, input)
                else { continue }
                peer = parsed
                if let unknown {
                    addSymbolic(
                        input, origin: origin, groupId: groupId, ipProtocol: ipProtocol, fromPort: fromPort,
                        toPort: toPort, portsKnown: portsKnown, peer: .known(peer), description: description,
                        reason: unknown
                    )
                    continue
                }
                guard let groupId, let ipProtocol else { continue }
                let ruleId =
                    input.ruleId ?? SyntheticID.make(.securityGroupRule, "\(input.seed)|\(argument.name)|\(index)")
                rules.append(
                    SecurityGroupRule(
                        ruleId: ruleId, groupId: groupId, scope: scope, isEgress: input.direction == .egress,
                        ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, peer: peer, description: description
                    )
                )
                origins[ruleId] = origin
                ids.append(ruleId)
            }
        }
        return ids
    }

    private func addSymbolic(
        _ input: RuleInput,
        origin: SourceOrigin,
        groupId: String?,
        ipProtocol: IPProtocol?,
        fromPort: Int?,
        toPort: Int?,
        portsKnown: Bool,
        peer: SymbolicRule.Peer,
        description: String?,
        reason: Value.Unknown
    ) {
        symbolicRules.append(
            SymbolicRule(
                address: input.address, groupId: groupId, direction: input.direction, ipProtocol: ipProtocol,
                fromPort: portsKnown ? fromPort : nil, toPort: portsKnown ? toPort : nil, portsKnown: portsKnown,
                peer: peer, description: description, reason: reason.reason, unknownOrigin: reason.origin,
                origin: origin
            )
        )
        report(
            .symbolicRule, .note,
            "\(input.direction.rawValue) rule of \(input.address) is kept symbolic: \(reason.reason)",
            at: origin.location, address: input.address
        )
    }

    /// A peer value as AWS (and the AWS provider) would accept it, or nil after reporting why not.
    private func parsePeer(
        _ value: Value,
        kind: SymbolicRule.PeerKind,
        name: String,
        at range: SourceRange,
        _ input: RuleInput
    ) -> RulePeer? {
        func reject(_ message: String) -> RulePeer? {
            report(.invalidValue, .error, message, at: range, address: input.address)
            return nil
        }
        guard let text = value.stringValue else {
            return reject("\(name) must hold strings, got \(value)")
        }
        switch kind {
        case .cidrIpv4:
            guard let cidr = IPv4CIDR(text) else {
                if IPv6CIDR(text) != nil {
                    return reject("\(Value.string(text)) is an IPv6 CIDR block; IPv6 blocks go in "
                        + (input.exactlyOnePeer ? "cidr_ipv6" : "ipv6_cidr_blocks"))
                }
                return reject("\(Value.string(text)) is not a valid IPv4 CIDR block (a.b.c.d/n)")
            }
            guard cidr.description == text else {
                return reject(
                    "\(Value.string(text)) is not a network address: the AWS provider expects \(Value.string(cidr.description))"
                )
            }
            return .cidrIpv4(cidr)
        case .cidrIpv6:
            guard let cidr = IPv6CIDR(text) else {
                if IPv4CIDR(text) != nil {
                    return reject("\(Value.string(text)) is an IPv4 CIDR block; IPv4 blocks go in "
                        + (input.exactlyOnePeer ? "cidr_ipv4" : "cidr_blocks"))
                }
                return reject("\(Value.string(text)) is not a valid IPv6 CIDR block")
            }
            let address = text.split(separator: "/").first.flatMap { IPv6Address($0) }
            guard address == cidr.network else {
                return reject(
                    "\(Value.string(text)) is not a network address: the AWS provider expects \(Value.string(cidr.description))"
                )
            }
            return .cidrIpv6(cidr)
        case .prefixList:
            guard text.hasPrefix("pl-") else {
                return reject("\(Value.string(text)) is not a prefix list ID (pl-…)")
            }
            return .prefixList(text)
        case .securityGroup:
            var userId = scope.accountId
            var groupId = text
            if let slash = text.firstIndex(of: "/") {
                userId = String(text[..<slash])
                groupId = String(text[text.index(after: slash)...])
            }
            guard groupId.hasPrefix("sg-") else {
                report(
                    .invalidValue, .warning,
                    "\(Value.string(text)) is not a security group ID (sg-…); group names are accepted only in "
                        + "EC2-Classic and default VPCs, and Palisade does not resolve them",
                    at: range, address: input.address
                )
                return nil
            }
            return .securityGroup(RulePeer.ReferencedGroup(groupId: groupId, userId: userId))
        }
    }
}
