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
        guard name.contains(".") else { return name }
        return name.split(separator: ".", omittingEmptySubsequences: false)
            .map { part in !part.isEmpty && part.allSatisfy(\.isNumber) ? "N" : String(part) }
            .joined(separator: ".")
    }
}
