public import PalisadeCore

/// Reachability Analyzer shapes, with botocore's element names (`NetworkInsightsPath`, `NetworkInsightsAnalysis`,
/// `PathComponent`, `Explanation`, `AnalysisComponent`, `AnalysisSecurityGroupRule`, `AnalysisPacketHeader`).
extension XMLWriter {
    public mutating func networkInsightsPath(_ path: NetworkInsightsPath) {
        element("networkInsightsPathId", path.networkInsightsPathId)
        element("networkInsightsPathArn", path.arn)
        element("createdDate", path.createdDate.iso8601)
        element("source", path.source)
        element("destination", path.destination)
        element("sourceArn", path.arn(of: path.source))
        element("destinationArn", path.arn(of: path.destination))
        element("sourceIp", path.sourceIp)
        element("destinationIp", path.destinationIp)
        element("protocol", path.protocol)
        element("destinationPort", path.destinationPort)
        tagSet(path.tags)
        if let filter = path.filterAtSource { element("filterAtSource") { $0.pathFilter(filter) } }
        if let filter = path.filterAtDestination { element("filterAtDestination") { $0.pathFilter(filter) } }
    }

    mutating func pathFilter(_ filter: NetworkInsightsPath.Filter) {
        element("sourceAddress", filter.sourceAddress)
        if let range = filter.sourcePortRange {
            element("sourcePortRange") { writer in
                writer.element("fromPort", range.from)
                writer.element("toPort", range.to)
            }
        }
        element("destinationAddress", filter.destinationAddress)
        if let range = filter.destinationPortRange {
            element("destinationPortRange") { writer in
                writer.element("fromPort", range.from)
                writer.element("toPort", range.to)
            }
        }
    }

    public mutating func networkInsightsAnalysis(_ analysis: NetworkInsightsAnalysis) {
        element("networkInsightsAnalysisId", analysis.networkInsightsAnalysisId)
        element("networkInsightsAnalysisArn", analysis.arn)
        element("networkInsightsPathId", analysis.networkInsightsPathId)
        list("additionalAccountSet", analysis.additionalAccounts) { $0.escape($1) }
        list("filterInArnSet", analysis.filterInArns) { $0.escape($1) }
        list("filterOutArnSet", analysis.filterOutArns) { $0.escape($1) }
        element("startDate", analysis.startDate.iso8601)
        let findings = analysis.findings
        element("status", findings.status.rawValue)
        element("statusMessage", findings.statusMessage)
        element("networkPathFound", findings.networkPathFound)
        if findings.status == .succeeded {
            list("forwardPathComponentSet", findings.forwardPathComponents) { $0.pathComponent($1) }
            list("explanationSet", findings.explanations) { $0.explanation($1) }
        }
        tagSet(analysis.tags)
    }

    mutating func analysisComponent(_ name: String, _ component: NetworkInsightsAnalysis.Component?) {
        guard let component else { return }
        element(name) { writer in
            writer.element("id", component.id)
            writer.element("arn", component.arn)
            writer.element("name", component.name)
        }
    }

    mutating func portRange(_ range: NetworkInsightsPath.PortRange) {
        element("from", range.from)
        element("to", range.to)
    }

    mutating func packetHeader(_ name: String, _ header: NetworkInsightsAnalysis.PacketHeader?) {
        guard let header else { return }
        element(name) { writer in
            writer.list("destinationAddressSet", header.destinationAddresses) { $0.escape($1) }
            writer.list("destinationPortRangeSet", header.destinationPortRanges) { $0.portRange($1) }
            writer.element("protocol", header.protocol)
            writer.list("sourceAddressSet", header.sourceAddresses) { $0.escape($1) }
            writer.list("sourcePortRangeSet", header.sourcePortRanges) { $0.portRange($1) }
        }
    }

    mutating func pathComponent(_ component: NetworkInsightsAnalysis.PathComponent) {
        element("sequenceNumber", component.sequenceNumber)
        analysisComponent("component", component.component)
        packetHeader("outboundHeader", component.outboundHeader)
        packetHeader("inboundHeader", component.inboundHeader)
        if let rule = component.securityGroupRule {
            element("securityGroupRule") { writer in
                writer.element("cidr", rule.cidr)
                writer.element("direction", rule.direction.rawValue)
                writer.element("securityGroupId", rule.securityGroupId)
                if let range = rule.portRange { writer.element("portRange") { $0.portRange(range) } }
                writer.element("prefixListId", rule.prefixListId)
                writer.element("protocol", rule.protocol)
            }
        }
        analysisComponent("subnet", component.subnet)
        analysisComponent("vpc", component.vpc)
    }

    mutating func explanation(_ explanation: NetworkInsightsAnalysis.Explanation) {
        if !explanation.addresses.isEmpty { list("addressSet", explanation.addresses) { $0.escape($1) } }
        analysisComponent("component", explanation.component)
        element("direction", explanation.direction?.rawValue)
        element("explanationCode", explanation.explanationCode)
        analysisComponent("networkInterface", explanation.networkInterface)
        if !explanation.portRanges.isEmpty { list("portRangeSet", explanation.portRanges) { $0.portRange($1) } }
        if !explanation.protocols.isEmpty { list("protocolSet", explanation.protocols) { $0.escape($1) } }
        if !explanation.securityGroups.isEmpty {
            list("securityGroupSet", explanation.securityGroups) { writer, group in
                writer.element("id", group.id)
                writer.element("arn", group.arn)
                writer.element("name", group.name)
            }
        }
        analysisComponent("subnet", explanation.subnet)
        analysisComponent("vpc", explanation.vpc)
    }
}
