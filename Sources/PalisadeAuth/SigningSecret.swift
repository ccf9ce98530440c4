/// What the server knows about an access key: the secret to recompute signatures with, and whose key it is.
///
/// AWS keeps secret access keys recoverable, because verifying an HMAC needs the key itself: a hash
/// of the secret cannot check a signature. Store secrets encrypted at rest under a server key (or in a
/// secrets manager), never hashed and never in logs; this type's descriptions redact them.
public struct SigningSecret: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var secretAccessKey: String
    /// The 12-digit account the key belongs to.
    public var accountId: String
    /// For temporary credentials: the token that must arrive with the key as `X-Amz-Security-Token`.
    /// Nil for long-term keys, which are then refused if a request carries a token.
    public var sessionToken: String?

    public init(secretAccessKey: String, accountId: String, sessionToken: String? = nil) {
        self.secretAccessKey = secretAccessKey
        self.accountId = accountId
        self.sessionToken = sessionToken
    }

    public var description: String {
        "SigningSecret(accountId: \(accountId), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["accountId": accountId, "secretAccessKey": "<redacted>"], displayStyle: .struct)
    }
}
