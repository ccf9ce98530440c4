public import PalisadeJSON

/// CloudTrail's `requestParameters` for an EC2 Query request: the flattened names
/// (`IpPermissions.1.IpRanges.2.CidrIp`) as nested lowerCamelCase members, indexed lists as `{"items": […]}`,
/// ports and counts as numbers, as CloudTrail records EC2 calls:
///
/// ```json
/// {"groupId": "sg-0a1b", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
///   "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}}
/// ```
///
/// `Action`, `Version` and the query-string signature (`X-Amz-*`) are not parameters of the call and are left out.
public enum RequestParameters {
    /// Members whose values CloudTrail records as numbers.
    static let numericMembers: Set<String> = ["fromPort", "toPort", "maxResults", "maxEntries", "version", "targetVersion"]

    /// The deepest EC2 name nests 6 levels (`SecurityGroupRule.1.SecurityGroupRule.ReferencedGroupId`…).
    static let maximumDepth = 16

    public static func json(_ parameters: [String: String]) -> JSONValue {
        var root = Node()
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            if name == "Action" || name == "Version" || name.hasPrefix("X-Amz-") { continue }
            let path = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            // EC2's names nest a few levels; anything deeper (or malformed) is recorded flat, under its raw
            // name, rather than recursed into.
            if path.count > RequestParameters.maximumDepth || path.contains(where: \.isEmpty) {
                root.insert(member: name, value: value)
            } else {
                root.insert(path[...], value: value)
            }
        }
        return root.json(name: "")
    }

    /// A member being assembled: a leaf value, named children, or indexed items.
    private struct Node {
        var value: String?
        var members: [(String, Node)] = []
        var items: [(Int, Node)] = []

        mutating func insert(_ path: ArraySlice<Substring.UTF8View>, value: String) {
            guard let first = path.first else {
                self.value = value
                return
            }
            if let index = RequestParameters.index(first) {
                Node.insert(path.dropFirst(), value: value, under: index, in: &items)
            } else {
                Node.insert(path.dropFirst(), value: value, under: lowerCamel(first), in: &members)
            }
        }

        mutating func insert(member name: String, value: String) {
            var leaf = Node()
            leaf.value = value
            members.append((name, leaf))
        }

        /// Inserts below the child called `key`, creating it on first use (children keep their first-seen order).
        private static func insert<Key: Equatable>(
            _ path: ArraySlice<Substring.UTF8View>, value: String, under key: Key, in children: inout [(Key, Node)]
        ) {
            if let position = children.firstIndex(where: { $0.0 == key }) {
                children[position].1.insert(path, value: value)
            } else {
                var node = Node()
                node.insert(path, value: value)
                children.append((key, node))
            }
        }

        func json(name: String) -> JSONValue {
            if !items.isEmpty {
                let sorted = items.sorted { $0.0 < $1.0 }
                return .object([("items", .array(sorted.map { $0.1.json(name: name) }))])
            }
            if !members.isEmpty { return .object(members.map { ($0.0, $0.1.json(name: $0.0)) }) }
            guard let value else { return .object([]) }
            if RequestParameters.numericMembers.contains(name), let number = Int(value) { return .number(Double(number)) }
            if value == "true" { return .bool(true) }
            if value == "false" { return .bool(false) }
            return .string(value)
        }
    }

    /// A list position (`1`, `2`, …), read as `Int(_:)` would read it; plain digits without building a string.
    static func index(_ component: Substring.UTF8View) -> Int? {
        guard !component.isEmpty, component.count <= 18,
            component.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return Int(Substring(component)) }
        return component.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    static func lowerCamel(_ name: Substring.UTF8View) -> String {
        guard let first = name.first else { return "" }
        // ASCII, as every EC2 name is: lower-case the first letter in place. Anything else keeps the general path.
        if first < 0x80 {
            guard first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") else { return String(Substring(name)) }
            var bytes = Array(name)
            bytes[0] = first + 0x20
            return String(decoding: bytes, as: UTF8.self)
        }
        return lowerCamel(String(Substring(name)))
    }

    static func lowerCamel(_ name: String) -> String {
        guard let first = name.first, first.isUppercase, !name.contains(".") else { return name }
        // Leading acronyms stay together in EC2's wire names only when all caps (`DryRun` → `dryRun`).
        return first.lowercased() + name.dropFirst()
    }
}
