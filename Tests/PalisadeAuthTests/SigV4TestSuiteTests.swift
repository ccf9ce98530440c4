import PalisadeAuth
import PalisadeCore
import Testing

/// Cases from AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite, as shipped in the AWS
/// General Reference), reproduced from each case's `.sreq` (the signed request) and, where noted, its `.creq`
/// (canonical request) and `.sts` (string to sign). All are signed by `AKIDEXAMPLE` for
/// `20150830/us-east-1/service/aws4_request` at `20150830T123600Z`.
struct SigV4TestSuiteTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The `.sreq` file: request line, headers, blank line, body.
        var signedRequest: String
        var testDescription: String { name }
    }

    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let signingTime = AmzDate.parse("20150830T123600Z")!
    static let stsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    static func authorization(_ signedHeaders: String, _ signature: String) -> String {
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    static let cases: [Case] = [
        Case(
            name: "get-vanilla",
            signedRequest: """
                GET / HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
                """
        ),
        Case(
            name: "get-vanilla-query-order-key-case",
            signedRequest: """
                GET /?Param2=value2&Param1=value1 HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
                """
        ),
        Case(
            name: "get-vanilla-query-order-value",
            signedRequest: """
                GET /?Param1=value2&Param1=value1 HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"))
                """
        ),
        Case(
            name: "get-vanilla-empty-query-key",
            signedRequest: """
                GET /?Param1=value1 HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"))
                """
        ),
        Case(
            name: "get-vanilla-query-unreserved",
            signedRequest: """
                GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"))
                """
        ),
        Case(
            name: "get-vanilla-utf8-query",
            signedRequest: """
                GET /?ሴ=bar HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"))
                """
        ),
        Case(
            name: "get-unreserved",
            signedRequest: """
                GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"))
                """
        ),
        Case(
            name: "get-utf8",
            signedRequest: """
                GET /ሴ HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"))
                """
        ),
        Case(
            name: "get-header-key-duplicate",
            signedRequest: """
                GET / HTTP/1.1
                Host:example.amazonaws.com
                My-Header1:value2
                My-Header1:value2
                My-Header1:value1
                X-Amz-Date:20150830T123600Z
                \(authorization("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"))
                """
        ),
        Case(
            name: "get-header-value-order",
            signedRequest: """
                GET / HTTP/1.1
                Host:example.amazonaws.com
                My-Header1:value4
                My-Header1:value1
                My-Header1:value3
                My-Header1:value2
                X-Amz-Date:20150830T123600Z
                \(authorization("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"))
                """
        ),
        Case(
            name: "get-header-value-trim",
            signedRequest: """
                GET / HTTP/1.1
                Host:example.amazonaws.com
                My-Header1: value1
                My-Header2: "a   b   c"
                X-Amz-Date:20150830T123600Z
                \(authorization("host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"))
                """
        ),
        Case(
            name: "post-header-value-case",
            signedRequest: """
                POST / HTTP/1.1
                Host:example.amazonaws.com
                My-Header1:VALUE1
                X-Amz-Date:20150830T123600Z
                \(authorization("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"))
                """
        ),
        Case(
            name: "post-vanilla-empty-query-value",
            signedRequest: """
                POST /?Param1=value1 HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"))
                """
        ),
        Case(
            name: "post-x-www-form-urlencoded",
            signedRequest: """
                POST / HTTP/1.1
                Content-Type:application/x-www-form-urlencoded
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"))

                Param1=value1
                """
        ),
        Case(
            name: "post-x-www-form-urlencoded-parameters",
            signedRequest: """
                POST / HTTP/1.1
                Content-Type:application/x-www-form-urlencoded; charset=utf8
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"))

                Param1=value1
                """
        ),
        Case(
            name: "post-sts-header-before",
            signedRequest: """
                POST / HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                X-Amz-Security-Token:\(stsToken)
                \(authorization("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"))
                """
        ),
        Case(
            name: "normalize-path/get-slash-dot-slash",
            signedRequest: """
                GET /./ HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
                """
        ),
        Case(
            name: "normalize-path/get-relative-relative",
            signedRequest: """
                GET /example1/example2/../.. HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
                """
        ),
        Case(
            name: "normalize-path/get-slashes",
            signedRequest: """
                GET //example// HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"))
                """
        ),
        Case(
            name: "normalize-path/get-space",
            signedRequest: """
                GET /example space/ HTTP/1.1
                Host:example.amazonaws.com
                X-Amz-Date:20150830T123600Z
                \(authorization("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"))
                """
        ),
    ]

    /// Parses a `.sreq` file into the request the server would see.
    static func request(_ signedRequest: String) -> SigV4Request {
        let parts = signedRequest.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
        var lines = parts[0].split(separator: "\n")
        let requestLine = lines.removeFirst()
        let method = requestLine.prefix { $0 != " " }
        let target = requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count)
        let headers = lines.map { line -> (name: String, value: String) in
            let colon = line.firstIndex(of: ":")!
            let value = line[line.index(after: colon)...]
            // `Authorization: AWS4…` is the only header written with a space after the colon that is not content.
            return (
                String(line[..<colon]), line.hasPrefix("Authorization:") ? String(value.dropFirst()) : String(value)
            )
        }
        let body = parts.count > 1 ? Array(parts[1].utf8) : []
        return SigV4Request(method: String(method), target: String(target), headers: headers, body: body)
    }

    static let verifier = SigV4Verifier(acceptedServices: ["service"])

    @Test(arguments: cases)
    func verifierAcceptsTheSignedRequest(_ suiteCase: Case) throws {
        let request = Self.request(suiteCase.signedRequest)
        let principal = try Self.verifier.verify(request, now: Self.signingTime) { accessKeyId in
            accessKeyId == "AKIDEXAMPLE"
                ? SigningSecret(
                    secretAccessKey: Self.secret,
                    accountId: "123456789012",
                    sessionToken: request.values(of: "X-Amz-Security-Token").first
                ) : nil
        }
        #expect(principal.accessKeyId == "AKIDEXAMPLE")
        #expect(principal.accountId == "123456789012")
        #expect(principal.region == "us-east-1")
        #expect(principal.service == "service")
        #expect(principal.form == .header)
    }

    @Test(arguments: cases)
    func signerReproducesTheAuthorizationHeader(_ suiteCase: Case) {
        let received = Self.request(suiteCase.signedRequest)
        var unsigned = received
        unsigned.headers.removeAll { $0.name == "Authorization" || $0.name == "X-Amz-Security-Token" }
        let token = received.values(of: "X-Amz-Security-Token").first
        let signer = SigV4Signer(
            accessKeyId: "AKIDEXAMPLE",
            secretAccessKey: Self.secret,
            sessionToken: token,
            region: "us-east-1",
            service: "service"
        )
        let signed = signer.sign(unsigned, at: Self.signingTime)
        #expect(signed.values(of: "Authorization") == received.values(of: "Authorization"))
    }

    /// post-x-www-form-urlencoded: `.creq` and `.sts` files.
    @Test func canonicalRequestAndStringToSignOfFormPost() {
        let request = Self.request(Self.cases.first { $0.name == "post-x-www-form-urlencoded" }!.signedRequest)
        let canonical = CanonicalRequest(
            request,
            signedHeaders: ["content-type", "host", "x-amz-date"],
            payloadHash: request.payloadHash
        )
        #expect(
            canonical?.text == """
                POST
                /

                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                """
        )
        let scope = CredentialScope(date: "20150830", region: "us-east-1", service: "service")
        #expect(
            canonical?.stringToSign(amzDate: "20150830T123600Z", scope: scope) == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/service/aws4_request
                42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281
                """
        )
    }

    /// get-vanilla-query-order-value: `.creq` and `.sts` files.
    @Test func canonicalQueryIsSortedByNameThenValue() {
        let request = Self.request(Self.cases.first { $0.name == "get-vanilla-query-order-value" }!.signedRequest)
        let canonical = CanonicalRequest(
            request,
            signedHeaders: ["host", "x-amz-date"],
            payloadHash: request.payloadHash
        )
        #expect(
            canonical?.text == """
                GET
                /
                Param1=value1&Param1=value2
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """
        )
        #expect(canonical?.digest == "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606")
    }

    /// get-header-value-trim and normalize-path/get-space, checked line by line.
    @Test func headerValuesAreTrimmedAndPathsNormalised() {
        let trim = Self.request(Self.cases.first { $0.name == "get-header-value-trim" }!.signedRequest)
        let canonical = CanonicalRequest(
            trim,
            signedHeaders: ["host", "my-header1", "my-header2", "x-amz-date"],
            payloadHash: trim.payloadHash
        )
        #expect(canonical?.headers.contains("my-header1:value1\nmy-header2:\"a b c\"\n") == true)
        let space = Self.request(Self.cases.first { $0.name == "normalize-path/get-space" }!.signedRequest)
        #expect(CanonicalRequest(space, signedHeaders: ["host"], payloadHash: "")?.uri == "/example%20space/")
        let slashes = Self.request(Self.cases.first { $0.name == "normalize-path/get-slashes" }!.signedRequest)
        #expect(CanonicalRequest(slashes, signedHeaders: ["host"], payloadHash: "")?.uri == "/example/")
    }
}
