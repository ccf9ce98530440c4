/// An account in a region: every resource belongs to exactly one.
public struct Scope: Hashable, Sendable, Codable, CustomStringConvertible {
    public var accountId: String
    public var region: String

    public init(accountId: String, region: String) {
        self.accountId = accountId
        self.region = region
    }

    /// The example account of AWS's documentation, used when no credentials are checked.
    public static let defaultAccountId = "123456789012"

    public var description: String { "\(accountId)/\(region)" }

    /// `arn:aws:ec2:<region>:<account>:<kind>/<id>`.
    public func arn(_ kind: ResourceKind, _ id: String) -> String {
        "arn:aws:ec2:\(region):\(accountId):\(kind.rawValue)/\(id)"
    }
}
