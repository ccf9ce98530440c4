public import PalisadeCore

/// Signs requests with AWS Signature Version 4 the way botocore does, for tests and for Palisade's own clients.
///
/// ```swift
/// let signer = SigV4Signer(accessKeyId: "AKIA…", secretAccessKey: secret, region: "us-east-1")
/// let request = SigV4Request(method: "POST", target: "/", headers: [("Host", "127.0.0.1:8080"),
///     ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(form.utf8))
/// let signed = signer.sign(request, at: now)          // adds X-Amz-Date and Authorization
/// let url = signer.presign(get, at: now, expires: 300) // adds X-Amz-Algorithm … X-Amz-Signature to the query
/// ```
///
/// Every header present is signed except those proxies may change (botocore's list: `User-Agent`,
/// `Connection`, `Expect`, …); `Host` must be among the headers.
public struct SigV4Signer: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The canonical request, string to sign and signature of one signing, for inspection.
    public struct Signing: Sendable {
        public var canonicalRequest: CanonicalRequest
        public var stringToSign: String
        public var signature: String
        public var scope: CredentialScope
        public var amzDate: String
    }

    /// Headers botocore never signs, because intermediaries add, drop or rewrite them.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    public var accessKeyId: String
    public var sessionToken: String?
    public var region: String
    public var service: String
    private let secretAccessKey: String

    public init(
        accessKeyId: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        region: String,
        service: String = "ec2"
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.region = region
        self.service = service
    }

    /// Signs `request` in the header form: sets `X-Amz-Date` (and `X-Amz-Security-Token` for temporary
    /// credentials) and `Authorization`.
    public func sign(_ request: SigV4Request, at time: Timestamp) -> SigV4Request {
        var request = request
        request.removeHeaders("Authorization")
        request.setHeader("X-Amz-Date", AmzDate.format(time))
        if let sessionToken { request.setHeader("X-Amz-Security-Token", sessionToken) }
        let signing = signing(of: request, at: time)
        request.headers.append(
            (
                "Authorization",
                "\(SigV4Verifier.algorithm) Credential=\(accessKeyId)/\(signing.scope), "
                    + "SignedHeaders=\(signing.canonicalRequest.signedHeaders), Signature=\(signing.signature)"
            )
        )
        return request
    }

    /// Signs `request` in the query-string form (a presigned URL) valid for `expires` seconds from `time`.
    public func presign(_ request: SigV4Request, at time: Timestamp, expires: Int = 3600) -> SigV4Request {
        var request = request
        request.removeHeaders("Authorization")
        let scope = scope(at: time)
        var parameters = [
            ("X-Amz-Algorithm", SigV4Verifier.algorithm),
            ("X-Amz-Credential", "\(accessKeyId)/\(scope)"),
            ("X-Amz-Date", AmzDate.format(time)),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaders(of: request).joined(separator: ";")),
        ]
        if let sessionToken { parameters.append(("X-Amz-Security-Token", sessionToken)) }
        let added = parameters.map { "\($0.0)=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
        request.query = request.query.isEmpty ? added : request.query + "&" + added
        let signing = signing(of: request, at: time)
        request.query += "&X-Amz-Signature=\(signing.signature)"
        return request
    }

    /// The canonical request, string to sign and signature for `request` as it stands (its headers and query
    /// already carrying the date and any presigning parameters).
    public func signing(of request: SigV4Request, at time: Timestamp) -> Signing {
        let scope = scope(at: time)
        let amzDate = AmzDate.format(time)
        let payloadHash = request.values(of: "X-Amz-Content-Sha256").first ?? request.payloadHash
        // Every name comes from the request's own headers, so none can be absent.
        let canonical = CanonicalRequest(request, signedHeaders: signedHeaders(of: request), payloadHash: payloadHash)!
        let stringToSign = canonical.stringToSign(amzDate: amzDate, scope: scope)
        let signature = SigningKey(secretAccessKey: secretAccessKey, scope: scope).signature(for: stringToSign)
        return Signing(
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            signature: signature,
            scope: scope,
            amzDate: amzDate
        )
    }

    private func scope(at time: Timestamp) -> CredentialScope {
        CredentialScope(date: String(AmzDate.format(time).prefix(8)), region: region, service: service)
    }

    private func signedHeaders(of request: SigV4Request) -> [String] {
        Set(request.headers.map { $0.name.lowercased() }).subtracting(Self.unsignedHeaders)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public var description: String { "SigV4Signer(\(accessKeyId), \(region)/\(service), secretAccessKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["accessKeyId": accessKeyId, "region": region, "service": service],
            displayStyle: .struct
        )
    }
}
