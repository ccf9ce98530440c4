public import PalisadeCore

public struct DescribeAvailabilityZones: EC2ReadAction {
    public static let name = "DescribeAvailabilityZones"
    let names: [String]
    let zoneIds: [String]
    let filters: [DescribeFilter]

    public init(_ request: QueryRequest) throws(PolicyError) {
        names = request.list("ZoneName")
        zoneIds = request.list("ZoneId")
        filters = request.filters
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let filterSet = FilterSet(filters)
        try filterSet.validate {
            ["group-name", "message", "opt-in-status", "region-name", "state", "zone-id", "zone-name", "zone-type",
             "group-long-name", "parent-zone-id", "parent-zone-name"].contains($0)
        }
        let region = context.scope.region
        let all = RegionCatalog.zones(of: region)
        for name in names where !all.contains(where: { $0.name == name }) {
            throw .invalidValue("The availability zone '\(name)' does not exist.")
        }
        for id in zoneIds where !all.contains(where: { $0.zoneId == id }) {
            throw .invalidValue("The availability zone ID '\(id)' does not exist.")
        }
        let zones = all.filter { zone in
            (names.isEmpty || names.contains(zone.name)) && (zoneIds.isEmpty || zoneIds.contains(zone.zoneId))
                && filterSet.matches(tags: []) { filter in
                    switch filter {
                    case "zone-name": [zone.name]
                    case "zone-id": [zone.zoneId]
                    case "region-name": [region]
                    case "state": ["available"]
                    case "zone-type": ["availability-zone"]
                    case "group-name": [region]
                    case "opt-in-status": ["opt-in-not-required"]
                    default: []
                    }
                }
        }
        return EC2Result { writer in
            writer.list("availabilityZoneInfo", zones) { writer, zone in
                writer.element("optInStatus", "opt-in-not-required")
                writer.list("messageSet", [String]()) { _, _ in }
                writer.element("regionName", region)
                writer.element("zoneName", zone.name)
                writer.element("zoneId", zone.zoneId)
                writer.element("groupName", region)
                writer.element("networkBorderGroup", region)
                writer.element("zoneType", "availability-zone")
                writer.element("zoneState", "available")
            }
        }
    }
}
