public import PalisadeCore

extension EC2InputMembers {
    /// Parameters every request may carry besides the action's own: protocol and legacy/presigned auth fields.
    static let common: Set<String> = [
        "Action", "Version", "AWSAccessKeyId", "SignatureMethod", "SignatureVersion", "Signature", "Timestamp",
        "Expires", "SecurityToken",
    ]

    /// Throws `UnknownParameter` for a parameter botocore's model does not define for `action`, as AWS does.
    /// Actions missing from the generated table are not checked.
    public static func validate(_ request: QueryRequest, action: String) throws(PolicyError) {
        guard let known = byAction[action] else { return }
        for name in request.parameters.keys where !common.contains(name) && !name.hasPrefix("X-Amz-") {
            if !known.contains(pattern(of: name)) {
                throw PolicyError(.unknownParameter, "The parameter \(name) is not recognized")
            }
        }
    }

    /// `IpPermissions.12.IpRanges.3.CidrIp` → `IpPermissions.N.IpRanges.N.CidrIp`.
    static func pattern(of name: String) -> String {
        // Byte-wise: this runs for every parameter of every request.
        let bytes = Array(name.utf8)
        guard bytes.contains(UInt8(ascii: ".")) else { return name }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ".") {
            let part = bytes[start..<index]
            if !part.isEmpty && part.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                out.append(UInt8(ascii: "N"))
            } else {
                out.append(contentsOf: part)
            }
            if index < bytes.count { out.append(UInt8(ascii: ".")) }
            start = index + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
