public import PalisadeCore

/// ModifySubnetAttribute, which Terraform's `aws_subnet` calls for `map_public_ip_on_launch` and the DNS options.
public struct ModifySubnetAttribute: EC2WriteAction {
    public static let name = "ModifySubnetAttribute"
    let subnetId: String
    let mapPublicIpOnLaunch: Bool?
    let assignIpv6AddressOnCreation: Bool?
    let enableDns64: Bool?
    let privateDnsHostnameTypeOnLaunch: String?
    let enableResourceNameDnsARecordOnLaunch: Bool?
    let enableResourceNameDnsAAAARecordOnLaunch: Bool?

    public init(_ request: QueryRequest) throws(PolicyError) {
        subnetId = try request.requiredString("SubnetId")
        mapPublicIpOnLaunch = try request.bool("MapPublicIpOnLaunch.Value")
        assignIpv6AddressOnCreation = try request.bool("AssignIpv6AddressOnCreation.Value")
        enableDns64 = try request.bool("EnableDns64.Value")
        privateDnsHostnameTypeOnLaunch = request["PrivateDnsHostnameTypeOnLaunch"]
        enableResourceNameDnsARecordOnLaunch = try request.bool("EnableResourceNameDnsARecordOnLaunch.Value")
        enableResourceNameDnsAAAARecordOnLaunch = try request.bool("EnableResourceNameDnsAAAARecordOnLaunch.Value")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.modifySubnetAttribute(
            subnetId, scope: context.scope, mapPublicIpOnLaunch: mapPublicIpOnLaunch,
            assignIpv6AddressOnCreation: assignIpv6AddressOnCreation, enableDns64: enableDns64,
            privateDnsHostnameTypeOnLaunch: privateDnsHostnameTypeOnLaunch,
            enableResourceNameDnsARecordOnLaunch: enableResourceNameDnsARecordOnLaunch,
            enableResourceNameDnsAAAARecordOnLaunch: enableResourceNameDnsAAAARecordOnLaunch)
        return .returnTrue
    }
}
