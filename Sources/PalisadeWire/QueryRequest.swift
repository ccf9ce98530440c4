public import PalisadeCore

/// The parameters of one EC2 Query request (form body and query string), with typed accessors
/// for EC2's flattened names (`GroupId.1`, `IpPermissions.1.IpRanges.2.CidrIp`, `Filter.1.Value.1`).
public struct QueryRequest: Sendable {
    public private(set) var parameters: [String: String]

    public init(parameters: [String: String]) { self.parameters = parameters }

    /// Parses `application/x-www-form-urlencoded` text. Later values of a repeated name win.
    public init(formEncoded text: some StringProtocol) throws(PolicyError) {
        var parameters: [String: String] = [:]
        // One pass over the bytes: form decoding ran on every request and splitting Substrings cost more than
        // the rest of a small write.
        var utf8 = Array(text.utf8)
        utf8.append(UInt8(ascii: "&"))
        var name: String?
        var start = 0
        for index in utf8.indices {
            switch utf8[index] {
            case UInt8(ascii: "="):
                guard name == nil else { continue }
                guard let decoded = QueryRequest.percentDecode(utf8[start..<index]) else {
                    throw PolicyError(.init("MalformedQueryString"), "The query string is malformed.")
                }
                name = decoded
                start = index + 1
            case UInt8(ascii: "&"):
                if let key = name {
                    guard let value = QueryRequest.percentDecode(utf8[start..<index]) else {
                        throw PolicyError(.init("MalformedQueryString"), "The query string is malformed.")
                    }
                    parameters[key] = value
                } else if index > start {
                    guard let key = QueryRequest.percentDecode(utf8[start..<index]) else {
                        throw PolicyError(.init("MalformedQueryString"), "The query string is malformed.")
                    }
                    parameters[key] = ""
                }
                name = nil
                start = index + 1
            default:
                continue
            }
        }
        self.parameters = parameters
    }

    /// Adds parameters from another source (query string and body together).
    public mutating func merge(_ other: QueryRequest) {
        parameters.merge(other.parameters) { _, new in new }
    }

    /// Decodes `%XX` escapes and `+` as space; `nil` for a bad escape or invalid UTF-8.
    static func percentDecode(_ text: some StringProtocol) -> String? {
        percentDecode(Array(text.utf8)[...])
    }

    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 65...70: byte - 55
            case 97...102: byte - 87
            default: nil
            }
        }
        if !bytes.contains(where: { $0 == 37 || $0 == 43 }) {
            return String(validating: bytes, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 37 {
                guard index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else {
                    return nil
                }
                decoded.append(high << 4 | low)
                index += 3
                continue
            }
            decoded.append(byte == 43 ? 32 : byte)
            index += 1
        }
        return String(validating: decoded, as: UTF8.self)
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

    /// The flattened structures under `prefix`, each as a request scoped to its members: `sub("prefix.N")` for
    /// each of `indexes(prefix)`, gathered in one pass over the parameters instead of one per structure.
    public func structures(_ prefix: String) -> [QueryRequest] {
        let head = prefix + "."
        var members: [Int: [String: String]] = [:]
        for (name, value) in parameters where name.hasPrefix(head) {
            let rest = name.utf8.dropFirst(head.utf8.count)
            let dot = rest.firstIndex(of: UInt8(ascii: "."))
            let digits = Substring(rest[..<(dot ?? rest.endIndex)])
            guard let index = Int(digits), index > 0 else { continue }
            // `indexes` reads `+1` and `01` as 1, but `sub("prefix.1")` holds only the canonical spelling's members.
            guard let dot, digits == String(index) else {
                if members[index] == nil { members[index] = [:] }
                continue
            }
            members[index, default: [:]][String(Substring(rest[rest.index(after: dot)...]))] = value
        }
        return members.keys.sorted().map { QueryRequest(parameters: members[$0] ?? [:]) }
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
