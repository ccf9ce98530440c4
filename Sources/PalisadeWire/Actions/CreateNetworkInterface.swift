public import PalisadeCore

public struct CreateNetworkInterface: EC2WriteAction {
    public static let name = "CreateNetworkInterface"
    let subnetId: String?
    let groupIds: [String]
    let description: String?
    let addresses: AddressRequest
    let connectionTracking: ConnectionTrackingConfiguration?
    let interfaceType: String?
    let clientToken: String?
    let tags: [Tag]

    public init(_ request: QueryRequest) throws(PolicyError) {
        subnetId = request["SubnetId"]
        groupIds = request.list("SecurityGroupId")
        description = request["Description"]
        var privateIps: [(String, Bool)] = []
        for item in request.structures("PrivateIpAddresses") {
            guard let address = item["PrivateIpAddress"] else { throw .missing("PrivateIpAddress") }
            privateIps.append((address, try item.bool("Primary") ?? false))
        }
        addresses = AddressRequest(
            primaryPrivateIpAddress: request["PrivateIpAddress"], privateIpAddresses: privateIps,
            secondaryPrivateIpAddressCount: try request.int("SecondaryPrivateIpAddressCount"),
            ipv6Addresses: request.structures("Ipv6Addresses").compactMap { $0["Ipv6Address"] },
            ipv6AddressCount: try request.int("Ipv6AddressCount"))
        connectionTracking = try request.connectionTracking()
        interfaceType = request["InterfaceType"]
        clientToken = request["ClientToken"]
        tags = try request.tags(for: "network-interface")
    }

    public func perform(_ state: inout PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let eni = try state.createNetworkInterface(
            scope: context.scope, subnetId: subnetId, groupIds: groupIds, description: description,
            addresses: addresses, connectionTracking: connectionTracking, interfaceType: interfaceType,
            clientToken: clientToken, tags: tags)
        let names = state.groupNames(eni.groupIds)
        let zoneId = state.subnets[eni.subnetId]?.availabilityZoneId
        let token = clientToken
        return EC2Result { writer in
            writer.element("networkInterface") { $0.networkInterface(eni, groupNames: names, availabilityZoneId: zoneId) }
            writer.element("clientToken", token)
        }
    }
}

extension PolicyState {
    /// Group names by ID, for the `groupSet` of interfaces.
    func groupNames(_ ids: [String]) -> [String: String] {
        var names: [String: String] = [:]
        for id in ids { names[id] = securityGroups[id]?.groupName }
        return names
    }
}
