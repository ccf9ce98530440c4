public import PalisadeCore

/// EC2's response envelopes.
public enum EC2Envelope {
    public static let namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

    /// `<ActionResponse xmlns="…"><requestId>…</requestId>…</ActionResponse>`.
    public static func success(action: String, requestId: String, result: EC2Result) -> [UInt8] {
        var writer = XMLWriter(capacity: 4096)
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(action)Response xmlns=\"\(namespace)\">")
        writer.element("requestId", requestId)
        result.write(&writer)
        writer.close("\(action)Response")
        return writer.bytes
    }

    /// `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`
    /// (no namespace, and `RequestID` with a capital D, as AWS writes it).
    public static func error(_ error: PolicyError, requestId: String) -> [UInt8] {
        var writer = XMLWriter(capacity: 512)
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>")
        writer.element("Code", error.code.rawValue)
        writer.element("Message", error.message)
        writer.raw("</Error></Errors>")
        writer.element("RequestID", requestId)
        writer.raw("</Response>")
        return writer.bytes
    }

    /// The HTTP status AWS answers an error code with.
    public static func httpStatus(for code: PolicyError.Code) -> Int {
        switch code.rawValue {
        case "AuthFailure", "InvalidClientTokenId": 401
        case "UnauthorizedOperation", "SignatureDoesNotMatch", "OptInRequired", "MissingAuthenticationToken",
            "IncompleteSignature", "RequestExpired":
            403
        case "DryRunOperation": 412
        case "InternalError", "InternalFailure", "ServerInternal": 500
        case "RequestLimitExceeded", "Unavailable", "ServiceUnavailable": 503
        default: 400
        }
    }
}
