public import PalisadeCore

/// Who signed an authenticated request, and for which region and service.
public struct Principal: Hashable, Sendable {
    /// The 12-digit account that owns the access key.
    public var accountId: String
    public var accessKeyId: String
    /// The region from the credential scope; EC2 resources are looked up in this region.
    public var region: String
    /// The service from the credential scope (`ec2`, or `sts` for `GetCallerIdentity`).
    public var service: String
    /// The signed request time (`X-Amz-Date` or `Date`).
    public var requestTime: Timestamp
    /// How the request was signed.
    public var form: SigV4Claim.Form

    public init(
        accountId: String,
        accessKeyId: String,
        region: String,
        service: String,
        requestTime: Timestamp,
        form: SigV4Claim.Form
    ) {
        self.accountId = accountId
        self.accessKeyId = accessKeyId
        self.region = region
        self.service = service
        self.requestTime = requestTime
        self.form = form
    }
}
