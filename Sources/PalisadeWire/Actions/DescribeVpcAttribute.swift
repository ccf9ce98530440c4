public import PalisadeCore

public struct DescribeVpcAttribute: EC2ReadAction {
    public static let name = "DescribeVpcAttribute"
    let vpcId: String
    let attribute: String

    public init(_ request: QueryRequest) throws(PolicyError) {
        vpcId = try request.requiredString("VpcId")
        attribute = try request.requiredString("Attribute")
        guard ["enableDnsSupport", "enableDnsHostnames", "enableNetworkAddressUsageMetrics"].contains(attribute) else {
            throw .invalidValue("Value (\(attribute)) for parameter attribute is invalid. Unknown attribute.")
        }
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let vpc = try state.vpc(vpcId, in: context.scope)
        let value =
            switch attribute {
            case "enableDnsSupport": vpc.enableDnsSupport
            case "enableDnsHostnames": vpc.enableDnsHostnames
            default: vpc.enableNetworkAddressUsageMetrics
            }
        let name = attribute
        return EC2Result { writer in
            writer.element("vpcId", vpc.vpcId)
            writer.element(name) { $0.element("value", value) }
        }
    }
}
