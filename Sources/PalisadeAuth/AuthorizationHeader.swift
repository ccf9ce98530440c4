/// The parameters of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
struct AuthorizationHeader: Hashable, Sendable {
    var credential: String
    var signedHeaders: String
    var signature: String

    /// Parses the header value. Parameters may be separated by `,` with or without spaces, in any order;
    /// unknown parameters are ignored.
    static func parse(_ value: String) throws(AuthError) -> AuthorizationHeader {
        // Byte-wise (the separators are ASCII): every request's header passes through here.
        let trimmed = trimmingBlanks(Substring(value))
        guard let space = trimmed.utf8.firstIndex(where: isBlank) else {
            if trimmed == SigV4Verifier.algorithm {
                throw AuthError(.missingAuthorizationParameters(["Credential", "Signature", "SignedHeaders"]))
            }
            throw trimmed.hasPrefix("AWS4-") && !trimmed.utf8.contains(UInt8(ascii: "="))
                ? AuthError(.unsupportedAlgorithm(String(trimmed))) : AuthError(.malformedAuthorization)
        }
        let algorithm = trimmed[..<space]
        guard algorithm == SigV4Verifier.algorithm else {
            throw algorithm.hasPrefix("AWS4-")
                ? AuthError(.unsupportedAlgorithm(String(algorithm))) : AuthError(.malformedAuthorization)
        }
        var parameters: [Substring: Substring] = [:]
        for element in trimmed[space...].utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
            let cleaned = trimmingBlanks(Substring(element))
            guard !cleaned.isEmpty else { continue }
            guard let equals = cleaned.utf8.firstIndex(of: UInt8(ascii: "=")) else { throw AuthError(.malformedAuthorization) }
            let name = cleaned[..<equals]
            guard parameters[name] == nil else { throw AuthError(.duplicateAuthorizationParameter(String(name))) }
            parameters[name] = cleaned[cleaned.utf8.index(after: equals)...]
        }
        let missing = ["Credential", "Signature", "SignedHeaders"].filter { (parameters[Substring($0)] ?? "").isEmpty }
        guard missing.isEmpty, let credential = parameters["Credential"],
            let signedHeaders = parameters["SignedHeaders"],
            let signature = parameters["Signature"]
        else { throw AuthError(.missingAuthorizationParameters(missing)) }
        return AuthorizationHeader(
            credential: String(credential),
            signedHeaders: String(signedHeaders),
            signature: String(signature)
        )
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func trimmingBlanks(_ text: Substring) -> Substring {
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return Substring(bytes[start..<end])
    }
}
