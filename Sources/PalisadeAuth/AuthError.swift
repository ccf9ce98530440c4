/// Why a request failed SigV4 authentication, with the EC2 error code and HTTP status AWS answers.
///
/// `message` is the client-facing text in AWS's wording; `description` adds, for server logs, which check
/// failed. Neither ever contains a secret key, a session token or a signature.
///
/// ```swift
/// do {
///     principal = try verifier.verify(request, now: now) { keys[$0] }
/// } catch {
///     // error.code.rawValue == "SignatureDoesNotMatch", error.httpStatus == 403
/// }
/// ```
public struct AuthError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An EC2 authentication error code. Codes are a struct so that new ones can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case missingAuthenticationToken = "MissingAuthenticationToken"
            case incompleteSignature = "IncompleteSignature"
            case authFailure = "AuthFailure"
            case signatureDoesNotMatch = "SignatureDoesNotMatch"
            case requestExpired = "RequestExpired"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No `Authorization` header and no `X-Amz-Algorithm` query parameter.
        public static var missingAuthenticationToken: Self { .init(.missingAuthenticationToken) }
        /// The signature parameters are malformed or incomplete.
        public static var incompleteSignature: Self { .init(.incompleteSignature) }
        /// The access key is unknown (or disabled), or the session token does not belong to it.
        public static var authFailure: Self { .init(.authFailure) }
        /// The signature, or the credential scope it was made for, is wrong.
        public static var signatureDoesNotMatch: Self { .init(.signatureDoesNotMatch) }
        /// The request time is more than the allowed skew away from now, or a presigned URL has expired.
        public static var requestExpired: Self { .init(.requestExpired) }

        /// The code as EC2 writes it in `<Code>`.
        public var rawValue: String { base.rawValue }
        public var description: String { base.rawValue }

        /// The HTTP status of the EC2 error response.
        public var httpStatus: Int {
            switch base {
            case .authFailure: 401
            case .missingAuthenticationToken, .signatureDoesNotMatch: 403
            case .incompleteSignature, .requestExpired: 400
            }
        }
    }

    /// The specific check that failed; drives `code` and `message`.
    enum Reason: Hashable, Sendable {
        case missingAuthentication
        case multipleAuthenticationMechanisms
        case malformedAuthorization
        case missingAuthorizationParameters([String])
        case duplicateAuthorizationParameter(String)
        case missingQueryParameters([String])
        case unsupportedAlgorithm(String)
        case missingDate
        case malformedDate(String)
        case malformedCredential
        case credentialTerminator(String)
        case hostNotSigned
        case malformedExpires
        case expiresTooLarge(maximum: Int)
        case unknownAccessKey
        case invalidSecurityToken
        case scopeDate(scope: String, request: String, amzDate: String)
        case scopeRegion(String)
        case scopeService(expected: String, got: String)
        case signedHeaderAbsent(String)
        case contentSHA256Mismatch
        case unsignedPayload
        case signatureMismatch
        case expired
        case notYetValid
    }

    public let code: Code
    let reason: Reason

    init(_ reason: Reason) {
        self.reason = reason
        switch reason {
        case .missingAuthentication:
            code = .missingAuthenticationToken
        case .multipleAuthenticationMechanisms, .malformedAuthorization, .missingAuthorizationParameters,
            .duplicateAuthorizationParameter, .missingQueryParameters, .unsupportedAlgorithm, .missingDate,
            .malformedDate, .malformedCredential, .credentialTerminator, .hostNotSigned, .malformedExpires,
            .expiresTooLarge:
            code = .incompleteSignature
        case .unknownAccessKey, .invalidSecurityToken:
            code = .authFailure
        case .scopeDate, .scopeRegion, .scopeService, .signedHeaderAbsent, .contentSHA256Mismatch, .unsignedPayload,
            .signatureMismatch:
            code = .signatureDoesNotMatch
        case .expired, .notYetValid:
            code = .requestExpired
        }
    }

    /// The HTTP status of the EC2 error response.
    public var httpStatus: Int { code.httpStatus }

    /// The EC2 `<Message>`, in AWS's wording.
    public var message: String {
        switch reason {
        case .missingAuthentication:
            "Request is missing Authentication Token"
        case .multipleAuthenticationMechanisms:
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header "
                + "should be specified"
        case .malformedAuthorization:
            "Authorization header is malformed; expected "
                + "'AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...'."
        case .missingAuthorizationParameters(let names):
            names.map { "Authorization header requires '\($0)' parameter." }.joined(separator: " ")
        case .duplicateAuthorizationParameter(let name):
            "Authorization header has more than one '\(name)' parameter."
        case .missingQueryParameters(let names):
            "AWS query-string parameters must include \(names.map { "'\($0)'" }.joined(separator: ", ")). "
                + "Re-examine the query-string parameters."
        case .unsupportedAlgorithm(let algorithm):
            "Unsupported AWS 'algorithm': '\(Self.quoted(algorithm))'. Only 'AWS4-HMAC-SHA256' is supported."
        case .missingDate:
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        case .malformedDate(let value):
            "Date must be in ISO-8601 'basic format'. Got '\(Self.quoted(value))'."
        case .malformedCredential:
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term."
        case .credentialTerminator(let terminator):
            "Credential should be scoped with a valid terminator: 'aws4_request', not '\(Self.quoted(terminator))'."
        case .hostNotSigned:
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
        case .malformedExpires:
            "X-Amz-Expires should be a number"
        case .expiresTooLarge(let maximum):
            "X-Amz-Expires must be less than a week (in seconds) that is \(maximum)"
        case .unknownAccessKey, .invalidSecurityToken:
            "AWS was not able to validate the provided access credentials"
        case .scopeDate(let scope, let request, let amzDate):
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'\(Self.quoted(scope))' != '\(request)', from '\(amzDate)'."
        case .scopeRegion:
            "Credential should be scoped to a valid region. "
        case .scopeService(let expected, _):
            "Credential should be scoped to correct service: '\(expected)'. "
        case .contentSHA256Mismatch:
            "The provided 'x-amz-content-sha256' header does not match what was computed."
        case .unsignedPayload:
            "The request payload must be signed; 'x-amz-content-sha256: UNSIGNED-PAYLOAD' is not accepted."
        case .signedHeaderAbsent, .signatureMismatch:
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                + "Access Key and signing method. Consult the service documentation for details."
        case .expired, .notYetValid:
            "Request has expired."
        }
    }

    /// `Code: message`, plus for logs the detail that the client-facing message leaves out.
    public var description: String {
        let detail: String? =
            switch reason {
            case .unknownAccessKey: "unknown access key"
            case .invalidSecurityToken: "security token does not match the access key"
            case .scopeRegion(let region): "region '\(Self.quoted(region))'"
            case .scopeService(_, let got): "service '\(Self.quoted(got))'"
            case .signedHeaderAbsent(let name): "signed header '\(Self.quoted(name))' is absent"
            case .expired: "request time is outside the allowed window"
            case .notYetValid: "request time is in the future beyond the allowed skew"
            default: nil
            }
        return "\(code.rawValue): \(message)" + (detail.map { " (\($0))" } ?? "")
    }

    /// Client-supplied text echoed in a message, cut short and with control characters replaced.
    static func quoted(_ value: String) -> String {
        let printable = value.unicodeScalars.prefix(64).map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? "?" : Character(scalar)
        }
        return String(printable) + (value.unicodeScalars.count > 64 ? "..." : "")
    }
}
