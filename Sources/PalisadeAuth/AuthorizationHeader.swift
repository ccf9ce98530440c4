/// The parameters of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
struct AuthorizationHeader: Hashable, Sendable {
    var credential: String
    var signedHeaders: String
    var signature: String

    /// Parses the header value. Parameters may be separated by `,` with or without spaces, in any order;
    /// unknown parameters are ignored.
    static func parse(_ value: String) throws(AuthError) -> AuthorizationHeader {
        let trimmed = trimmingBlanks(Substring(value))
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            if trimmed == SigV4Verifier.algorithm {
                throw AuthError(.missingAuthorizationParameters(["Credential", "Signature", "SignedHeaders"]))
            }
            throw trimmed.hasPrefix("AWS4-") && !trimmed.contains("=")
                ? AuthError(.unsupportedAlgorithm(String(trimmed))) : AuthError(.malformedAuthorization)
        }
        let algorithm = trimmed[..<space]
        guard algorithm == SigV4Verifier.algorithm else {
            throw algorithm.hasPrefix("AWS4-")
                ? AuthError(.unsupportedAlgorithm(String(algorithm))) : AuthError(.malformedAuthorization)
        }
        var parameters: [Substring: Substring] = [:]
        for element in trimmed[space...].split(separator: ",", omittingEmptySubsequences: true) {
            let cleaned = trimmingBlanks(element)
            guard !cleaned.isEmpty else { continue }
            guard let equals = cleaned.firstIndex(of: "=") else { throw AuthError(.malformedAuthorization) }
            let name = cleaned[..<equals]
            guard parameters[name] == nil else { throw AuthError(.duplicateAuthorizationParameter(String(name))) }
            parameters[name] = cleaned[cleaned.index(after: equals)...]
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

    private static func trimmingBlanks(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
