internal import Crypto

/// The canonical form of a request that SigV4 hashes and signs, built exactly as AWS (and botocore) build it.
///
/// ```
/// POST
/// /
///
/// content-type:application/x-www-form-urlencoded; charset=utf-8
/// host:127.0.0.1:8080
/// x-amz-date:20240501T120000Z
///
/// content-type;host;x-amz-date
/// <hex SHA-256 of the body>
/// ```
public struct CanonicalRequest: Hashable, Sendable {
    public var method: String
    /// The normalised path with every segment URI-encoded (again: `%` becomes `%25`).
    public var uri: String
    /// Parameters URI-encoded, sorted by name then value, joined with `&`.
    public var queryString: String
    /// `name:value\n` for each signed header, names lower-case and sorted, values trimmed and space-folded.
    public var headers: String
    /// Signed header names joined with `;`.
    public var signedHeaders: String
    public var payloadHash: String

    /// The canonical request text.
    public var text: String { [method, uri, queryString, headers, signedHeaders, payloadHash].joined(separator: "\n") }

    /// Hex SHA-256 of ``text``, the last line of the string to sign.
    public var digest: String { Hex.lowercase(SHA256.hash(data: Array(text.utf8))) }

    /// The string to sign: algorithm, request time, scope and ``digest``.
    public func stringToSign(amzDate: String, scope: CredentialScope) -> String {
        "\(SigV4Verifier.algorithm)\n\(amzDate)\n\(scope)\n\(digest)"
    }

    /// Builds the canonical request of `request`.
    /// - Parameters:
    ///   - signedHeaders: Lower-case, sorted header names to include.
    ///   - payloadHash: The payload line: the body's hex SHA-256 or the `X-Amz-Content-Sha256` value.
    ///   - omittingQueryParameter: A parameter left out of the query (`X-Amz-Signature` of a presigned URL).
    /// - Returns: Nil when a signed header is absent from the request.
    public init?(
        _ request: SigV4Request,
        signedHeaders: [String],
        payloadHash: String,
        omittingQueryParameter: String? = nil
    ) {
        guard let headers = Self.canonicalHeaders(request.headers, signing: signedHeaders) else { return nil }
        self.method = request.method.uppercased()
        self.uri = Self.canonicalURI(request.path)
        self.queryString = Self.canonicalQueryString(request.query, omitting: omittingQueryParameter)
        self.headers = headers
        self.signedHeaders = signedHeaders.joined(separator: ";")
        self.payloadHash = payloadHash
    }

    /// Normalises the raw path and URI-encodes it once more, as AWS services other than S3 require.
    static func canonicalURI(_ rawPath: String) -> String {
        URIEncoding.encode(URIEncoding.normalizedPath(rawPath), keepingSlash: true)
    }

    /// Decodes each raw parameter and re-encodes it with SigV4's strict encoding, then sorts by the encoded
    /// name and, for repeated names, by encoded value (byte order).
    static func canonicalQueryString(_ rawQuery: String, omitting omitted: String?) -> String {
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for parameter in QueryParameter.parse(rawQuery) where parameter.name != omitted {
            let name = Array(URIEncoding.encode(parameter.nameBytes).utf8)
            pairs.append((name, Array(URIEncoding.encode(parameter.valueBytes).utf8)))
        }
        pairs.sort { lhs, rhs in
            lhs.name != rhs.name
                ? lhs.name.lexicographicallyPrecedes(rhs.name) : lhs.value.lexicographicallyPrecedes(rhs.value)
        }
        var output: [UInt8] = []
        for (index, pair) in pairs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            output += pair.name
            output.append(UInt8(ascii: "="))
            output += pair.value
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `name:value\n` lines; repeated headers join their values with `,` in received order.
    static func canonicalHeaders(_ headers: [(name: String, value: String)], signing names: [String]) -> String? {
        var valuesByName: [String: [String]] = [:]
        let wanted = Set(names)
        for header in headers {
            let lowered = header.name.lowercased()
            if wanted.contains(lowered) { valuesByName[lowered, default: []].append(trimmedAndFolded(header.value)) }
        }
        var output = ""
        for name in names {
            guard let values = valuesByName[name] else { return nil }
            output += name + ":" + values.joined(separator: ",") + "\n"
        }
        return output
    }

    /// Trims surrounding whitespace and folds runs of whitespace into one space (SigV4's "Trimall").
    static func trimmedAndFolded(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}
