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
        // Byte-wise, straight from the name's bytes into the pattern's: this runs for every parameter of every
        // request.
        let utf8 = name.utf8
        guard utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return name }
        return String(unsafeUninitializedCapacity: utf8.count) { out in
            var written = 0
            var start = utf8.startIndex
            while true {
                let end = utf8[start...].firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex
                let part = utf8[start..<end]
                if !part.isEmpty && part.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                    out[written] = UInt8(ascii: "N")
                    written += 1
                } else {
                    for byte in part {
                        out[written] = byte
                        written += 1
                    }
                }
                guard end < utf8.endIndex else { return written }
                out[written] = UInt8(ascii: ".")
                written += 1
                start = utf8.index(after: end)
            }
        }
    }
}
