import Foundation
import PalisadeAuth
import PalisadeCore
import Testing

/// Error mapping of ``SigV4Verifier``, with requests signed by ``SigV4Signer`` and then broken on purpose.
struct SigV4VerifierTests {
    static let accessKeyId = "AKIAJ7Q4EXAMPLE2ZYXW"
    static let secret = "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"
    static let now = AmzDate.parse("20240501T120000Z")!
    static let signer = SigV4Signer(accessKeyId: accessKeyId, secretAccessKey: secret, region: "us-east-1")
    static let verifier = SigV4Verifier()
    static let form = Array("Action=DescribeSecurityGroups&Version=2016-11-15".utf8)

    static var unsigned: SigV4Request {
        SigV4Request(
            method: "POST",
            target: "/",
            headers: [
                ("Host", "127.0.0.1:8080"),
                ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                ("User-Agent", "aws-cli/2.15.0"),
            ],
            body: form
        )
    }

    static var signed: SigV4Request { signer.sign(unsigned, at: now) }

    static func verify(
        _ request: SigV4Request,
        now: Timestamp = now,
        verifier: SigV4Verifier = verifier,
        secret: SigningSecret? = SigningSecret(secretAccessKey: secret, accountId: "210987654321")
    ) -> Result<Principal, AuthError> {
        Result { () throws(AuthError) -> Principal in
            try verifier.verify(request, now: now) { $0 == accessKeyId ? secret : nil }
        }
    }

    static func withAuthorization(_ value: String, date: String? = "20240501T120000Z") -> SigV4Request {
        var request = unsigned
        request.headers.append(("Authorization", value))
        if let date { request.headers.append(("X-Amz-Date", date)) }
        return request
    }

    static let credential = "Credential=\(accessKeyId)/20240501/us-east-1/ec2/aws4_request"
    static let signature = "Signature=" + String(repeating: "0", count: 64)

    @Test func signedRequestYieldsThePrincipal() throws {
        let principal = try Self.verify(Self.signed).get()
        #expect(
            principal
                == Principal(
                    accountId: "210987654321",
                    accessKeyId: Self.accessKeyId,
                    region: "us-east-1",
                    service: "ec2",
                    requestTime: Self.now,
                    form: .header
                )
        )
        // User-Agent is left unsigned, as botocore leaves it, so proxies may rewrite it.
        #expect(
            Self.signed.values(of: "Authorization").first?.contains("SignedHeaders=content-type;host;x-amz-date,")
                == true
        )
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var request: SigV4Request
        var code: AuthError.Code
        var message: String?
        var testDescription: String { name }
    }

    static let failures: [Failure] = [
        Failure(
            name: "no authentication at all",
            request: unsigned,
            code: .missingAuthenticationToken,
            message: "Request is missing Authentication Token"
        ),
        Failure(
            name: "SigV2 form parameters are not a SigV4 signature",
            request: SigV4Request(
                method: "GET",
                target: "/?Action=DescribeVpcs&AWSAccessKeyId=AKIDEXAMPLE&SignatureVersion=2&Signature=abc",
                headers: [("Host", "127.0.0.1:8080")]
            ),
            code: .missingAuthenticationToken
        ),
        Failure(
            name: "missing Signature",
            request: withAuthorization("AWS4-HMAC-SHA256 \(credential), SignedHeaders=host;x-amz-date"),
            code: .incompleteSignature,
            message: "Authorization header requires 'Signature' parameter."
        ),
        Failure(
            name: "only the algorithm",
            request: withAuthorization("AWS4-HMAC-SHA256"),
            code: .incompleteSignature,
            message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
                + "parameter. Authorization header requires 'SignedHeaders' parameter."
        ),
        Failure(
            name: "unsupported algorithm",
            request: withAuthorization("AWS4-HMAC-SHA512 \(credential), SignedHeaders=host, \(signature)"),
            code: .incompleteSignature,
            message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'. Only 'AWS4-HMAC-SHA256' is supported."
        ),
        Failure(name: "not SigV4", request: withAuthorization("Bearer abc.def"), code: .incompleteSignature),
        Failure(
            name: "duplicate parameter",
            request: withAuthorization(
                "AWS4-HMAC-SHA256 \(credential), \(credential), SignedHeaders=host, \(signature)"
            ),
            code: .incompleteSignature
        ),
        Failure(
            name: "credential with four elements",
            request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=\(accessKeyId)/20240501/us-east-1/ec2, SignedHeaders=host, \(signature)"
            ),
            code: .incompleteSignature,
            message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term."
        ),
        Failure(
            name: "wrong terminator",
            request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=\(accessKeyId)/20240501/us-east-1/ec2/aws5_request, SignedHeaders=host, "
                    + signature
            ),
            code: .incompleteSignature,
            message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."
        ),
        Failure(
            name: "host not signed",
            request: withAuthorization("AWS4-HMAC-SHA256 \(credential), SignedHeaders=x-amz-date, \(signature)"),
            code: .incompleteSignature,
            message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
        ),
        Failure(
            name: "no date",
            request: withAuthorization("AWS4-HMAC-SHA256 \(credential), SignedHeaders=host, \(signature)", date: nil),
            code: .incompleteSignature,
            message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        ),
        Failure(
            name: "extended ISO 8601 date",
            request: withAuthorization(
                "AWS4-HMAC-SHA256 \(credential), SignedHeaders=host, \(signature)",
                date: "2024-05-01T12:00:00Z"
            ),
            code: .incompleteSignature
        ),
        Failure(
            name: "impossible date",
            request: withAuthorization(
                "AWS4-HMAC-SHA256 \(credential), SignedHeaders=host, \(signature)",
                date: "20240230T120000Z"
            ),
            code: .incompleteSignature
        ),
        Failure(
            name: "header and query signatures together",
            request: {
                var request = signed
                request.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                return request
            }(),
            code: .incompleteSignature
        ),
        Failure(
            name: "two Authorization headers",
            request: {
                var request = signed
                request.headers.append(request.headers.last!)
                return request
            }(),
            code: .incompleteSignature
        ),
        Failure(
            name: "presigned without signature",
            request: SigV4Request(
                method: "GET",
                target: "/?Action=DescribeVpcs&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240501T120000Z",
                headers: [("Host", "127.0.0.1:8080")]
            ),
            code: .incompleteSignature,
            message: "AWS query-string parameters must include 'X-Amz-Credential', 'X-Amz-Signature', "
                + "'X-Amz-SignedHeaders'. Re-examine the query-string parameters."
        ),
        Failure(
            name: "presigned for more than a week",
            request: presigned(expires: 604_801),
            code: .incompleteSignature,
            message: "X-Amz-Expires must be less than a week (in seconds) that is 604800"
        ),
        Failure(
            name: "presigned with negative expiry",
            request: presigned(expires: -1),
            code: .incompleteSignature,
            message: "X-Amz-Expires should be a number"
        ),
        Failure(
            name: "scope date is not the request day",
            request: withAuthorization(
                "AWS4-HMAC-SHA256 \(credential), SignedHeaders=host;x-amz-date, \(signature)",
                date: "20240502T000500Z"
            ),
            code: .signatureDoesNotMatch,
            message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20240501' != '20240502', from '20240502T000500Z'."
        ),
        Failure(
            name: "invalid region",
            request: SigV4Signer(accessKeyId: accessKeyId, secretAccessKey: secret, region: "Moon").sign(
                unsigned,
                at: now
            ),
            code: .signatureDoesNotMatch,
            message: "Credential should be scoped to a valid region. "
        ),
        Failure(
            name: "wrong service",
            request: SigV4Signer(accessKeyId: accessKeyId, secretAccessKey: secret, region: "us-east-1", service: "iam")
                .sign(unsigned, at: now),
            code: .signatureDoesNotMatch,
            message: "Credential should be scoped to correct service: 'ec2'. "
        ),
        Failure(
            name: "signed header missing from the request",
            request: {
                var request = signed
                request.headers.removeAll { $0.name == "Content-Type" }
                return request
            }(),
            code: .signatureDoesNotMatch
        ),
        Failure(
            name: "unsigned payload with a body",
            request: signer.sign(
                {
                    var request = unsigned
                    request.headers.append(("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"))
                    return request
                }(),
                at: now
            ),
            code: .signatureDoesNotMatch,
            message: "The request payload must be signed; 'x-amz-content-sha256: UNSIGNED-PAYLOAD' is not accepted."
        ),
        Failure(
            name: "x-amz-content-sha256 for another body",
            request: signer.sign(
                {
                    var request = unsigned
                    request.headers.append(("X-Amz-Content-Sha256", String(repeating: "ab", count: 32)))
                    return request
                }(),
                at: now
            ),
            code: .signatureDoesNotMatch,
            message: "The provided 'x-amz-content-sha256' header does not match what was computed."
        ),
        Failure(
            name: "session token sent with a long-term key",
            request: SigV4Signer(
                accessKeyId: accessKeyId,
                secretAccessKey: secret,
                sessionToken: "token",
                region: "us-east-1"
            )
            .sign(unsigned, at: now),
            code: .authFailure,
            message: "AWS was not able to validate the provided access credentials"
        ),
    ]

    static func presigned(expires: Int) -> SigV4Request {
        let get = SigV4Request(
            method: "GET",
            target: "/?Action=DescribeVpcs&Version=2016-11-15",
            headers: [("Host", "127.0.0.1:8080")]
        )
        return signer.presign(get, at: now, expires: expires)
    }

    @Test(arguments: failures)
    func failsWithTheEC2Code(_ failure: Failure) {
        let error = Self.verify(failure.request).failure
        #expect(error?.code == failure.code, "\(String(describing: error))")
        if let message = failure.message { #expect(error?.message == message) }
        #expect(error?.httpStatus == failure.code.httpStatus)
    }

    @Test func codesCarryEC2NamesAndStatuses() {
        let table: [(AuthError.Code, String, Int)] = [
            (.missingAuthenticationToken, "MissingAuthenticationToken", 403),
            (.incompleteSignature, "IncompleteSignature", 400),
            (.authFailure, "AuthFailure", 401),
            (.signatureDoesNotMatch, "SignatureDoesNotMatch", 403),
            (.requestExpired, "RequestExpired", 400),
        ]
        for (code, name, status) in table {
            #expect(code.rawValue == name)
            #expect(code.httpStatus == status)
        }
    }

    @Test func unknownKeyIsAuthFailure() {
        let error = Self.verify(Self.signed, secret: nil).failure
        #expect(error?.code == .authFailure)
        #expect(error?.httpStatus == 401)
        #expect(error?.message == "AWS was not able to validate the provided access credentials")
    }

    @Test func wrongSecretIsSignatureDoesNotMatch() {
        let error = Self.verify(Self.signed, secret: SigningSecret(secretAccessKey: "x" + Self.secret, accountId: "1"))
            .failure
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(
            error?.message
                == "The request signature we calculated does not match the signature you provided. Check your AWS "
                + "Secret Access Key and signing method. Consult the service documentation for details."
        )
    }

    @Test(arguments: [
        (-15 * 60, true), (15 * 60, true), (15 * 60 + 1, false), (-15 * 60 - 1, false), (24 * 3600, false),
    ])
    func clockSkewWindowIsFifteenMinutes(offsetSeconds: Int, accepted: Bool) {
        let now = Timestamp(millisecondsSince1970: Self.now.millisecondsSince1970 + Int64(offsetSeconds) * 1000)
        let result = Self.verify(Self.signed, now: now)
        if accepted {
            #expect(throws: Never.self) { try result.get() }
        } else {
            #expect(result.failure?.code == .requestExpired)
            #expect(result.failure?.message == "Request has expired.")
        }
    }

    @Test func dateHeaderStandsInForXAmzDate() throws {
        var request = Self.unsigned
        request.headers.append(("Date", "Wed, 01 May 2024 12:00:00 GMT"))
        let signing = Self.signer.signing(of: request, at: Self.now)
        request.headers.append(
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(Self.accessKeyId)/\(signing.scope), "
                    + "SignedHeaders=\(signing.canonicalRequest.signedHeaders), Signature=\(signing.signature)"
            )
        )
        #expect(signing.canonicalRequest.signedHeaders == "content-type;date;host")
        #expect(try Self.verify(request).get().requestTime == Self.now)
        let later = Timestamp(millisecondsSince1970: Self.now.millisecondsSince1970 + 16 * 60 * 1000)
        #expect(Self.verify(request, now: later).failure?.code == .requestExpired)
    }

    @Test func presignedRequestVerifiesAndExpires() throws {
        let request = Self.presigned(expires: 60)
        #expect(request.query.hasPrefix("Action=DescribeVpcs&Version=2016-11-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(try Self.verify(request).get().form == .query)
        let expired = Timestamp(millisecondsSince1970: Self.now.millisecondsSince1970 + (60 + 15 * 60 + 1) * 1000)
        #expect(Self.verify(request, now: expired).failure?.code == .requestExpired)
        var tampered = request
        tampered.query = tampered.query.replacingOccurrences(of: "DescribeVpcs", with: "DeleteVpc")
        #expect(Self.verify(tampered).failure?.code == .signatureDoesNotMatch)
    }

    @Test func sessionTokensMustMatch() throws {
        let temporary = SigV4Signer(
            accessKeyId: Self.accessKeyId,
            secretAccessKey: Self.secret,
            sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE",
            region: "us-east-1"
        )
        let request = temporary.sign(Self.unsigned, at: Self.now)
        let secret = SigningSecret(
            secretAccessKey: Self.secret,
            accountId: "1",
            sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE"
        )
        #expect(throws: Never.self) { try Self.verify(request, secret: secret).get() }
        var other = secret
        other.sessionToken = "IQoJb3JpZ2luX2VjOTHER"
        #expect(Self.verify(request, secret: other).failure?.code == .authFailure)
        #expect(Self.verify(Self.signed, secret: secret).failure?.code == .authFailure)
        let presigned = temporary.presign(
            SigV4Request(method: "GET", target: "/", headers: [("Host", "h")]),
            at: Self.now
        )
        #expect(throws: Never.self) { try Self.verify(presigned, secret: secret).get() }
    }

    @Test func payloadHashHeaderAndPrehashedBodies() throws {
        var request = Self.unsigned
        request.headers.append(("X-Amz-Content-Sha256", request.payloadHash))
        let signed = Self.signer.sign(request, at: Self.now)
        #expect(throws: Never.self) { try Self.verify(signed).get() }
        var prehashed = Self.signed
        prehashed.payload = .sha256(Self.signed.payloadHash)
        #expect(throws: Never.self) { try Self.verify(prehashed).get() }

        var unsignedPayload = Self.unsigned
        unsignedPayload.headers.append(("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"))
        let lenient = SigV4Verifier(allowsUnsignedPayload: true)
        #expect(throws: Never.self) {
            try Self.verify(Self.signer.sign(unsignedPayload, at: Self.now), verifier: lenient).get()
        }
        unsignedPayload.payload = .bytes([])
        #expect(throws: Never.self) { try Self.verify(Self.signer.sign(unsignedPayload, at: Self.now)).get() }
    }

    @Test func twoStepVerificationMatchesOneStep() throws {
        let claim = try Self.verifier.claim(of: Self.signed, now: Self.now)
        #expect(claim.accessKeyId == Self.accessKeyId)
        #expect(claim.scope == CredentialScope(date: "20240501", region: "us-east-1", service: "ec2"))
        #expect(claim.signedHeaders == ["content-type", "host", "x-amz-date"])
        let principal = try Self.verifier.verify(
            Self.signed,
            claim: claim,
            secret: SigningSecret(secretAccessKey: Self.secret, accountId: "210987654321")
        )
        #expect(principal == (try Self.verify(Self.signed).get()))
        #expect(!claim.description.contains(Self.secret))
    }

    @Test func uncachedVerifierAgrees() throws {
        let uncached = SigV4Verifier(cachesSigningKeys: false)
        #expect(throws: Never.self) { try Self.verify(Self.signed, verifier: uncached).get() }
        #expect(
            Self.verify(Self.signed, verifier: uncached, secret: SigningSecret(secretAccessKey: "x", accountId: "1"))
                .failure?.code == .signatureDoesNotMatch
        )
    }

    @Test func regionFilterIsTheCallers() {
        let usOnly = SigV4Verifier(acceptsRegion: { $0.hasPrefix("us-") })
        #expect(throws: Never.self) { try Self.verify(Self.signed, verifier: usOnly).get() }
        let eu = SigV4Signer(accessKeyId: Self.accessKeyId, secretAccessKey: Self.secret, region: "eu-west-1")
        #expect(
            Self.verify(eu.sign(Self.unsigned, at: Self.now), verifier: usOnly).failure?.code == .signatureDoesNotMatch
        )
    }

    @Test func hostileInputAlwaysEndsInAnAuthError() {
        let authorizations = [
            "", " ", "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256 ,,,,",
            "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=;, Signature=",
            "AWS4-HMAC-SHA256 Credential==, SignedHeaders==, Signature==", "AWS4-HMAC-SHA256 =, =, =",
            "AWS4-HMAC-SHA256\tCredential=\(Self.accessKeyId)/20240501/us-east-1/ec2/aws4_request,SignedHeaders=host,Signature=00",
            String(repeating: "AWS4-HMAC-SHA256 Credential=", count: 500), "AWS4-HMAC-SHA256 Credential=\u{0}\u{7}",
            "AWS4-HMAC-SHA256 Credential=ሴ/20240501/us-east-1/ec2/aws4_request, SignedHeaders=HOST, Signature=zz",
        ]
        for authorization in authorizations {
            #expect(Self.verify(Self.withAuthorization(authorization)).failure != nil, "\(authorization.prefix(80))")
        }
        let queries = [
            "X-Amz-Algorithm", "X-Amz-Algorithm=&X-Amz-Algorithm=", "%", "%G1=%", "X-Amz-Signature=%E1%88",
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&X-Amz-Date=x&X-Amz-SignedHeaders=host&X-Amz-Signature=0",
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=\(Self.accessKeyId)%2F20240501%2Fus-east-1%2Fec2%2Faws4_request"
                + "&X-Amz-Date=20240501T120000Z&X-Amz-Expires=99999999999999999999&X-Amz-SignedHeaders=host&X-Amz-Signature=0",
        ]
        for query in queries {
            let request = SigV4Request(method: "GET", path: "/", query: query, headers: [("Host", "h")])
            #expect(Self.verify(request).failure != nil, "\(query)")
        }
    }

    @Test func descriptionsNeverContainSecrets() {
        let secret = SigningSecret(secretAccessKey: Self.secret, accountId: "210987654321", sessionToken: "tok3n")
        for text in [String(describing: secret), String(reflecting: secret), String(describing: Self.signer)] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("tok3n"))
        }
        var dumped = ""
        dump(secret, to: &dumped)
        dump(Self.signer, to: &dumped)
        #expect(!dumped.contains(Self.secret))
        for failure in Self.failures {
            if let error = Self.verify(failure.request).failure {
                #expect(!error.description.contains(Self.secret))
            }
        }
    }
}
