import Foundation
import PalisadeAuth
import PalisadeCore
import Testing

/// Requests signed by botocore itself (`Resources/botocore_vectors.py`: real EC2 and STS clients with their
/// requests captured before sending, plus `SigV4Auth` and `SigV4QueryAuth` used directly) must verify, and
/// each kind of tampering must fail with the EC2 code AWS answers. Needs python3 with botocore: the tests
/// fail, rather than skip, without them.
struct BotocoreSignerTests {
    struct Vectors: Decodable, Sendable {
        var accessKeyId: String
        var secretAccessKey: String
        var now: String
        var botocore: String
        var vectors: [Vector]
    }

    struct Vector: Decodable, Sendable {
        var name: String
        var method: String
        var path: String
        var query: String
        var headers: [[String]]
        var body: String
        var region: String
        var service: String
        var expect: String
        var sessionToken: String?
        var expires: Int?

        var request: SigV4Request {
            SigV4Request(
                method: method,
                path: path,
                query: query,
                headers: headers.map { ($0[0], $0[1]) },
                payload: .bytes(Array(Data(base64Encoded: body) ?? Data()))
            )
        }

        var isPresigned: Bool { query.contains("X-Amz-Signature=") }
    }

    struct GenerationFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the script once for the whole suite.
    static let generated: Result<Vectors, any Error> = Result {
        guard
            let script = Bundle.module.url(
                forResource: "botocore_vectors",
                withExtension: "py",
                subdirectory: "Resources"
            )
        else { throw GenerationFailed(description: "Resources/botocore_vectors.py is not in the test bundle") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GenerationFailed(
                description: "python3 botocore_vectors.py exited \(process.terminationStatus) "
                    + "(python3 with botocore is required: pip install botocore):\n\(errorText)"
            )
        }
        return try JSONDecoder().decode(Vectors.self, from: data)
    }

    static func vectors() throws -> Vectors { try generated.get() }

    /// What the server sees and knows for one attempt.
    struct Attempt {
        var request: SigV4Request
        var now: Timestamp
        var secret: SigningSecret?
        var verifier = SigV4Verifier(acceptedServices: ["ec2", "sts"])

        func run(accessKeyId: String) -> Result<Principal, AuthError> {
            Result { () throws(AuthError) -> Principal in
                try verifier.verify(request, now: now) { $0 == accessKeyId ? secret : nil }
            }
        }
    }

    static func attempt(_ vector: Vector, in vectors: Vectors) throws -> Attempt {
        Attempt(
            request: vector.request,
            now: try #require(AmzDate.parse(vectors.now)),
            secret: SigningSecret(
                secretAccessKey: vectors.secretAccessKey,
                accountId: "111122223333",
                sessionToken: vector.sessionToken
            )
        )
    }

    @Test func everyBotocoreRequestVerifies() throws {
        let vectors = try Self.vectors()
        let accepted = vectors.vectors.filter { $0.expect == "ok" }
        #expect(accepted.count >= 7)
        for vector in accepted {
            let result = try Self.attempt(vector, in: vectors).run(accessKeyId: vectors.accessKeyId)
            switch result {
            case .success(let principal):
                #expect(principal.accountId == "111122223333", "\(vector.name)")
                #expect(principal.accessKeyId == vectors.accessKeyId, "\(vector.name)")
                #expect(principal.region == vector.region, "\(vector.name)")
                #expect(principal.service == vector.service, "\(vector.name)")
                #expect(principal.form == (vector.isPresigned ? .query : .header), "\(vector.name)")
            case .failure(let error):
                Issue.record("\(vector.name) (botocore \(vectors.botocore)) was refused: \(error)")
            }
        }
    }

    @Test func presignedRequestIsValidUntilItsExpiry() throws {
        let vectors = try Self.vectors()
        let vector = try #require(vectors.vectors.first { $0.isPresigned })
        var attempt = try Self.attempt(vector, in: vectors)
        let expires = Int64(try #require(vector.expires))
        let signed = attempt.now.millisecondsSince1970
        // EC2 answers RequestExpired more than 15 minutes after a presigned URL's expiry.
        attempt.now = Timestamp(millisecondsSince1970: signed + (expires + 15 * 60) * 1000)
        #expect(throws: Never.self) { try attempt.run(accessKeyId: vectors.accessKeyId).get() }
        attempt.now = Timestamp(millisecondsSince1970: signed + (expires + 15 * 60 + 1) * 1000)
        #expect(attempt.run(accessKeyId: vectors.accessKeyId).failure?.code == .requestExpired)
    }

    @Test func requestSignedForAnotherServiceIsRefused() throws {
        let vectors = try Self.vectors()
        let s3 = try #require(vectors.vectors.first { $0.name == "signed-for-s3" })
        let error = try Self.attempt(s3, in: vectors).run(accessKeyId: vectors.accessKeyId).failure
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.message == "Credential should be scoped to correct service: 'ec2'. ")

        let sts = try #require(vectors.vectors.first { $0.service == "sts" && $0.expect == "ok" })
        var ec2Only = try Self.attempt(sts, in: vectors)
        ec2Only.verifier = SigV4Verifier(acceptedServices: ["ec2"])
        #expect(ec2Only.run(accessKeyId: vectors.accessKeyId).failure?.code == .signatureDoesNotMatch)
    }

    enum Tampering: String, CaseIterable, Sendable {
        case body, signedHeader, queryParameter, date, region, service, secret, expiredTime, futureTime, unknownKey
        case unsigned, sessionToken, signature
    }

    @Test(arguments: Tampering.allCases)
    func tamperedRequestFails(_ tampering: Tampering) throws {
        let vectors = try Self.vectors()
        var tried = 0
        for vector in vectors.vectors where vector.expect == "ok" {
            var attempt = try Self.attempt(vector, in: vectors)
            let expected: AuthError.Code
            switch tampering {
            case .body:
                var body = Array(Data(base64Encoded: vector.body) ?? Data())
                if body.isEmpty {
                    body = Array("Action=DeleteSecurityGroup".utf8)
                } else {
                    body[body.count - 1] ^= 0x01
                }
                attempt.request.payload = .bytes(body)
                expected = .signatureDoesNotMatch
            case .signedHeader:
                attempt.request.headers = attempt.request.headers.map { header in
                    header.name.lowercased() == "host" ? (header.name, "attacker.example:8080") : header
                }
                expected = .signatureDoesNotMatch
            case .queryParameter:
                guard vector.isPresigned else { continue }
                attempt.request.query = attempt.request.query.replacingOccurrences(
                    of: "sg-0123456789abcdef0",
                    with: "sg-0fedcba9876543210"
                )
                expected = .signatureDoesNotMatch
            case .date:
                // One second later: same day and inside the clock window, so only the signature can catch it.
                Self.rewrite(&attempt.request, "20240501T120000Z", "20240501T120001Z")
                expected = .signatureDoesNotMatch
            case .region:
                let other = vector.region == "us-west-2" ? "us-east-2" : "us-west-2"
                Self.rewrite(&attempt.request, "/\(vector.region)/", "/\(other)/", encoded: "%2F\(vector.region)%2F")
                expected = .signatureDoesNotMatch
            case .service:
                let other = vector.service == "ec2" ? "sts" : "ec2"
                Self.rewrite(&attempt.request, "/\(vector.service)/", "/\(other)/", encoded: "%2F\(vector.service)%2F")
                expected = .signatureDoesNotMatch
            case .secret:
                attempt.secret?.secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ"
                expected = .signatureDoesNotMatch
            case .expiredTime:
                let lifetime = Int64(vector.expires ?? 0) + 15 * 60 + 1
                attempt.now.millisecondsSince1970 += lifetime * 1000
                expected = .requestExpired
            case .futureTime:
                attempt.now.millisecondsSince1970 -= (15 * 60 + 1) * 1000
                expected = .requestExpired
            case .unknownKey:
                attempt.secret = nil
                expected = .authFailure
            case .unsigned:
                attempt.request.headers.removeAll { $0.name.lowercased() == "authorization" }
                attempt.request.query = attempt.request.query.split(separator: "&")
                    .filter { !$0.hasPrefix("X-Amz-") }.joined(separator: "&")
                expected = .missingAuthenticationToken
            case .sessionToken:
                if vector.sessionToken == nil {
                    attempt.secret?.sessionToken = "a-token-the-request-does-not-carry"
                } else {
                    attempt.request.headers.removeAll { $0.name.lowercased() == "x-amz-security-token" }
                }
                expected = .authFailure
            case .signature:
                Self.rewrite(&attempt.request, "Signature=", "Signature=0")
                attempt.request.query = attempt.request.query.replacingOccurrences(
                    of: "X-Amz-Signature=",
                    with: "X-Amz-Signature=0"
                )
                expected = .signatureDoesNotMatch
            }
            tried += 1
            let result = attempt.run(accessKeyId: vectors.accessKeyId)
            #expect(result.failure?.code == expected, "\(tampering) of \(vector.name): \(result)")
            #expect(result.failure?.httpStatus == expected.httpStatus)
        }
        #expect(tried >= 1)
    }

    /// Replaces `old` in the Authorization and X-Amz-Date headers, and in the query (as `encoded` there).
    static func rewrite(_ request: inout SigV4Request, _ old: String, _ new: String, encoded: String? = nil) {
        request.headers = request.headers.map { header in
            let name = header.name.lowercased()
            guard name == "authorization" || name == "x-amz-date" else { return header }
            return (header.name, header.value.replacingOccurrences(of: old, with: new))
        }
        let encodedNew = encoded.map { _ in new.replacingOccurrences(of: "/", with: "%2F") } ?? new
        request.query = request.query.replacingOccurrences(of: encoded ?? old, with: encodedNew)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
