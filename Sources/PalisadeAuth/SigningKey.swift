internal import Crypto

/// The HMAC key for one secret, day, region and service: `AWS4`+secret → date → region → service → `aws4_request`.
struct SigningKey: Sendable {
    // Raw bytes rather than Crypto's SymmetricKey, which is not Sendable and so could not sit in the shared cache.
    private let bytes: [UInt8]

    init(secretAccessKey: String, scope: CredentialScope) {
        var bytes = Array(("AWS4" + secretAccessKey).utf8)
        for element in [scope.date, scope.region, scope.service, CredentialScope.terminator] {
            bytes = Array(HMAC<SHA256>.authenticationCode(for: Array(element.utf8), using: SymmetricKey(data: bytes)))
        }
        self.bytes = bytes
    }

    /// Hex HMAC-SHA256 of `stringToSign`: the SigV4 signature.
    func signature(for stringToSign: String) -> String {
        Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: bytes)))
    }
}
