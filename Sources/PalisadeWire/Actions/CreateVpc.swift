public import PalisadeCore

public struct CreateVpc: EC2WriteAction {
    public static let name = "CreateVpc"
    let cidrBlock: String?
    let amazonProvidedIpv6CidrBlock: Bool
    let instanceTenancy: String?
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        cidrBlock = request["CidrBlock"]
        amazonProvidedIpv6CidrBlock = try request.bool("AmazonProvidedIpv6CidrBlock") ?? false
        instanceTenancy = request["InstanceTenancy"]
        tags = try request.tags(for: "vpc")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let vpc = try state.createVpc(
            scope: context.scope, cidrBlock: cidrBlock, amazonProvidedIpv6CidrBlock: amazonProvidedIpv6CidrBlock,
            instanceTenancy: instanceTenancy, tags: tags)
        return EC2Result { writer in writer.element("vpc") { $0.vpc(vpc) } }
    }
}
