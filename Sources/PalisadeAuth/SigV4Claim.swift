public import PalisadeCore

/// The identity a request claims, read from its SigV4 parameters but not yet checked against a secret.
///
/// ``SigV4Verifier/claim(of:now:)`` produces it after checking everything that needs no secret (format,
/// scope, clock), so the caller can look the key up however it likes, even asynchronously, and then call
/// ``SigV4Verifier/verify(_:claim:secret:)``.
public struct SigV4Claim: Hashable, Sendable, CustomStringConvertible {
    /// Where the signature was carried.
    public enum Form: Hashable, Sendable {
        /// `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
        case header
        /// Presigned URL: `X-Amz-Algorithm`, `X-Amz-Credential`, … `X-Amz-Signature` in the query.
        case query
    }

    public var form: Form
    public var accessKeyId: String
    public var scope: CredentialScope
    /// Lower-case header names, sorted, as they enter the canonical request.
    public var signedHeaders: [String]
    /// `X-Amz-Date` as sent, or the `Date` header converted to the same basic format.
    public var amzDate: String
    public var requestTime: Timestamp
    /// `X-Amz-Expires` of a presigned URL, in seconds.
    public var expires: Int?
    var signature: String
    var securityToken: String?

    public var description: String { "SigV4Claim(\(form), \(accessKeyId)/\(scope))" }
}
