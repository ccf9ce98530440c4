/// The `<yyyymmdd>/<region>/<service>/aws4_request` part of a SigV4 credential: what a signing key is valid for.
public struct CredentialScope: Hashable, Sendable, CustomStringConvertible {
    /// The UTC day of the request, `yyyymmdd`.
    public var date: String
    public var region: String
    public var service: String

    /// The fixed last element of every SigV4 scope.
    public static let terminator = "aws4_request"

    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    /// `20150830/us-east-1/ec2/aws4_request`, as it appears in the credential and the string to sign.
    public var description: String { "\(date)/\(region)/\(service)/\(Self.terminator)" }
}
