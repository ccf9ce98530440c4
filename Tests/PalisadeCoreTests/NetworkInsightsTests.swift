import Foundation
import PalisadeCore
import Testing

fileprivate typealias Tag = PalisadeCore.Tag

/// Reachability Analyzer paths and analyses in the control plane (the findings come from a stub here; the flow
/// engine's are tested in PalisadeServerTests).
struct NetworkInsightsTests {
    let scope = Scope(accountId: "123456789012", region: "us-east-1")

    struct Fixture {
        var state: PolicyState
        var web: NetworkInterface
        var database: NetworkInterface
    }

    func fixture() throws -> Fixture {
        var state = PolicyState(ids: .sequential())
        try write(&state) { state throws(PolicyError) in state.ensureScope(scope) }
        let vpcId = try #require(state.defaultVpcId(in: scope))
        let subnet = try #require(state.subnetIds(inVpc: vpcId).sorted().first)
        func eni(_ state: inout PolicyState) throws -> NetworkInterface {
            try write(&state) { state throws(PolicyError) in
                try state.createNetworkInterface(
                    scope: scope, subnetId: subnet, groupIds: [], description: nil, addresses: AddressRequest(),
                    connectionTracking: nil, interfaceType: nil, clientToken: nil, tags: [])
            }
        }
        let web = try eni(&state)
        let database = try eni(&state)
        return Fixture(state: state, web: web, database: database)
    }

    fileprivate func createPath(
        _ state: inout PolicyState, source: String, destination: String?, token: String = "token-1", port: Int? = 3306,
        protocol: String = "tcp", sourceIp: String? = nil, filterAtSource: NetworkInsightsPath.Filter? = nil,
        tags: [Tag] = []
    ) throws -> NetworkInsightsPath {
        try write(&state) { state throws(PolicyError) in
            try state.createNetworkInsightsPath(
                scope: scope, source: source, destination: destination, sourceIp: sourceIp, destinationIp: nil,
                protocol: `protocol`, destinationPort: port, filterAtSource: filterAtSource, filterAtDestination: nil,
                clientToken: token, tags: tags)
        }
    }

    static func stub(found: Bool) -> (NetworkInsightsPath, PolicyState) -> NetworkInsightsAnalysis.Findings {
        { _, _ in
            found
                ? NetworkInsightsAnalysis.Findings(networkPathFound: true)
                : NetworkInsightsAnalysis.Findings(
                    networkPathFound: false, explanations: [.init(explanationCode: "ENI_SG_RULES_MISMATCH", direction: .ingress)])
        }
    }

    fileprivate func start(
        _ state: inout PolicyState, _ pathId: String, token: String, found: Bool = true, tags: [Tag] = []
    ) throws -> NetworkInsightsAnalysis {
        try write(&state) { state throws(PolicyError) in
            try state.startNetworkInsightsAnalysis(
                scope: scope, pathId: pathId, additionalAccounts: [], filterInArns: [], filterOutArns: [],
                clientToken: token, tags: tags, analyze: Self.stub(found: found))
        }
    }

    @Test func createPathResolvesEndpointsAndIsIdempotent() throws {
        var f = try fixture()
        let arn = scope.arn(.networkInterface, f.database.networkInterfaceId)
        let path = try createPath(
            &f.state, source: f.web.networkInterfaceId, destination: arn, tags: [Tag(key: "Name", value: "web-db")])
        #expect(path.networkInsightsPathId.hasPrefix("nip-"))
        #expect(path.destination == f.database.networkInterfaceId)
        #expect(path.arn == "arn:aws:ec2:us-east-1:123456789012:network-insights-path/\(path.networkInsightsPathId)")
        #expect(path.arn(of: path.source) == scope.arn(.networkInterface, f.web.networkInterfaceId))
        let again = try createPath(
            &f.state, source: f.web.networkInterfaceId, destination: arn, tags: [Tag(key: "Name", value: "web-db")])
        #expect(again.networkInsightsPathId == path.networkInsightsPathId)
        #expect(f.state.networkInsightsPathIds(in: scope).count == 1)
        expectCode("IdempotentParameterMismatch") {
            _ = try createPath(&f.state, source: f.web.networkInterfaceId, destination: arn, port: 5432)
        }
    }

    @Test func createPathValidatesLikeAWS() throws {
        var f = try fixture()
        let web = f.web.networkInterfaceId
        let database = f.database.networkInterfaceId
        expectCode("InvalidParameterValue") { _ = try createPath(&f.state, source: web, destination: database, protocol: "icmp") }
        expectCode("InvalidParameterValue") { _ = try createPath(&f.state, source: web, destination: database, port: 70_000) }
        expectCode("InvalidParameterCombination") {
            _ = try createPath(
                &f.state, source: web, destination: database,
                filterAtSource: .init(destinationPortRange: .init(from: 1, to: 2)))
        }
        expectCode("MissingParameter") { _ = try createPath(&f.state, source: "", destination: database) }
        expectCode("MissingParameter") { _ = try createPath(&f.state, source: web, destination: nil) }
        expectCode("InvalidNetworkInterfaceID.NotFound") {
            _ = try createPath(&f.state, source: "eni-0123456789abcdef0", destination: database)
        }
        expectCode("InvalidParameterValue") { _ = try createPath(&f.state, source: "i-0123456789abcdef0", destination: database) }
        expectCode("InvalidParameterValue") {
            _ = try createPath(&f.state, source: web, destination: database, sourceIp: "192.0.2.1")
        }
        #expect(f.state.networkInsightsPathIds(in: scope).isEmpty)
        expectCode("InvalidNetworkInsightsPathId.Malformed") { _ = try f.state.networkInsightsPath("nip-xyz", in: scope) }
        expectCode("InvalidNetworkInsightsPathId.NotFound") {
            _ = try f.state.networkInsightsPath("nip-0123456789abcdef0", in: scope)
        }
    }

    @Test func analysesAreStoredIdempotentAndBlockPathDeletion() throws {
        var f = try fixture()
        let path = try createPath(&f.state, source: f.web.networkInterfaceId, destination: f.database.networkInterfaceId)
        let first = try start(&f.state, path.networkInsightsPathId, token: "a1")
        #expect(first.status == .succeeded)
        #expect(first.asStarted.status == .running && first.asStarted.findings.networkPathFound == nil)
        #expect(try start(&f.state, path.networkInsightsPathId, token: "a1").networkInsightsAnalysisId == first.networkInsightsAnalysisId)
        expectCode("IdempotentParameterMismatch") {
            _ = try write(&f.state) { state throws(PolicyError) in
                try state.startNetworkInsightsAnalysis(
                    scope: scope, pathId: path.networkInsightsPathId, additionalAccounts: [],
                    filterInArns: [scope.arn(.securityGroup, "sg-0123456789abcdef0")], filterOutArns: [], clientToken: "a1",
                    tags: [], analyze: Self.stub(found: true))
            }
        }
        let second = try start(&f.state, path.networkInsightsPathId, token: "a2", found: false)
        expectCode("AnalysisExistsForNetworkInsightsPath") {
            _ = try write(&f.state) { state throws(PolicyError) in
                try state.deleteNetworkInsightsPath(scope: scope, pathId: path.networkInsightsPathId)
            }
        }
        for analysis in [first, second] {
            _ = try write(&f.state) { state throws(PolicyError) in
                try state.deleteNetworkInsightsAnalysis(scope: scope, analysisId: analysis.networkInsightsAnalysisId)
            }
        }
        let deleted = try write(&f.state) { state throws(PolicyError) in
            try state.deleteNetworkInsightsPath(scope: scope, pathId: path.networkInsightsPathId)
        }
        #expect(deleted == path.networkInsightsPathId)
        #expect(f.state.networkInsightsPaths.isEmpty && f.state.networkInsightsAnalyses.isEmpty)
    }

    @Test func describeFiltersAndTimeBounds() throws {
        var f = try fixture()
        let path = try createPath(&f.state, source: f.web.networkInterfaceId, destination: f.database.networkInterfaceId)
        let found = try start(&f.state, path.networkInsightsPathId, token: "t1", found: true)
        let missing = try start(&f.state, path.networkInsightsPathId, token: "t2", found: false)
        func describe(_ filters: [DescribeFilter], start: Timestamp? = nil, end: Timestamp? = nil) throws -> [String] {
            try f.state.describeNetworkInsightsAnalyses(
                scope: scope, ids: [], pathId: path.networkInsightsPathId, startTime: start, endTime: end, filters: filters
            ).map(\.networkInsightsAnalysisId)
        }
        #expect(try describe([.init(name: "path-found", values: ["true"])]) == [found.networkInsightsAnalysisId])
        #expect(try describe([.init(name: "path-found", values: ["false"])]) == [missing.networkInsightsAnalysisId])
        #expect(try describe([.init(name: "status", values: ["succeeded"])]).count == 2)
        #expect(try describe([.init(name: "status", values: ["running"])]).isEmpty)
        #expect(try describe([], start: Timestamp(millisecondsSince1970: 1)).isEmpty)
        #expect(try describe([], end: Timestamp(millisecondsSince1970: 0)).count == 2)
        expectCode("InvalidParameterValue") { _ = try describe([.init(name: "bogus", values: ["x"])]) }
        let paths = try f.state.describeNetworkInsightsPaths(
            scope: scope, ids: [], filters: [.init(name: "source", values: [f.web.networkInterfaceId])])
        #expect(paths.map(\.networkInsightsPathId) == [path.networkInsightsPathId])
        #expect(try f.state.describeNetworkInsightsPaths(scope: scope, ids: [], filters: [.init(name: "protocol", values: ["udp"])]).isEmpty)
    }

    @Test func recordsPersistTagAndReset() throws {
        var f = try fixture()
        let path = try createPath(&f.state, source: f.web.networkInterfaceId, destination: f.database.networkInterfaceId)
        let analysis = try start(&f.state, path.networkInsightsPathId, token: "t1", found: false)
        try write(&f.state) { state throws(PolicyError) in
            try state.createTags(
                scope: scope, resourceIds: [path.networkInsightsPathId, analysis.networkInsightsAnalysisId],
                tags: [Tag(key: "team", value: "net")])
        }
        #expect(f.state.networkInsightsPaths[path.networkInsightsPathId]?.tags == [Tag(key: "team", value: "net")])
        // A full image, encoded and loaded again (what a store does), restores both records and their indexes.
        let records = f.state.allRecords
        let data = try JSONEncoder().encode(records)
        let decoded = try JSONDecoder().decode([PolicyRecord].self, from: data)
        var loaded = PolicyState(ids: .sequential(seed: 99))
        loaded.apply(decoded.map(PolicyChange.put), revision: 7)
        #expect(loaded.networkInsightsPaths == f.state.networkInsightsPaths)
        #expect(loaded.networkInsightsAnalyses == f.state.networkInsightsAnalyses)
        #expect(loaded.networkInsightsAnalysisIds(ofPath: path.networkInsightsPathId) == [analysis.networkInsightsAnalysisId])
        #expect(try start(&loaded, path.networkInsightsPathId, token: "t1", found: false).networkInsightsAnalysisId
            == analysis.networkInsightsAnalysisId)
        // A failing write rolls them back.
        loaded.beginWrite(at: Timestamp(millisecondsSince1970: 0))
        _ = try loaded.deleteNetworkInsightsAnalysis(scope: scope, analysisId: analysis.networkInsightsAnalysisId)
        loaded.rollbackWrite()
        #expect(loaded.networkInsightsAnalyses[analysis.networkInsightsAnalysisId] != nil)
        try write(&loaded) { state throws(PolicyError) in state.deleteEverything() }
        #expect(loaded.networkInsightsPaths.isEmpty && loaded.networkInsightsAnalyses.isEmpty)
        #expect(loaded.networkInsightsPathIds(in: scope).isEmpty)
    }
}
