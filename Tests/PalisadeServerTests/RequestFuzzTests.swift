import Foundation
import Logging
import PalisadeCore
import PalisadeJSON
import PalisadeServer
import PalisadeStore
import Testing

/// Mutation fuzzing of the whole request path in-process: HTTP head and body parsing into SigV4 verification, form
/// decoding, EC2 parameter decoding and actions, and CloudTrail's JSON protocol. Every input must get an answer in
/// the EC2 error envelope (or a success, or CloudTrail's JSON error), promptly, without crashing.
///
/// The seed corpus (`FuzzCorpus/`, from scripts/generate-fuzz-corpus.py) holds real requests signed by botocore; add
/// any input that ever failed, named `crash-…`. CI runs a few seconds; run longer by hand:
///
///     PALISADE_FUZZ_SECONDS=600 swift test --filter RequestFuzzTests
///
/// `PALISADE_FUZZ_SEED` replays a run. Each input is written to `palisade-fuzz-input.http` in the temporary
/// directory before it runs, so the input of a crash is at hand.
struct RequestFuzzTests {
    static let signedAt = Timestamp(millisecondsSince1970: 1_795_780_800_000)  // 2026-11-27T12:00:00Z, the corpus's time

    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        let directory = try #require(Bundle.module.url(forResource: "FuzzCorpus", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".http") }.sorted()
        return try files.map { ($0, Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
    }

    /// Splits raw HTTP/1.1 text into a request, as leniently as a server that got this far would; `nil` when there is
    /// no request line at all (an HTTP server would have refused it before the API saw it).
    static func request(from bytes: [UInt8]) -> APIRequest? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd = bytes.count
        var bodyStart = bytes.count
        if bytes.count >= 4 {
            for index in 0...(bytes.count - 4) where bytes[index..<(index + 4)].elementsEqual(separator) {
                headEnd = index
                bodyStart = index + 4
                break
            }
        }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count >= 2 else { return nil }
        let target = String(requestLine[1])
        let (path, query): (String, String)
        if let mark = target.firstIndex(of: "?") {
            (path, query) = (String(target[..<mark]), String(target[target.index(after: mark)...]))
        } else {
            (path, query) = (target, "")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        return APIRequest(
            method: String(requestLine[0]), path: path, query: query, headers: headers, body: Array(bytes[bodyStart...]),
            sourceIPAddress: "192.0.2.1")
    }

    static func handlers() throws -> (signed: APIRequestHandler, open: APIRequestHandler) {
        func handler(authenticated: Bool) throws -> APIRequestHandler {
            let store = try PolicyStore(storage: MemoryPolicyStorage(), clock: { RequestFuzzTests.signedAt })
            let dispatcher = EC2Dispatcher(store: store, configuration: ServerConfiguration())
            var authenticator: Authenticator?
            if authenticated {
                let credentials = MemoryCredentialStore()
                try credentials.createAccount(StoredAccount(accountId: "123456789012", name: "fuzz", created: signedAt))
                try credentials.addAccessKey(
                    StoredAccessKey(
                        accessKeyId: "AKIAIOSFODNN7EXAMPLE", accountId: "123456789012",
                        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", created: signedAt))
                authenticator = Authenticator(credentials: credentials)
            }
            return APIRequestHandler(
                dispatcher: dispatcher, cloudTrail: CloudTrailAPI(audit: store.audit), authenticator: authenticator,
                recorder: AuditRecorder())
        }
        return (try handler(authenticated: true), try handler(authenticated: false))
    }

    /// What every answer must look like: a status, and a body in the envelope of its content type.
    static func wellFormed(_ reply: APIReply) -> Bool {
        guard (200..<600).contains(reply.status) else { return false }
        if reply.contentType.hasPrefix("text/xml") {
            let text = String(decoding: reply.body, as: UTF8.self)
            guard text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<") else { return false }
            if reply.status == 200 { return text.contains("Response xmlns=") }
            return text.contains("<Response><Errors><Error><Code>") && text.hasSuffix("</RequestID></Response>")
        }
        guard reply.contentType == "application/x-amz-json-1.1",
            let json = try? JSONParser.parse(String(decoding: reply.body, as: UTF8.self)), json.members != nil
        else { return false }
        return reply.status == 200 || json["__type"]?.string != nil
    }

    @Test func theSeedCorpusIsSignedCorrectly() async throws {
        let (signed, _) = try Self.handlers()
        // Inputs that once failed (`crash-*`) are kept as they were found, signature broken.
        for (name, bytes) in try Self.corpus() where !name.hasPrefix("crash-") {
            let request = try #require(Self.request(from: bytes), "\(name)")
            let reply = await signed.handle(request, logger: nil, now: Self.signedAt)
            #expect(Self.wellFormed(reply), "\(name)")
            // Signed correctly: whatever the EC2 outcome, never an authentication failure.
            let body = String(decoding: reply.body, as: UTF8.self)
            #expect(![401, 403].contains(reply.status) || body.contains("UnauthorizedOperation"), "\(name): \(body)")
        }
    }

    @Test func mutatedRequestsAlwaysGetAWellFormedAnswer() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["PALISADE_FUZZ_SECONDS"].flatMap(Double.init) ?? 3
        let seed = environment["PALISADE_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        var mutator = RequestMutator(seed: seed, corpus: try Self.corpus().map(\.bytes))
        let (signed, open) = try Self.handlers()
        let inputFile = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("palisade-fuzz-input.http")
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var runs = 0
        var slowest = Duration.zero
        while ContinuousClock.now < deadline {
            let input = mutator.next()
            try Data(input).write(to: inputFile)
            guard let request = Self.request(from: input) else { continue }
            for handler in [signed, open] {
                let started = ContinuousClock.now
                let reply = await handler.handle(request, logger: nil, now: Self.signedAt)
                let elapsed = ContinuousClock.now - started
                slowest = max(slowest, elapsed)
                #expect(Self.wellFormed(reply), "seed \(seed), run \(runs): malformed answer \(reply.status) \(String(decoding: reply.body.prefix(300), as: UTF8.self)) to \(inputFile.path)")
                #expect(elapsed < .seconds(2), "seed \(seed), run \(runs): took \(elapsed) for \(inputFile.path)")
            }
            runs += 1
        }
        #expect(runs > 100, "only \(runs) inputs in \(seconds) s")
        print("request fuzz: \(runs) inputs, seed \(seed), slowest \(slowest)")
    }
}

/// Mutates corpus entries: bit flips, interesting bytes and tokens, deleted, duplicated and spliced ranges, and
/// parameter values swapped for hostile ones. Deterministic for a seed.
struct RequestMutator {
    var generator: SplitMix64
    let corpus: [[UInt8]]

    init(seed: UInt64, corpus: [[UInt8]]) {
        generator = SplitMix64(seed: seed)
        self.corpus = corpus
    }

    static let tokens: [String] = [
        "%", "%2", "%zz", "%00", "%FF", "%C3%28", "&", "=", "==", "&&", ".", ".1", ".0", ".-1", ".99999999999999999999",
        "-1", "0", "65535", "65536", "-2147483649", "9223372036854775808", "1e309", "NaN", "true", "TRUE", "\u{FFFF}", "é",
        "\u{202E}", "\\", "\"", "'", "<", ">", "]]>", "{}", "[]", "null", "{\"a\":", "[[[[[[[[[[", "Action=", "Version=",
        "DryRun=true", "GroupId.1=", "IpPermissions.1.IpRanges.1.CidrIp=", "Filter.1.Name=", "Filter.1.Value.1=",
        "MaxResults=", "NextToken=", "0.0.0.0/0", "::/0", "300.1.1.1/33", "sg-", "sgr-0", "\r\n", "\r\n\r\n", "\n", " ",
        "X-Amz-Date: ", "20261127T120000Z", "99999999T999999Z", "Authorization: AWS4-HMAC-SHA256 Credential=",
        "/20261127/us-east-1/ec2/aws4_request", ", SignedHeaders=", ";;", "Signature=", "X-Amz-Content-Sha256: ",
        "UNSIGNED-PAYLOAD", "X-Amz-Target: CloudTrail_20131101.LookupEvents", "Host: ", "X-Amz-Credential=",
        "X-Amz-Expires=604801", "\u{0}",
    ]

    mutating func random(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(generator.next() % UInt64(bound))
    }

    mutating func next() -> [UInt8] {
        var bytes = corpus[random(corpus.count)]
        for _ in 0...random(4) { mutate(&bytes) }
        return bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let position = random(bytes.count + 1)
        switch random(8) {
        case 0 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] ^= UInt8(1 << random(8))
        case 1 where !bytes.isEmpty:
            let interesting: [UInt8] = [0, 0xFF, 0x80, 37, 38, 61, 46, 13, 10, 32, 58, 47, 34, 123, 91, 0xC3]
            bytes[min(position, bytes.count - 1)] = interesting[random(interesting.count)]
        case 2:
            let end = min(bytes.count, position + random(64) + 1)
            bytes.removeSubrange(position..<end)
        case 3:
            let end = min(bytes.count, position + random(128) + 1)
            let copy = Array(bytes[position..<end])
            for _ in 0..<(random(8) + 1) { bytes.insert(contentsOf: copy, at: min(position, bytes.count)) }
        case 4:
            bytes.insert(contentsOf: Array(RequestMutator.tokens[random(RequestMutator.tokens.count)].utf8), at: position)
        case 5:
            let other = corpus[random(corpus.count)]
            bytes = Array(bytes[..<position]) + Array(other[random(other.count + 1)...])
        case 6:
            // Replace a parameter value (after some '=') with a hostile one.
            let equals = bytes.indices.filter { bytes[$0] == 61 }
            guard let at = equals.isEmpty ? nil : equals[random(equals.count)] else { return }
            var end = at + 1
            while end < bytes.count, bytes[end] != 38, bytes[end] != 13 { end += 1 }
            let value = random(4) == 0
                ? [UInt8](repeating: UInt8(65 + random(26)), count: random(100_000) + 1)
                : Array(RequestMutator.tokens[random(RequestMutator.tokens.count)].utf8)
            bytes.replaceSubrange((at + 1)..<end, with: value)
        default:
            // Deep nesting for the JSON and indexed-name parsers.
            let token = random(2) == 0 ? "[" : "IpPermissions.1."
            bytes.insert(contentsOf: Array(String(repeating: token, count: random(2000) + 1).utf8), at: position)
        }
    }
}
