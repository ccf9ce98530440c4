public import PalisadeCore

/// EC2 `MaxResults`/`NextToken` over results sorted by ID. Without `MaxResults` everything is returned, as AWS does.
public struct Pagination: Sendable {
    public var maxResults: Int?
    public var nextToken: String?

    /// Reads and bounds-checks `MaxResults` (AWS's message) and `NextToken`.
    public init(_ request: QueryRequest, bounds: ClosedRange<Int>) throws(PolicyError) {
        maxResults = try request.int("MaxResults")
        nextToken = request["NextToken"]
        if let maxResults {
            if maxResults < bounds.lowerBound {
                throw .invalidValue(
                    "Value ( \(maxResults) ) for parameter maxResults is invalid. Expecting a value greater than \(bounds.lowerBound - 1).")
            }
            if maxResults > bounds.upperBound {
                throw .invalidValue(
                    "Value ( \(maxResults) ) for parameter maxResults is invalid. Expecting a value less than \(bounds.upperBound + 1).")
            }
        }
        if let nextToken, Pagination.decode(nextToken) == nil {
            throw PolicyError(.init("InvalidPaginationToken"), "The specified pagination token is not valid or is expired.")
        }
    }

    /// The ID the token points after, if a token was sent.
    public var after: String? { nextToken.flatMap(Pagination.decode) }

    /// The page after the token: items whose ID sorts after the token's, at most `maxResults` of them.
    public func page<T>(_ items: [T], id: (T) -> String) -> (items: [T], nextToken: String?) {
        var start = 0
        if let nextToken, let after = Pagination.decode(nextToken) {
            // Items are sorted by ID; binary search for the first after the token.
            var low = 0
            var high = items.count
            while low < high {
                let mid = (low + high) / 2
                if id(items[mid]) <= after { low = mid + 1 } else { high = mid }
            }
            start = low
        }
        guard let maxResults else { return (Array(items[start...]), nil) }
        let end = min(items.count, start + maxResults)
        let page = Array(items[start..<end])
        let token = end < items.count ? page.last.map { Pagination.encode(id($0)) } : nil
        return (page, token)
    }

    /// Tokens are opaque to clients: the last ID, hex-encoded behind a version tag.
    static func encode(_ id: String) -> String {
        "p1" + id.utf8.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    static func decode(_ token: String) -> String? {
        guard token.hasPrefix("p1"), token.count % 2 == 0, token.count <= 1024 else { return nil }
        var bytes: [UInt8] = []
        var index = token.index(token.startIndex, offsetBy: 2)
        while index < token.endIndex {
            let next = token.index(index, offsetBy: 2)
            guard let byte = UInt8(token[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
