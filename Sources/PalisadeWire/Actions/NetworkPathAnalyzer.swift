import PalisadeCore
import PalisadeFlow

/// Answers a Reachability Analyzer path with the flow engine: the security-group part of the path, in the
/// shapes AWS reports (forward path components naming the rule of each hop, or `ENI_SG_RULES_MISMATCH`).
///
/// The destination port may be a range (no `DestinationPort`, or a port-range filter): the lowest port both
/// sides admit is the path found. The allowed ports of a side are a union of rule ranges, so that port is the
/// range's start or some rule's `FromPort`; only those candidates are evaluated.
struct NetworkPathAnalyzer {
    static let mismatchCode = "ENI_SG_RULES_MISMATCH"

    let state: PolicyState
    let path: NetworkInsightsPath

    static func findings(for path: NetworkInsightsPath, in state: PolicyState) -> NetworkInsightsAnalysis.Findings {
        NetworkPathAnalyzer(state: state, path: path).findings()
    }

    func findings() -> NetworkInsightsAnalysis.Findings {
        guard let source = state.networkInterfaces[path.source] else {
            return .failed("The source \(path.source) no longer exists.")
        }
        var destination: NetworkInterface?
        if let id = path.destination {
            guard let found = state.networkInterfaces[id] else { return .failed("The destination \(id) no longer exists.") }
            destination = found
        }
        let sourceText = path.sourceIp ?? path.filterAtSource?.sourceAddress ?? path.filterAtDestination?.sourceAddress
        let destinationText =
            path.destinationIp ?? path.filterAtDestination?.destinationAddress ?? path.filterAtSource?.destinationAddress
        guard let sourceAddress = sourceText.flatMap(IPAddress.init) ?? source.primaryPrivateIpAddress.map(IPAddress.v4)
        else { return .failed("The source \(source.networkInterfaceId) has no IPv4 address.") }
        if destination == nil, let address = destinationText.flatMap(IPAddress.init),
            let id = state.interfaceId(address: address, inVpc: source.vpcId)
        {
            destination = state.networkInterfaces[id]
        }
        guard
            let destinationAddress = destinationText.flatMap(IPAddress.init)
                ?? destination?.primaryPrivateIpAddress.map(IPAddress.v4)
        else { return .failed("The destination has no IPv4 address.") }

        let protocolNumber: UInt8 = path.protocol == "udp" ? ProtocolNumber.udp : ProtocolNumber.tcp
        let ports: ClosedRange<Int> =
            path.destinationPort.map { $0...$0 }
            ?? (path.filterAtSource?.destinationPortRange ?? path.filterAtDestination?.destinationPortRange)?.bounds
            ?? 0...65_535
        let sourcePorts = (path.filterAtSource?.sourcePortRange ?? path.filterAtDestination?.sourcePortRange)?.bounds
            ?? 0...65_535
        let evaluator = Evaluator(state.snapshot(of: path.scope))

        func verdict(_ port: Int) -> Verdict {
            let packet: Packet =
                protocolNumber == ProtocolNumber.udp
                ? .udp(from: sourceAddress, to: destinationAddress, destinationPort: UInt16(port))
                : .tcp(from: sourceAddress, to: destinationAddress, destinationPort: UInt16(port))
            return evaluator.evaluate(
                packet, sourceInterfaceId: source.networkInterfaceId,
                destinationInterfaceId: destination?.networkInterfaceId)
        }

        var candidates: Set<Int> = [ports.lowerBound]
        for rule in state.securityGroupRules.values where rule.scope == path.scope {
            guard rule.ipProtocol == .all || rule.ipProtocol.number == Int(protocolNumber), let from = rule.fromPort,
                ports.contains(from)
            else { continue }
            candidates.insert(from)
        }
        var egressAllowsSome = false
        var firstVerdict: Verdict?
        for port in candidates.sorted() {
            let result = verdict(port)
            if firstVerdict == nil { firstVerdict = result }
            if result.isAllowed {
                return NetworkInsightsAnalysis.Findings(
                    networkPathFound: true,
                    forwardPathComponents: components(
                        result, source: source, destination: destination, port: port, sourcePorts: sourcePorts))
            }
            if result.source?.isAllowed ?? true {
                egressAllowsSome = true
                firstVerdict = result
            }
        }
        // Blame egress when it admits nothing in the range, else the destination's ingress.
        let dropped = firstVerdict.flatMap { egressAllowsSome ? ($0.destination ?? $0.droppedBy) : $0.droppedBy }
        guard let dropped, let interface = state.networkInterfaces[dropped.networkInterfaceId] else {
            return NetworkInsightsAnalysis.Findings(networkPathFound: false)
        }
        let explanation = NetworkInsightsAnalysis.Explanation(
            explanationCode: NetworkPathAnalyzer.mismatchCode, direction: dropped.direction,
            component: component(interface), networkInterface: component(interface),
            securityGroups: interface.groupIds.map(groupComponent), vpc: vpcComponent(interface.vpcId),
            subnet: subnetComponent(interface.subnetId), protocols: [path.protocol],
            portRanges: [.init(from: ports.lowerBound, to: ports.upperBound)])
        return NetworkInsightsAnalysis.Findings(networkPathFound: false, explanations: [explanation])
    }

    // MARK: Components

    private func components(
        _ verdict: Verdict, source: NetworkInterface, destination: NetworkInterface?, port: Int,
        sourcePorts: ClosedRange<Int>
    ) -> [NetworkInsightsAnalysis.PathComponent] {
        let header = NetworkInsightsAnalysis.PacketHeader(
            sourceAddresses: [verdict.packet.source.description],
            destinationAddresses: [verdict.packet.destination.description],
            sourcePortRanges: [.init(from: sourcePorts.lowerBound, to: sourcePorts.upperBound)],
            destinationPortRanges: [.init(from: port, to: port)], protocol: path.protocol)
        var result: [NetworkInsightsAnalysis.PathComponent] = []
        func append(_ component: NetworkInsightsAnalysis.PathComponent) {
            var component = component
            component.sequenceNumber = result.count + 1
            result.append(component)
        }
        append(.init(
            sequenceNumber: 0, component: component(source), vpc: vpcComponent(source.vpcId),
            subnet: subnetComponent(source.subnetId), outboundHeader: header))
        for side in [verdict.source, verdict.destination].compactMap({ $0 }) {
            guard let reference = side.matchedRules.first, let rule = state.securityGroupRules[reference.ruleId] else {
                continue
            }
            append(.init(
                sequenceNumber: 0, component: groupComponent(reference.groupId), vpc: vpcComponent(source.vpcId),
                securityGroupRule: analysisRule(rule)))
        }
        if let destination {
            append(.init(
                sequenceNumber: 0, component: component(destination), vpc: vpcComponent(destination.vpcId),
                subnet: subnetComponent(destination.subnetId), inboundHeader: header))
        }
        return result
    }

    private func analysisRule(_ rule: SecurityGroupRule) -> NetworkInsightsAnalysis.SecurityGroupRule {
        var result = NetworkInsightsAnalysis.SecurityGroupRule(
            direction: rule.direction,
            portRange: rule.ipProtocol == .all
                ? .init(from: 0, to: 65_535) : rule.fromPort.map { .init(from: $0, to: rule.toPort ?? $0) },
            protocol: rule.ipProtocol == .all ? "all" : rule.ipProtocol.wireValue)
        switch rule.peer {
        case .cidrIpv4(let cidr): result.cidr = cidr.description
        case .cidrIpv6(let cidr): result.cidr = cidr.description
        case .prefixList(let id): result.prefixListId = id
        case .securityGroup(let group): result.securityGroupId = group.groupId
        }
        return result
    }

    private func component(_ interface: NetworkInterface) -> NetworkInsightsAnalysis.Component {
        .init(
            id: interface.networkInterfaceId, arn: interface.scope.arn(.networkInterface, interface.networkInterfaceId),
            name: interface.tags[key: "Name"])
    }

    private func groupComponent(_ groupId: String) -> NetworkInsightsAnalysis.Component {
        let group = state.securityGroups[groupId]
        return .init(id: groupId, arn: group?.arn ?? path.scope.arn(.securityGroup, groupId), name: group?.groupName)
    }

    private func vpcComponent(_ vpcId: String) -> NetworkInsightsAnalysis.Component {
        .init(id: vpcId, arn: path.scope.arn(.vpc, vpcId), name: state.vpcs[vpcId]?.tags[key: "Name"])
    }

    private func subnetComponent(_ subnetId: String) -> NetworkInsightsAnalysis.Component {
        .init(id: subnetId, arn: path.scope.arn(.subnet, subnetId), name: state.subnets[subnetId]?.tags[key: "Name"])
    }
}
