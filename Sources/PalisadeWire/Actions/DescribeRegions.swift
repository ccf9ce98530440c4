public import PalisadeCore

public struct DescribeRegions: EC2ReadAction {
    public static let name = "DescribeRegions"
    let names: [String]
    let filters: [DescribeFilter]

    public init(_ request: QueryRequest) throws(PolicyError) {
        names = request.list("RegionName")
        filters = request.filters
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let filterSet = FilterSet(filters)
        try filterSet.validate { ["endpoint", "region-name", "opt-in-status"].contains($0) }
        for name in names where !RegionCatalog.regions.contains(name) {
            throw PolicyError(.init("InvalidParameterValue"), "Invalid region: \(name)")
        }
        let regions = RegionCatalog.regions.filter { region in
            (names.isEmpty || names.contains(region))
                && filterSet.matches(tags: []) { filter in
                    switch filter {
                    case "endpoint": ["ec2.\(region).amazonaws.com"]
                    case "region-name": [region]
                    default: ["opt-in-not-required"]
                    }
                }
        }
        return EC2Result { writer in
            writer.list("regionInfo", regions) { writer, region in
                writer.element("regionName", region)
                writer.element("regionEndpoint", "ec2.\(region).amazonaws.com")
                writer.element("optInStatus", "opt-in-not-required")
            }
        }
    }
}
