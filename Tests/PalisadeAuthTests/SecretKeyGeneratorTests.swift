import PalisadeCore
import PalisadeAuth
import Testing

struct SecretKeyGeneratorTests {
    @Test func accessKeysHaveAWSShapes() {
        var random = SplitMix64(seed: 42)
        let base32 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let base64 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var seen: Set<String> = []
        for _ in 0..<200 {
            let pair = SecretKeyGenerator.accessKeyPair(using: &random)
            #expect(pair.accessKeyId.count == 20)
            #expect(pair.accessKeyId.hasPrefix("AKIA"))
            #expect(pair.accessKeyId.dropFirst(4).allSatisfy(base32.contains))
            #expect(pair.secretAccessKey.count == 40)
            #expect(pair.secretAccessKey.allSatisfy(base64.contains))
            #expect(!String(describing: pair).contains(pair.secretAccessKey))
            seen.insert(pair.accessKeyId)
            seen.insert(pair.secretAccessKey)
        }
        #expect(seen.count == 400)
    }

    @Test func sameSeedSameKeys() {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        #expect(SecretKeyGenerator.accessKeyPair(using: &first) == SecretKeyGenerator.accessKeyPair(using: &second))
    }

    @Test func accountIdsAreTwelveDigits() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let id = SecretKeyGenerator.accountId(using: &random)
            #expect(id.count == 12)
            #expect(id.allSatisfy(\.isASCII) && id.allSatisfy(\.isNumber))
            #expect(id.first != "0")
        }
    }

    @Test func generatedKeysSignAndVerify() throws {
        var random = SystemRandomNumberGenerator()
        let pair = SecretKeyGenerator.accessKeyPair(using: &random)
        let now = try #require(AmzDate.parse("20240501T120000Z"))
        let signer = SigV4Signer(
            accessKeyId: pair.accessKeyId,
            secretAccessKey: pair.secretAccessKey,
            region: "us-west-2"
        )
        let request = signer.sign(SigV4Request(method: "POST", target: "/", headers: [("Host", "localhost")]), at: now)
        let principal = try SigV4Verifier().verify(request, now: now) {
            $0 == pair.accessKeyId
                ? SigningSecret(secretAccessKey: pair.secretAccessKey, accountId: "123456789012") : nil
        }
        #expect(principal.region == "us-west-2")
    }
}
