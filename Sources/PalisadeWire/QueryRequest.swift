public import PalisadeCore

/// The parameters of one EC2 Query request (form body and query string), with typed accessors
/// for EC2's flattened names (`GroupId.1`, `IpPermissions.1.IpRanges.2.CidrIp`, `Filter.1.Value.1`).
public struct QueryRequest: Sendable {
    public private(set) var parameters: [String: String]

    public init(parameters: [String: String]) { self.parameters = parameters }

    /// Parses `application/x-www-form-urlencoded` text. Later values of a repeated name win.
    public init(formEncoded text: some StringProtocol) throws(PolicyError) {
        var parameters: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = QueryRequest.percentDecode(parts[0]) else {
                throw PolicyError(.init("MalformedQueryString"), "The query string is malformed.")
            }
            guard let value = parts.count > 1 ? QueryRequest.percentDecode(parts[1]) : "" else {
                throw PolicyError(.init("MalformedQueryString"), "The query string is malformed.")
            }
            parameters[name] = value
        }
        self.parameters = parameters
    }

    /// Adds parameters from another source (query string and body together).
    public mutating func merge(_ other: QueryRequest) {
        parameters.merge(other.parameters) { _, new in new }
    }

    /// Decodes `%XX` escapes and `+` as space; `nil` for a bad escape or invalid UTF-8.
    static func percentDecode(_ text: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 65...70: byte - 55
            case 97...102: byte - 87
            default: nil
            }
        }
        while let byte = iterator.next() {
            if byte == 37 {
                guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
                bytes.append(high << 4 | low)
            } else if byte == 43 {
                bytes.append(32)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    public var action: String? { parameters["Action"] }
    public var version: String? { parameters["Version"] }

    public subscript(name: String) -> String? { parameters[name] }

    public func string(_ name: String) -> String? { parameters[name] }

    public func requiredString(_ name: String) throws(PolicyError) -> String {
        guard let value = parameters[name], !value.isEmpty else { throw .missing(name) }
        return value
    }

    public func int(_ name: String) throws(PolicyError) -> Int? {
        guard let text = parameters[name] else { return nil }
        guard let value = Int(text) else {
            throw .invalidValue("Value (\(text)) for parameter \(name) is invalid. Expected an integer.")
        }
        return value
    }

    public func bool(_ name: String) throws(PolicyError) -> Bool? {
        guard let text = parameters[name] else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidValue("Value (\(text)) for parameter \(name) is invalid. Expected 'true' or 'false'.")
        }
    }

    /// The indexes present under `prefix` (`prefix.1`, `prefix.2.Name`, …), ascending.
    public func indexes(_ prefix: String) -> [Int] {
        let head = prefix + "."
        var found = Set<Int>()
        for name in parameters.keys where name.hasPrefix(head) {
            let rest = name.dropFirst(head.count)
            let digits = rest.prefix { $0 != "." }
            if let index = Int(digits), index > 0 { found.insert(index) }
        }
        return found.sorted()
    }

    /// `prefix.1`, `prefix.2`, … as strings (EC2's flattened list of scalars).
    public func list(_ prefix: String) -> [String] {
        indexes(prefix).compactMap { parameters["\(prefix).\($0)"] }
    }

    /// The flattened structures under `prefix`, each as a request scoped to its members.
    public func structures(_ prefix: String) -> [QueryRequest] {
        indexes(prefix).map { sub("\(prefix).\($0)") }
    }

    /// The members under `prefix.` with the prefix removed.
    public func sub(_ prefix: String) -> QueryRequest {
        let head = prefix + "."
        var nested: [String: String] = [:]
        for (name, value) in parameters where name.hasPrefix(head) { nested[String(name.dropFirst(head.count))] = value }
        return QueryRequest(parameters: nested)
    }

    public func has(prefix: String) -> Bool {
        parameters.keys.contains { $0 == prefix || $0.hasPrefix(prefix + ".") }
    }

    // MARK: Shared shapes

    /// `Filter.N.Name` / `Filter.N.Value.M`.
    public var filters: [DescribeFilter] {
        structures("Filter").map { DescribeFilter(name: $0["Name"] ?? "", values: $0.list("Value")) }
    }

    /// `TagSpecification.N` for one resource type; other types are refused as AWS does.
    public func tags(for resourceType: String) throws(PolicyError) -> [Tag] {
        var tags: [Tag] = []
        for specification in structures("TagSpecification") {
            let type = specification["ResourceType"]
            let specTags = specification.structures("Tag").map { Tag(key: $0["Key"] ?? "", value: $0["Value"] ?? "") }
            guard let type else {
                if specTags.isEmpty { continue }
                throw .missing("TagSpecification.ResourceType")
            }
            guard type == resourceType else {
                throw .invalidValue("'\(type)' is not a valid taggable resource type for this operation.")
            }
            tags.merge(specTags)
        }
        return tags
    }

    /// `IpPermissions.N.*` (`prefix` lets the legacy names reuse this).
    public func ipPermissions(_ prefix: String = "IpPermissions") throws(PolicyError) -> [IpPermission] {
        var permissions: [IpPermission] = []
        for item in structures(prefix) {
            permissions.append(IpPermission(
                ipProtocol: item["IpProtocol"], fromPort: try item.int("FromPort"), toPort: try item.int("ToPort"),
                ipRanges: item.structures("IpRanges").map { .init(cidrIp: $0["CidrIp"], description: $0["Description"]) },
                ipv6Ranges: item.structures("Ipv6Ranges").map { .init(cidrIpv6: $0["CidrIpv6"], description: $0["Description"]) },
                prefixListIds: item.structures("PrefixListIds").map {
                    .init(prefixListId: $0["PrefixListId"], description: $0["Description"])
                },
                userIdGroupPairs: item.structures("Groups").map {
                    .init(groupId: $0["GroupId"], groupName: $0["GroupName"], userId: $0["UserId"], vpcId: $0["VpcId"],
                          vpcPeeringConnectionId: $0["VpcPeeringConnectionId"], description: $0["Description"])
                }))
        }
        return permissions
    }

    /// `ConnectionTrackingSpecification.*`, if any member was sent.
    public func connectionTracking(_ prefix: String = "ConnectionTrackingSpecification") throws(PolicyError)
        -> ConnectionTrackingConfiguration?
    {
        guard has(prefix: prefix) else { return nil }
        let spec = sub(prefix)
        return ConnectionTrackingConfiguration(
            tcpEstablishedTimeout: try spec.int("TcpEstablishedTimeout"),
            udpStreamTimeout: try spec.int("UdpStreamTimeout"), udpTimeout: try spec.int("UdpTimeout"))
    }
}
