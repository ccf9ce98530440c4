/// One `name=value` pair of a raw query string, percent-decoded.
struct QueryParameter: Hashable, Sendable {
    var nameBytes: [UInt8]
    var valueBytes: [UInt8]

    var name: String { String(decoding: nameBytes, as: UTF8.self) }
    var value: String { String(decoding: valueBytes, as: UTF8.self) }

    /// Splits on `&`, then on the first `=`; empty pieces (`a=1&&b=2`) are dropped, and a name without `=`
    /// has an empty value.
    static func parse(_ rawQuery: String) -> [QueryParameter] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            if let equals = piece.firstIndex(of: "=") {
                QueryParameter(
                    nameBytes: URIEncoding.decode(piece[..<equals]),
                    valueBytes: URIEncoding.decode(piece[piece.index(after: equals)...])
                )
            } else {
                QueryParameter(nameBytes: URIEncoding.decode(piece), valueBytes: [])
            }
        }
    }
}
