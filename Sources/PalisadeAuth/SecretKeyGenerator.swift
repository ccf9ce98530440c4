/// Makes AWS-shaped credentials: access key IDs, secret access keys and account IDs.
///
/// Pass a cryptographically secure generator in production; `SystemRandomNumberGenerator` is one on every
/// platform Swift supports (it reads the kernel's CSPRNG). Tests pass a seeded generator.
///
/// Storing secrets: a SigV4 server must recompute each signature with the secret itself, so (as at AWS)
/// secrets cannot be stored hashed. Keep them encrypted at rest under a server key held outside the database
/// (or in a secrets manager), decrypt only to verify, and never log them: ``AccessKeyPair`` and
/// ``SigningSecret`` redact them from their descriptions.
///
/// ```swift
/// var random = SystemRandomNumberGenerator()
/// let pair = SecretKeyGenerator.accessKeyPair(using: &random)
/// // pair.accessKeyId == "AKIA4HKQ2Y7ZQ3XWJB5C", pair.secretAccessKey.count == 40
/// ```
public enum SecretKeyGenerator {
    private static let base32: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    private static let base64: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// A new access key ID and secret access key.
    public static func accessKeyPair(using random: inout some RandomNumberGenerator) -> AccessKeyPair {
        AccessKeyPair(accessKeyId: accessKeyId(using: &random), secretAccessKey: secretAccessKey(using: &random))
    }

    /// `AKIA` and 16 upper-case base32 characters (80 random bits).
    public static func accessKeyId(using random: inout some RandomNumberGenerator) -> String {
        "AKIA" + String((0..<16).map { _ in base32[Int(random.next(upperBound: UInt8(32)))] })
    }

    /// 40 base64 characters (240 random bits).
    public static func secretAccessKey(using random: inout some RandomNumberGenerator) -> String {
        String((0..<40).map { _ in base64[Int(random.next(upperBound: UInt8(64)))] })
    }

    /// A 12-digit account ID that does not start with 0.
    public static func accountId(using random: inout some RandomNumberGenerator) -> String {
        String(random.next(upperBound: UInt64(900_000_000_000)) + 100_000_000_000)
    }
}
