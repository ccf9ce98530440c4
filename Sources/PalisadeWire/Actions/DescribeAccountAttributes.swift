public import PalisadeCore

public struct DescribeAccountAttributes: EC2ReadAction {
    public static let name = "DescribeAccountAttributes"
    let names: [String]

    public init(_ request: QueryRequest) throws(PolicyError) { names = request.list("AttributeName") }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let defaultVpc = state.defaultVpcId(in: context.scope) ?? "none"
        let quotas = state.quotas
        let all: [(String, [String])] = [
            ("supported-platforms", ["VPC"]),
            ("default-vpc", [defaultVpc]),
            ("max-instances", ["20"]),
            ("vpc-max-security-groups-per-interface", [String(quotas.securityGroupsPerNetworkInterface)]),
            ("max-elastic-ips", ["5"]),
            ("vpc-max-elastic-ips", ["5"]),
        ]
        for name in names where !all.contains(where: { $0.0 == name }) {
            throw .invalidValue("Value (\(name)) for parameter attributeName is invalid.")
        }
        let selected = names.isEmpty ? all : all.filter { names.contains($0.0) }
        return EC2Result { writer in
            writer.list("accountAttributeSet", selected) { writer, attribute in
                writer.element("attributeName", attribute.0)
                writer.list("attributeValueSet", attribute.1) { $0.element("attributeValue", $1) }
            }
        }
    }
}
