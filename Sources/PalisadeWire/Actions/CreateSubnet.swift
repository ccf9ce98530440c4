public import PalisadeCore

public struct CreateSubnet: EC2WriteAction {
    public static let name = "CreateSubnet"
    let vpcId: String
    let cidrBlock: String?
    let ipv6CidrBlock: String?
    let availabilityZone: String?
    let availabilityZoneId: String?
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        vpcId = try request.requiredString("VpcId")
        cidrBlock = request["CidrBlock"]
        ipv6CidrBlock = request["Ipv6CidrBlock"]
        availabilityZone = request["AvailabilityZone"]
        availabilityZoneId = request["AvailabilityZoneId"]
        tags = try request.tags(for: "subnet")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let subnet = try state.createSubnet(
            scope: context.scope, vpcId: vpcId, cidrBlock: cidrBlock, ipv6CidrBlock: ipv6CidrBlock,
            availabilityZone: availabilityZone, availabilityZoneId: availabilityZoneId, tags: tags)
        let available = state.availableIpAddressCount(subnet)
        return EC2Result { writer in writer.element("subnet") { $0.subnet(subnet, availableIpAddressCount: available) } }
    }
}
