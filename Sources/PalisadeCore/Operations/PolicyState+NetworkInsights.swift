/// Reachability Analyzer: paths and analyses (spec 3.24). The findings of an analysis come from the flow
/// engine, which Core does not know; ``startNetworkInsightsAnalysis(scope:pathId:additionalAccounts:filterInArns:filterOutArns:clientToken:tags:analyze:)``
/// takes them from a closure.
extension PolicyState {
    public func networkInsightsPath(_ id: String, in scope: Scope) throws(PolicyError) -> NetworkInsightsPath {
        try Validation.id(id, .networkInsightsPath)
        guard let path = networkInsightsPaths[id], path.scope == scope else {
            throw PolicyError(.invalidNetworkInsightsPathIdNotFound, "The NetworkInsightsPath ID '\(id)' does not exist")
        }
        return path
    }

    public func networkInsightsAnalysis(_ id: String, in scope: Scope) throws(PolicyError) -> NetworkInsightsAnalysis {
        try Validation.id(id, .networkInsightsAnalysis)
        guard let analysis = networkInsightsAnalyses[id], analysis.scope == scope else {
            throw PolicyError(
                .invalidNetworkInsightsAnalysisIdNotFound, "The NetworkInsightsAnalysis ID '\(id)' does not exist")
        }
        return analysis
    }

    /// The interface an endpoint names: an `eni-` ID or its ARN in this account and region.
    private func pathEndpoint(_ text: String, parameter: String, in scope: Scope) throws(PolicyError) -> NetworkInterface {
        var id = text
        if text.hasPrefix("arn:") {
            let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "ec2", let slash = parts[5].firstIndex(of: "/") else {
                throw .invalidValue("The ARN '\(text)' for parameter \(parameter) is invalid.")
            }
            guard parts[3] == scope.region, parts[4] == scope.accountId else {
                throw .invalidValue(
                    "The resource '\(text)' is not in this account and Region; Palisade analyzes one account and Region.")
            }
            id = String(parts[5][parts[5].index(after: slash)...])
        }
        guard ResourceKind.of(id: id) == .networkInterface else {
            throw .invalidValue(
                "The \(parameter) '\(text)' is not supported: Palisade analyzes the security-group part of paths between network interfaces.")
        }
        return try networkInterface(id, in: scope)
    }

    private static func checkAddress(_ text: String?, _ parameter: String) throws(PolicyError) {
        guard let text else { return }
        guard text.count <= 15, IPv4Address(text) != nil else {
            throw .invalidValue("The value '\(text)' for parameter \(parameter) is not a valid IPv4 address.")
        }
    }

    private static func checkFilter(_ filter: NetworkInsightsPath.Filter?, _ parameter: String) throws(PolicyError) {
        guard let filter else { return }
        try checkAddress(filter.sourceAddress, "\(parameter).SourceAddress")
        try checkAddress(filter.destinationAddress, "\(parameter).DestinationAddress")
        for (range, name) in [(filter.sourcePortRange, "SourcePortRange"), (filter.destinationPortRange, "DestinationPortRange")] {
            for port in [range?.from, range?.to].compactMap({ $0 }) where !(0...65_535).contains(port) {
                throw .invalidValue("The port \(port) for parameter \(parameter).\(name) is invalid. Ports are 0-65535.")
            }
        }
    }

    /// CreateNetworkInsightsPath.
    public mutating func createNetworkInsightsPath(
        scope: Scope, source: String?, destination: String?, sourceIp: String?, destinationIp: String?,
        protocol: String?, destinationPort: Int?, filterAtSource: NetworkInsightsPath.Filter?,
        filterAtDestination: NetworkInsightsPath.Filter?, clientToken: String?, tags: [Tag]
    ) throws(PolicyError) -> NetworkInsightsPath {
        guard let source, !source.isEmpty else { throw .missing("Source") }
        guard let `protocol` else { throw .missing("Protocol") }
        guard let clientToken, !clientToken.isEmpty else { throw .missing("ClientToken") }
        if clientToken.count > 255 { throw .invalidValue("The client token must be at most 255 characters.") }
        guard `protocol` == "tcp" || `protocol` == "udp" else {
            throw .invalidValue("The value '\(`protocol`)' for parameter Protocol is invalid. Valid values: tcp, udp.")
        }
        if let destinationPort, !(0...65_535).contains(destinationPort) {
            throw .invalidValue("The value '\(destinationPort)' for parameter DestinationPort is invalid. Ports are 0-65535.")
        }
        let filterAtSource = filterAtSource?.isEmpty == true ? nil : filterAtSource
        let filterAtDestination = filterAtDestination?.isEmpty == true ? nil : filterAtDestination
        if filterAtSource != nil && (sourceIp != nil || destinationPort != nil) {
            throw PolicyError(
                .invalidParameterCombination, "FilterAtSource cannot be specified with SourceIp or DestinationPort.")
        }
        if filterAtDestination != nil && destinationIp != nil {
            throw PolicyError(.invalidParameterCombination, "FilterAtDestination cannot be specified with DestinationIp.")
        }
        try PolicyState.checkAddress(sourceIp, "SourceIp")
        try PolicyState.checkAddress(destinationIp, "DestinationIp")
        try PolicyState.checkFilter(filterAtSource, "FilterAtSource")
        try PolicyState.checkFilter(filterAtDestination, "FilterAtDestination")
        try Validation.tags(tags)

        let sourceInterface = try pathEndpoint(source, parameter: "Source", in: scope)
        var destinationId: String?
        if let destination, !destination.isEmpty {
            let destinationInterface = try pathEndpoint(destination, parameter: "Destination", in: scope)
            guard destinationInterface.vpcId == sourceInterface.vpcId else {
                throw .invalidValue(
                    "The source and destination must be in the same VPC (\(sourceInterface.vpcId), \(destinationInterface.vpcId)).")
            }
            destinationId = destinationInterface.networkInterfaceId
        } else if destinationIp == nil && filterAtDestination?.destinationAddress == nil {
            throw .missing("Destination")
        }
        if let sourceIp, let address = IPAddress(sourceIp), !sourceInterface.privateAddresses.contains(address) {
            throw .invalidValue("The source IP address \(sourceIp) does not belong to \(sourceInterface.networkInterfaceId).")
        }

        let path = NetworkInsightsPath(
            networkInsightsPathId: ids.make(.networkInsightsPath), scope: scope, createdDate: now,
            source: sourceInterface.networkInterfaceId, destination: destinationId, sourceIp: sourceIp,
            destinationIp: destinationIp, protocol: `protocol`, destinationPort: destinationPort,
            filterAtSource: filterAtSource, filterAtDestination: filterAtDestination, clientToken: clientToken, tags: tags)
        if let existingId = insightsPathByClientToken["\(scope)|\(clientToken)"], let existing = networkInsightsPaths[existingId] {
            guard existing.sameRequest(as: path) else {
                throw PolicyError(
                    .idempotentParameterMismatch,
                    "The client token '\(clientToken)' was already used with different parameters.")
            }
            return existing
        }
        put(.networkInsightsPath(path))
        return path
    }

    static let networkInsightsPathFilters: Set<String> = [
        "destination", "source", "protocol", "filter-at-source.source-address", "filter-at-source.source-port-range",
        "filter-at-source.destination-address", "filter-at-source.destination-port-range",
        "filter-at-destination.source-address", "filter-at-destination.source-port-range",
        "filter-at-destination.destination-address", "filter-at-destination.destination-port-range", "tag-key",
        "tag-value",
    ]

    static func filterValues(_ path: NetworkInsightsPath, _ name: String) -> [String] {
        func range(_ range: NetworkInsightsPath.PortRange?) -> [String] {
            guard let range else { return [] }
            let bounds = range.bounds
            return bounds.lowerBound == bounds.upperBound ? ["\(bounds.lowerBound)"] : ["\(bounds.lowerBound)-\(bounds.upperBound)"]
        }
        switch name {
        case "destination": return [path.destination, path.arn(of: path.destination)].compactMap { $0 }
        case "source": return [path.source, path.arn(of: path.source)].compactMap { $0 }
        case "protocol": return [path.protocol]
        case "filter-at-source.source-address": return [path.filterAtSource?.sourceAddress].compactMap { $0 }
        case "filter-at-source.source-port-range": return range(path.filterAtSource?.sourcePortRange)
        case "filter-at-source.destination-address": return [path.filterAtSource?.destinationAddress].compactMap { $0 }
        case "filter-at-source.destination-port-range": return range(path.filterAtSource?.destinationPortRange)
        case "filter-at-destination.source-address": return [path.filterAtDestination?.sourceAddress].compactMap { $0 }
        case "filter-at-destination.source-port-range": return range(path.filterAtDestination?.sourcePortRange)
        case "filter-at-destination.destination-address":
            return [path.filterAtDestination?.destinationAddress].compactMap { $0 }
        case "filter-at-destination.destination-port-range": return range(path.filterAtDestination?.destinationPortRange)
        default: return []
        }
    }

    /// DescribeNetworkInsightsPaths: by ID or every path of the scope, filtered, sorted by ID.
    public func describeNetworkInsightsPaths(
        scope: Scope, ids: [String], filters: [DescribeFilter]
    ) throws(PolicyError) -> [NetworkInsightsPath] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { PolicyState.networkInsightsPathFilters.contains($0) }
        var candidates: [NetworkInsightsPath] = []
        if ids.isEmpty {
            candidates = networkInsightsPathIds(in: scope).sorted().compactMap { networkInsightsPaths[$0] }
        } else {
            for id in Set(ids).sorted() { candidates.append(try networkInsightsPath(id, in: scope)) }
        }
        return candidates.filter { path in filterSet.matches(tags: path.tags) { PolicyState.filterValues(path, $0) } }
    }

    /// DeleteNetworkInsightsPath: refused while analyses of the path exist, as AWS does.
    public mutating func deleteNetworkInsightsPath(scope: Scope, pathId: String?) throws(PolicyError) -> String {
        guard let pathId, !pathId.isEmpty else { throw .missing("NetworkInsightsPathId") }
        let path = try networkInsightsPath(pathId, in: scope)
        let analyses = networkInsightsAnalysisIds(ofPath: path.networkInsightsPathId)
        guard analyses.isEmpty else {
            throw PolicyError(
                .init("AnalysisExistsForNetworkInsightsPath"),
                "At least one analysis [\(analyses.sorted().joined(separator: ", "))] exists for path \(path.networkInsightsPathId). "
                    + "Delete all the analyses before deleting this network path.")
        }
        delete(PolicyRecordKey(kind: .networkInsightsPath, id: path.networkInsightsPathId))
        return path.networkInsightsPathId
    }

    /// StartNetworkInsightsAnalysis: analyzes the path now and stores the outcome.
    /// - Parameters:
    ///   - analyze: Computes the findings for the path against this state (the flow engine's job).
    /// - Returns: The stored analysis; a retried `clientToken` returns the first one.
    /// - Throws: `MissingParameter`, the path's NotFound, `IdempotentParameterMismatch`.
    public mutating func startNetworkInsightsAnalysis(
        scope: Scope, pathId: String?, additionalAccounts: [String], filterInArns: [String], filterOutArns: [String],
        clientToken: String?, tags: [Tag], analyze: (NetworkInsightsPath, PolicyState) -> NetworkInsightsAnalysis.Findings
    ) throws(PolicyError) -> NetworkInsightsAnalysis {
        guard let pathId, !pathId.isEmpty else { throw .missing("NetworkInsightsPathId") }
        guard let clientToken, !clientToken.isEmpty else { throw .missing("ClientToken") }
        if clientToken.count > 255 { throw .invalidValue("The client token must be at most 255 characters.") }
        try Validation.tags(tags)
        let path = try networkInsightsPath(pathId, in: scope)
        if let existingId = insightsAnalysisByClientToken["\(scope)|\(clientToken)"],
            let existing = networkInsightsAnalyses[existingId]
        {
            guard existing.networkInsightsPathId == path.networkInsightsPathId,
                existing.additionalAccounts == additionalAccounts, existing.filterInArns == filterInArns,
                existing.filterOutArns == filterOutArns
            else {
                throw PolicyError(
                    .idempotentParameterMismatch,
                    "The client token '\(clientToken)' was already used with different parameters.")
            }
            return existing
        }
        for account in additionalAccounts where account != scope.accountId {
            throw .invalidValue("The account \(account) is not reachable: Palisade analyzes one account.")
        }
        let analysis = NetworkInsightsAnalysis(
            networkInsightsAnalysisId: ids.make(.networkInsightsAnalysis), scope: scope,
            networkInsightsPathId: path.networkInsightsPathId, startDate: now, additionalAccounts: additionalAccounts,
            filterInArns: filterInArns, filterOutArns: filterOutArns, findings: analyze(path, self),
            clientToken: clientToken, tags: tags)
        put(.networkInsightsAnalysis(analysis))
        return analysis
    }

    /// DescribeNetworkInsightsAnalyses: by IDs, or by path, or all of the scope; filters `path-found` and `status`;
    /// `startTime`/`endTime` bound the start date.
    public func describeNetworkInsightsAnalyses(
        scope: Scope, ids: [String], pathId: String?, startTime: Timestamp?, endTime: Timestamp?,
        filters: [DescribeFilter]
    ) throws(PolicyError) -> [NetworkInsightsAnalysis] {
        let filterSet = FilterSet(filters)
        try filterSet.validate { ["path-found", "status", "tag-key", "tag-value"].contains($0) }
        var candidates: [NetworkInsightsAnalysis] = []
        if !ids.isEmpty {
            for id in Set(ids).sorted() { candidates.append(try networkInsightsAnalysis(id, in: scope)) }
        } else if let pathId {
            let path = try networkInsightsPath(pathId, in: scope)
            candidates = networkInsightsAnalysisIds(ofPath: path.networkInsightsPathId).sorted()
                .compactMap { networkInsightsAnalyses[$0] }
        } else {
            candidates = networkInsightsPathIds(in: scope).flatMap { networkInsightsAnalysisIds(ofPath: $0) }.sorted()
                .compactMap { networkInsightsAnalyses[$0] }
        }
        return candidates.filter { analysis in
            if let pathId, analysis.networkInsightsPathId != pathId { return false }
            if let startTime, analysis.startDate < startTime { return false }
            if let endTime, analysis.startDate > endTime { return false }
            return filterSet.matches(tags: analysis.tags) { name in
                switch name {
                case "path-found": analysis.findings.networkPathFound.map { [$0 ? "true" : "false"] } ?? []
                case "status": [analysis.status.rawValue]
                default: []
                }
            }
        }
    }

    /// DeleteNetworkInsightsAnalysis.
    public mutating func deleteNetworkInsightsAnalysis(scope: Scope, analysisId: String?) throws(PolicyError) -> String {
        guard let analysisId, !analysisId.isEmpty else { throw .missing("NetworkInsightsAnalysisId") }
        let analysis = try networkInsightsAnalysis(analysisId, in: scope)
        delete(PolicyRecordKey(kind: .networkInsightsAnalysis, id: analysis.networkInsightsAnalysisId))
        return analysis.networkInsightsAnalysisId
    }
}
