public import PalisadeCore

/// Groups of a VPC with rules that reference groups that no longer exist. Same-VPC references cannot go
/// stale (deletion is refused while referenced), so only references to deleted groups elsewhere show.
public struct DescribeStaleSecurityGroups: EC2ReadAction {
    public static let name = "DescribeStaleSecurityGroups"
    let vpcId: String
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        vpcId = try request.requiredString("VpcId")
        pagination = try Pagination(request, bounds: 5...255)
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        _ = try state.vpc(vpcId, in: context.scope)
        var stale: [(SecurityGroup, [SecurityGroupRule])] = []
        for id in state.groupIds(inVpc: vpcId).sorted() {
            guard let group = state.securityGroups[id] else { continue }
            let rules = state.rules(of: id).filter { rule in
                guard let referenced = rule.peer.referencedGroupId else { return false }
                return state.securityGroups[referenced] == nil
            }
            if !rules.isEmpty { stale.append((group, rules)) }
        }
        let (page, token) = pagination.page(stale) { $0.0.groupId }
        return EC2Result { writer in
            writer.list("staleSecurityGroupSet", page) { writer, entry in
                let (group, rules) = entry
                writer.element("description", group.description)
                writer.element("groupId", group.groupId)
                writer.element("groupName", group.groupName)
                writer.element("vpcId", group.vpcId)
                for (name, egress) in [("staleIpPermissions", false), ("staleIpPermissionsEgress", true)] {
                    writer.list(name, rules.filter { $0.isEgress == egress }) { writer, rule in
                        writer.element("fromPort", rule.fromPort)
                        writer.element("ipProtocol", rule.ipProtocol.wireValue)
                        writer.element("toPort", rule.toPort)
                        writer.list("groups", [rule]) { writer, rule in
                            writer.element("groupId", rule.peer.referencedGroupId)
                            writer.element("description", rule.description)
                        }
                    }
                }
            }
            writer.element("nextToken", token)
        }
    }
}
