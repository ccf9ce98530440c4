public import PalisadeCore

/// Verifies AWS Signature Version 4 on EC2 requests, in the header and the presigned (query-string) form,
/// as botocore and the AWS CLI sign them.
///
/// Verification is pure: the request, the current time and the secret all come in as arguments.
/// In one step, with a synchronous key lookup:
///
/// ```swift
/// let verifier = SigV4Verifier(acceptedServices: ["ec2", "sts"])
/// let principal = try verifier.verify(request, now: now) { accessKeyId in keys[accessKeyId] }
/// // principal.accountId, principal.region
/// ```
///
/// Or in two, when finding the secret is asynchronous; everything that needs no secret (format, scope,
/// clock) is checked first, so malformed and stale requests never reach the key store:
///
/// ```swift
/// let claim = try verifier.claim(of: request, now: now)
/// let secret = try await store.signingSecret(for: claim.accessKeyId)
/// let principal = try verifier.verify(request, claim: claim, secret: secret)
/// ```
///
/// Every failure is an ``AuthError`` carrying the EC2 code and HTTP status.
public struct SigV4Verifier: Sendable {
    /// The only SigV4 algorithm EC2 accepts.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The `X-Amz-Content-Sha256` value of a request whose body is not signed.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Services a credential may be scoped to; the first is named in the error for any other.
    public var acceptedServices: [String]
    /// How far the request time may be from now, either way (EC2: 15 minutes).
    public var allowedClockSkewSeconds: Int
    /// The largest `X-Amz-Expires` a presigned URL may ask for (AWS: one week).
    public var maximumExpiresSeconds: Int
    /// Whether `X-Amz-Content-Sha256: UNSIGNED-PAYLOAD` may leave a non-empty body unsigned. Off: EC2 bodies
    /// carry the action and its parameters, so an unsigned body could be replaced in flight.
    public var allowsUnsignedPayload: Bool
    /// Whether a credential-scope region is one this endpoint answers for.
    public var acceptsRegion: @Sendable (String) -> Bool
    private let keyCache: SigningKeyCache?

    /// - Parameters:
    ///   - acceptedServices: Services a credential may be scoped to: `["ec2"]`, plus `"sts"` where
    ///     `GetCallerIdentity` is answered on the same endpoint.
    ///   - allowedClockSkewSeconds: Largest distance between the request time and now.
    ///   - acceptsRegion: Region filter; by default any well-formed region name.
    ///   - cachesSigningKeys: Whether to keep derived signing keys for reuse within their day.
    public init(
        acceptedServices: [String] = ["ec2"],
        allowedClockSkewSeconds: Int = 15 * 60,
        maximumExpiresSeconds: Int = 7 * 24 * 3600,
        allowsUnsignedPayload: Bool = false,
        acceptsRegion: @escaping @Sendable (String) -> Bool = { RegionCatalog.isPlausibleRegion($0) },
        cachesSigningKeys: Bool = true
    ) {
        self.acceptedServices = acceptedServices
        self.allowedClockSkewSeconds = allowedClockSkewSeconds
        self.maximumExpiresSeconds = maximumExpiresSeconds
        self.allowsUnsignedPayload = allowsUnsignedPayload
        self.acceptsRegion = acceptsRegion
        self.keyCache = cachesSigningKeys ? SigningKeyCache() : nil
    }

    /// Authenticates `request`.
    /// - Parameters:
    ///   - request: The request as received.
    ///   - now: The server's current time.
    ///   - lookup: The secret of an access key ID, or nil when the key is unknown or disabled.
    /// - Returns: The account and key that signed the request.
    /// - Throws: ``AuthError``.
    public func verify(
        _ request: SigV4Request,
        now: Timestamp,
        secretFor lookup: (String) -> SigningSecret?
    ) throws(AuthError) -> Principal {
        let claim = try claim(of: request, now: now)
        return try verify(request, claim: claim, secret: lookup(claim.accessKeyId))
    }

    /// Checks the signature of a request whose ``SigV4Claim`` has been read with ``claim(of:now:)``.
    /// - Parameters:
    ///   - secret: The secret of `claim.accessKeyId`, or nil when the key is unknown or disabled.
    /// - Returns: The account and key that signed the request.
    /// - Throws: ``AuthError``: `AuthFailure` for an unknown key or a wrong session token,
    ///   `SignatureDoesNotMatch` otherwise.
    public func verify(_ request: SigV4Request, claim: SigV4Claim, secret: SigningSecret?) throws(AuthError)
        -> Principal
    {
        guard let secret else { throw AuthError(.unknownAccessKey) }
        switch (claim.securityToken, secret.sessionToken) {
        case (nil, nil):
            break
        case (let sent?, let expected?) where ConstantTime.equals(sent, expected):
            break
        default:
            throw AuthError(.invalidSecurityToken)
        }
        let payloadHash = try payloadLine(of: request)
        guard
            let canonical = CanonicalRequest(
                request,
                signedHeaders: claim.signedHeaders,
                payloadHash: payloadHash,
                omittingQueryParameter: claim.form == .query ? "X-Amz-Signature" : nil
            )
        else {
            let present = Set(request.headers.map { $0.name.lowercased() })
            throw AuthError(.signedHeaderAbsent(claim.signedHeaders.first { !present.contains($0) } ?? ""))
        }
        let key =
            keyCache?.key(secretAccessKey: secret.secretAccessKey, scope: claim.scope)
            ?? SigningKey(secretAccessKey: secret.secretAccessKey, scope: claim.scope)
        let expected = key.signature(for: canonical.stringToSign(amzDate: claim.amzDate, scope: claim.scope))
        guard ConstantTime.equals(expected, claim.signature) else { throw AuthError(.signatureMismatch) }
        return Principal(
            accountId: secret.accountId,
            accessKeyId: claim.accessKeyId,
            region: claim.scope.region,
            service: claim.scope.service,
            requestTime: claim.requestTime,
            form: claim.form
        )
    }

    /// The canonical request's last line: `X-Amz-Content-Sha256` when sent (and true), else the body's hash.
    private func payloadLine(of request: SigV4Request) throws(AuthError) -> String {
        let actual = request.payloadHash
        let declared = request.values(of: "X-Amz-Content-Sha256")
        guard !declared.isEmpty else { return actual }
        let value = declared.joined(separator: ",")
        if value == Self.unsignedPayload {
            guard allowsUnsignedPayload || actual == Self.emptyPayloadHash else { throw AuthError(.unsignedPayload) }
            return value
        }
        guard value.lowercased() == actual else { throw AuthError(.contentSHA256Mismatch) }
        return value
    }
}
