public import PalisadeCore

public struct ModifyVpcAttribute: EC2WriteAction {
    public static let name = "ModifyVpcAttribute"
    let vpcId: String
    let enableDnsSupport: Bool?
    let enableDnsHostnames: Bool?
    let enableNetworkAddressUsageMetrics: Bool?

    public init(_ request: QueryRequest) throws(PolicyError) {
        vpcId = try request.requiredString("VpcId")
        enableDnsSupport = try request.bool("EnableDnsSupport.Value")
        enableDnsHostnames = try request.bool("EnableDnsHostnames.Value")
        enableNetworkAddressUsageMetrics = try request.bool("EnableNetworkAddressUsageMetrics.Value")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        try state.modifyVpcAttribute(
            vpcId, scope: context.scope, enableDnsSupport: enableDnsSupport, enableDnsHostnames: enableDnsHostnames,
            enableNetworkAddressUsageMetrics: enableNetworkAddressUsageMetrics)
        return .returnTrue
    }
}
