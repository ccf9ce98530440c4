/// The addresses asked for when creating an interface.
public struct AddressRequest: Sendable {
    public var primaryPrivateIpAddress: String?
    /// `PrivateIpAddresses.N`: address and whether it is the primary.
    public var privateIpAddresses: [(String, Bool)]
    public var secondaryPrivateIpAddressCount: Int?
    public var ipv6Addresses: [String]
    public var ipv6AddressCount: Int?

    public init(
        primaryPrivateIpAddress: String? = nil, privateIpAddresses: [(String, Bool)] = [],
        secondaryPrivateIpAddressCount: Int? = nil, ipv6Addresses: [String] = [], ipv6AddressCount: Int? = nil
    ) {
        self.primaryPrivateIpAddress = primaryPrivateIpAddress
        self.privateIpAddresses = privateIpAddresses
        self.secondaryPrivateIpAddressCount = secondaryPrivateIpAddressCount
        self.ipv6Addresses = ipv6Addresses
        self.ipv6AddressCount = ipv6AddressCount
    }
}

extension PolicyState {
    /// CreateNetworkInterface: addresses from the subnet, groups of the same VPC (default group when none).
    public mutating func createNetworkInterface(
        scope: Scope, subnetId: String?, groupIds: [String], description: String?, addresses: AddressRequest,
        connectionTracking: ConnectionTrackingConfiguration?, interfaceType: String?, clientToken: String?,
        tags: [Tag]
    ) throws(PolicyError) -> NetworkInterface {
        guard let subnetId else { throw .missing("SubnetId") }
        if let clientToken, let existing = interfaceByClientToken["\(scope)|\(clientToken)"],
            let eni = networkInterfaces[existing]
        {
            guard eni.subnetId == subnetId else {
                throw PolicyError(
                    .idempotentParameterMismatch,
                    "The client token '\(clientToken)' was already used with different parameters.")
            }
            return eni
        }
        let subnet = try subnet(subnetId, in: scope)
        let groups = try interfaceGroups(groupIds, vpcId: subnet.vpcId, subnetId: subnetId, scope: scope)
        if let connectionTracking { try validate(connectionTracking) }
        if let description, description.count > 255 {
            throw .invalidValue("Value for parameter description is invalid: at most 255 characters")
        }
        try Validation.tags(tags)
        let type = interfaceType ?? "interface"
        guard ["interface", "efa", "efa-only", "branch", "trunk"].contains(type) else {
            throw .invalidValue("Value (\(type)) for parameter interfaceType is invalid.")
        }
        guard interfaceIds(in: scope).count < quotas.networkInterfacesPerRegion else {
            throw PolicyError(.networkInterfaceLimitExceeded, "The maximum number of network interfaces has been reached.")
        }
        let vpcId = subnet.vpcId
        // Explicit IPv4 addresses first (primary first), then automatic ones.
        var requested: [(IPv4Address, Bool)] = []
        if let text = addresses.primaryPrivateIpAddress {
            requested.append((try subnetAddress(text, subnet), true))
        }
        for (text, primary) in addresses.privateIpAddresses {
            let address = try subnetAddress(text, subnet)
            if requested.contains(where: { $0.0 == address }) { continue }
            requested.append((address, primary && !requested.contains { $0.1 }))
        }
        for (address, _) in requested where interfaceId(address: .v4(address), inVpc: vpcId) != nil {
            throw PolicyError(.invalidIPAddressInUse, "The specified address \(address) is already in use.")
        }
        var assigned = requested.map { NetworkInterface.PrivateIPv4(address: $0.0, primary: $0.1) }
        if !assigned.contains(where: \.primary), !assigned.isEmpty { assigned[0].primary = true }
        let automatic = (assigned.isEmpty ? 1 : 0) + (addresses.secondaryPrivateIpAddressCount ?? 0)
        if automatic > 0 {
            let free = freeAddresses(subnet, count: automatic, excluding: Set(assigned.map(\.address)))
            guard free.count == automatic else {
                throw PolicyError(
                    .insufficientFreeAddressesInSubnet,
                    "There are not enough free addresses in subnet '\(subnetId)' to satisfy the requested number of instances.")
            }
            for address in free { assigned.append(.init(address: address, primary: assigned.isEmpty)) }
        }
        var ipv6: [IPv6Address] = []
        if !addresses.ipv6Addresses.isEmpty || (addresses.ipv6AddressCount ?? 0) > 0 {
            guard let block = subnet.ipv6Blocks.first else {
                throw .invalidValue("The subnet '\(subnetId)' has no IPv6 CIDR block; IPv6 addresses cannot be assigned.")
            }
            for text in addresses.ipv6Addresses {
                guard let address = IPv6Address(text), block.contains(address) else {
                    throw .invalidValue("Address \(text) does not fall within the subnet's address range")
                }
                if interfaceId(address: .v6(address), inVpc: vpcId) != nil || ipv6.contains(address) {
                    throw PolicyError(.invalidIPAddressInUse, "The specified address \(text) is already in use.")
                }
                ipv6.append(address)
            }
            var candidate = block.network.low | 0x10
            while ipv6.count < addresses.ipv6Addresses.count + (addresses.ipv6AddressCount ?? 0) {
                let address = IPv6Address(high: block.network.high, low: candidate)
                if interfaceId(address: .v6(address), inVpc: vpcId) == nil && !ipv6.contains(address) {
                    ipv6.append(address)
                }
                candidate += 1
            }
        }
        let eni = NetworkInterface(
            networkInterfaceId: ids.make(.networkInterface), scope: scope, subnetId: subnetId, vpcId: vpcId,
            availabilityZone: subnet.availabilityZone, description: description ?? "", groupIds: groups,
            privateIpAddresses: assigned, ipv6Addresses: ipv6, macAddress: makeMacAddress(), interfaceType: type,
            connectionTracking: connectionTracking, clientToken: clientToken, tags: tags)
        put(.networkInterface(eni))
        return eni
    }

    /// ModifyNetworkInterfaceAttribute: exactly one attribute per call.
    public mutating func modifyNetworkInterface(
        scope: Scope, networkInterfaceId: String?, groupIds: [String]?, description: String?, sourceDestCheck: Bool?,
        connectionTracking: ConnectionTrackingConfiguration?
    ) throws(PolicyError) {
        guard let networkInterfaceId else { throw .missing("NetworkInterfaceId") }
        var eni = try networkInterface(networkInterfaceId, in: scope)
        let given = [groupIds != nil, description != nil, sourceDestCheck != nil, connectionTracking != nil]
            .filter { $0 }.count
        if given == 0 {
            throw PolicyError(.missingParameter, "The request must contain exactly one attribute to modify")
        }
        if given > 1 {
            throw PolicyError(
                .invalidParameterCombination, "Only one attribute can be modified at a time for a network interface")
        }
        if let groupIds {
            eni.groupIds = try interfaceGroups(groupIds, vpcId: eni.vpcId, subnetId: eni.subnetId, scope: scope,
                                               defaultWhenEmpty: false)
        }
        if let description { eni.description = description }
        if let sourceDestCheck { eni.sourceDestCheck = sourceDestCheck }
        if let connectionTracking {
            try validate(connectionTracking)
            var merged = eni.connectionTracking ?? ConnectionTrackingConfiguration()
            if let value = connectionTracking.tcpEstablishedTimeout { merged.tcpEstablishedTimeout = value }
            if let value = connectionTracking.udpStreamTimeout { merged.udpStreamTimeout = value }
            if let value = connectionTracking.udpTimeout { merged.udpTimeout = value }
            eni.connectionTracking = merged
        }
        put(.networkInterface(eni))
    }

    /// DeleteNetworkInterface. Palisade's interfaces are never attached to instances, so nothing blocks it.
    public mutating func deleteNetworkInterface(scope: Scope, networkInterfaceId: String?) throws(PolicyError) {
        guard let networkInterfaceId else { throw .missing("NetworkInterfaceId") }
        let eni = try networkInterface(networkInterfaceId, in: scope)
        delete(PolicyRecordKey(kind: .networkInterface, id: eni.networkInterfaceId))
    }

    private func interfaceGroups(
        _ groupIds: [String], vpcId: String, subnetId: String, scope: Scope, defaultWhenEmpty: Bool = true
    ) throws(PolicyError) -> [String] {
        var result: [String] = []
        for id in groupIds {
            let group = try securityGroup(id, in: scope)
            guard group.vpcId == vpcId else {
                throw PolicyError(
                    .invalidParameter, "Security group \(id) and subnet \(subnetId) belong to different networks.")
            }
            if !result.contains(id) { result.append(id) }
        }
        if result.isEmpty {
            guard defaultWhenEmpty else {
                throw PolicyError(.missingParameter, "The request must contain the parameter groupId")
            }
            if let id = groupId(named: "default", inVpc: vpcId) { result = [id] }
        }
        if result.count > quotas.securityGroupsPerNetworkInterface {
            throw PolicyError(
                .securityGroupsPerInterfaceLimitExceeded,
                "The maximum number of security groups per interface has been reached.")
        }
        return result
    }

    private func validate(_ spec: ConnectionTrackingConfiguration) throws(PolicyError) {
        func check(_ value: Int?, _ bounds: ClosedRange<Int>, _ name: String) throws(PolicyError) {
            if let value, !bounds.contains(value) {
                throw .invalidValue(
                    "Invalid value '\(value)' for \(name). It must be between \(bounds.lowerBound) and \(bounds.upperBound) seconds.")
            }
        }
        try check(spec.tcpEstablishedTimeout, ConnectionTrackingConfiguration.tcpEstablishedBounds, "TcpEstablishedTimeout")
        try check(spec.udpStreamTimeout, ConnectionTrackingConfiguration.udpStreamBounds, "UdpStreamTimeout")
        try check(spec.udpTimeout, ConnectionTrackingConfiguration.udpBounds, "UdpTimeout")
    }

    private func subnetAddress(_ text: String, _ subnet: Subnet) throws(PolicyError) -> IPv4Address {
        guard let address = IPv4Address(text) else {
            throw .invalidValue("Invalid value '\(text)' for private IP address")
        }
        let offset = address.value &- subnet.cidrBlock.network.value
        guard subnet.cidrBlock.contains(address), offset >= 4, address != subnet.cidrBlock.last else {
            throw .invalidValue("Address \(text) does not fall within the subnet's address range")
        }
        return address
    }

    /// The lowest free addresses of a subnet, skipping AWS's reserved ones.
    private func freeAddresses(_ subnet: Subnet, count: Int, excluding: Set<IPv4Address>) -> [IPv4Address] {
        var result: [IPv4Address] = []
        var value = subnet.cidrBlock.network.value + 4
        let last = subnet.cidrBlock.last.value
        while value < last && result.count < count {
            let address = IPv4Address(value)
            if !excluding.contains(address) && interfaceId(address: .v4(address), inVpc: subnet.vpcId) == nil {
                result.append(address)
            }
            value += 1
        }
        return result
    }

    private func makeMacAddress() -> String {
        let id = ids.make(.networkInterface)
        let hex = Array(id.dropFirst(4).prefix(10))
        var parts = ["02"]
        for index in stride(from: 0, to: 10, by: 2) { parts.append(String(hex[index...index + 1])) }
        return parts.joined(separator: ":")
    }
}
