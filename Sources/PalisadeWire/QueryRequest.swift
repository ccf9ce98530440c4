public import PalisadeCore

/// The parameters of one EC2 Query request (form body and query string), with typed accessors
/// for EC2's flattened names (`GroupId.1`, `IpPermissions.1.IpRanges.2.CidrIp`, `Filter.1.Value.1`).
public struct QueryRequest: Sendable {
    public private(set) var parameters: [String: String]

    public init(parameters: [String: String]) { self.parameters = parameters }

    /// Parses `application/x-www-form-urlencoded` text. Later values of a repeated name win.
    public init(formEncoded text: some StringProtocol) throws(PolicyError) {
        try self.init(formEncoded: Array(text.utf8))
    }

    /// Parses `application/x-www-form-urlencoded` bytes (a request body as received). Later values of a repeated
    /// name win.
    public init(formEncoded utf8: [UInt8]) throws(PolicyError) {
        var parameters: [String: String] = [:]
        // One pass over the bytes: form decoding ran on every request and splitting Substrings cost more than
        // the rest of a small write.
        var name: String?
        var start = 0
        for index in 0...utf8.count {
            // The end of the text ends the last pair as a `&` would.
            let byte = index < utf8.count ? utf8[index] : UInt8(ascii: "&")
            switch byte {
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
        // Most requests have one source: take its table as it is instead of hashing every name again.
        if parameters.isEmpty {
            parameters = other.parameters
        } else {
            parameters.merge(other.parameters) { _, new in new }
        }
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
        // Byte-wise, with the few structures in an array: this runs for every list of every request (one call
        // per permission and peer kind in an Authorize or Revoke), where building `prefix + "."`, a table by index
        // and an integer parse per name cost more than the rest of the parsing.
        var members: [(index: Int, parameters: [String: String])] = []
        for (name, value) in parameters {
            guard let (index, rest) = QueryRequest.member(of: name, under: prefix) else { continue }
            var position = members.firstIndex { $0.index == index }
            if position == nil {
                members.append((index, [:]))
                position = members.count - 1
            }
            // `indexes` reads `+1` and `01` as 1, but `sub("prefix.1")` holds only the canonical spelling's members.
            if let rest { members[position!].parameters[rest] = value }
        }
        return members.sorted { $0.index < $1.index }.map { QueryRequest(parameters: $0.parameters) }
    }

    /// For `prefix.N.rest`: N (a positive integer as `Int` reads it) and `rest`, or `nil` for `rest` when N is not
    /// written canonically (`+1`, `01`) or nothing follows it; `nil` for a name not under `prefix.N`.
    static func member(of name: String, under prefix: String) -> (index: Int, rest: String?)? {
        let utf8 = name.utf8
        var position = utf8.startIndex
        for byte in prefix.utf8 {
            guard position < utf8.endIndex, utf8[position] == byte else { return nil }
            position = utf8.index(after: position)
        }
        guard position < utf8.endIndex, utf8[position] == UInt8(ascii: ".") else { return nil }
        position = utf8.index(after: position)
        let digitsStart = position
        var canonical = true
        if position < utf8.endIndex, utf8[position] == UInt8(ascii: "+") {
            canonical = false
            position = utf8.index(after: position)
        }
        var index = 0
        var digits = 0
        while position < utf8.endIndex, utf8[position] != UInt8(ascii: ".") {
            let byte = utf8[position]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            if digits == 0 && byte == UInt8(ascii: "0") { canonical = false }
            let (times10, overflow1) = index.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1 && !overflow2 else { return nil }
            index = sum
            digits += 1
            position = utf8.index(after: position)
        }
        guard digits > 0, index > 0, position > digitsStart else { return nil }
        guard canonical, position < utf8.endIndex else { return (index, nil) }
        return (index, String(name[utf8.index(after: position)...]))
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
