public import PalisadeCore

/// Each VPC's main route table with its local route; Palisade models no other routing.
public struct DescribeRouteTables: EC2ReadAction {
    public static let name = "DescribeRouteTables"
    let ids: [String]
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("RouteTableId")
        filters = request.filters
        pagination = try Pagination(request, bounds: 5...100)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let filterSet = FilterSet(filters)
        try filterSet.validate {
            ["association.main", "association.route-table-association-id", "association.route-table-id",
             "association.subnet-id", "owner-id", "route-table-id", "vpc-id", "route.destination-cidr-block",
             "route.gateway-id", "route.origin", "route.state"].contains($0)
        }
        let vpcs = state.vpcIds(in: context.scope).compactMap { state.vpcs[$0] }
        for id in ids where !vpcs.contains(where: { $0.mainRouteTableId == id }) {
            throw PolicyError(.init("InvalidRouteTableID.NotFound"), "The routeTable ID '\(id)' does not exist")
        }
        let tables = vpcs.filter { vpc in
            (ids.isEmpty || ids.contains(vpc.mainRouteTableId))
                && filterSet.matches(tags: []) { filter in
                    switch filter {
                    case "association.main": ["true"]
                    case "association.route-table-id", "route-table-id": [vpc.mainRouteTableId]
                    case "association.route-table-association-id": [PolicyState.mainAssociationId(vpc)]
                    case "owner-id": [vpc.scope.accountId]
                    case "vpc-id": [vpc.vpcId]
                    case "route.destination-cidr-block": vpc.cidrBlockAssociations.map(\.cidrBlock)
                    case "route.gateway-id": ["local"]
                    case "route.origin": ["CreateRouteTable"]
                    case "route.state": ["active"]
                    default: []
                    }
                }
        }.sorted { $0.mainRouteTableId < $1.mainRouteTableId }
        let (page, token) = pagination.page(tables) { $0.mainRouteTableId }
        return EC2Result { writer in
            writer.list("routeTableSet", page) { writer, vpc in
                writer.element("routeTableId", vpc.mainRouteTableId)
                writer.element("vpcId", vpc.vpcId)
                writer.element("ownerId", vpc.scope.accountId)
                writer.list("routeSet", vpc.cidrBlockAssociations) { writer, association in
                    writer.element("destinationCidrBlock", association.cidrBlock)
                    writer.element("gatewayId", "local")
                    writer.element("state", "active")
                    writer.element("origin", "CreateRouteTable")
                }
                writer.list("associationSet", [vpc]) { writer, vpc in
                    writer.element("routeTableAssociationId", PolicyState.mainAssociationId(vpc))
                    writer.element("routeTableId", vpc.mainRouteTableId)
                    writer.element("main", true)
                    writer.element("associationState") { $0.element("state", "associated") }
                }
                writer.list("propagatingVgwSet", [String]()) { _, _ in }
                writer.list("tagSet", [String]()) { _, _ in }
            }
            writer.element("nextToken", token)
        }
    }
}

extension PolicyState {
    /// The main route table's association ID, derived from the table's so it is stable.
    static func mainAssociationId(_ vpc: Vpc) -> String { "rtbassoc-" + vpc.mainRouteTableId.dropFirst(4) }
}
