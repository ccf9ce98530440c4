internal import Crypto

/// An HTTP request as the server received it, with just what SigV4 signs.
///
/// Pass the path and query exactly as they were on the wire (still percent-encoded): SigV4 canonicalises
/// them itself, and decoding them first changes what is signed. Headers keep their order and case;
/// repeated headers stay separate entries.
///
/// ```swift
/// let request = SigV4Request(
///     method: "POST", path: "/", query: "",
///     headers: [("Host", "127.0.0.1:8080"), ("X-Amz-Date", "20240501T120000Z"), ("Authorization", "AWS4-HMAC-SHA256 …")],
///     payload: .bytes(Array(body))
/// )
/// ```
public struct SigV4Request: Sendable {
    /// The request body, or its SHA-256 when the caller has already hashed it (for example while streaming).
    public enum Payload: Hashable, Sendable {
        case bytes([UInt8])
        /// Lower-case hex SHA-256 of the body.
        case sha256(String)
    }

    /// `GET`, `POST`, …
    public var method: String
    /// The raw path, percent-encoded as received, without the query (`/`, `/a%20b/`).
    public var path: String
    /// The raw query string without `?`, percent-encoded as received; empty when there is none.
    public var query: String
    /// Header fields in received order with original name case.
    public var headers: [(name: String, value: String)]
    public var payload: Payload

    public init(
        method: String,
        path: String,
        query: String = "",
        headers: [(name: String, value: String)],
        payload: Payload = .bytes([])
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }

    /// Builds a request from a request target such as `/?Action=DescribeVpcs&Version=2016-11-15`.
    public init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        if let mark = target.firstIndex(of: "?") {
            self.init(
                method: method,
                path: String(target[..<mark]),
                query: String(target[target.index(after: mark)...]),
                headers: headers,
                payload: .bytes(body)
            )
        } else {
            self.init(method: method, path: target, headers: headers, payload: .bytes(body))
        }
    }

    /// Values of every header named `name` (case-insensitively), in received order.
    public func values(of name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// The hex SHA-256 of the body.
    public var payloadHash: String {
        switch payload {
        case .bytes(let bytes): Hex.lowercase(SHA256.hash(data: bytes))
        case .sha256(let hash): hash.lowercased()
        }
    }

    /// Replaces every header named `name` by one `name: value` at the position of the first, or appends it.
    mutating func setHeader(_ name: String, _ value: String) {
        let lowered = name.lowercased()
        if let first = headers.firstIndex(where: { $0.name.lowercased() == lowered }) {
            headers[first].value = value
            var index = headers.index(after: first)
            while index < headers.endIndex {
                if headers[index].name.lowercased() == lowered { headers.remove(at: index) } else { index += 1 }
            }
        } else {
            headers.append((name, value))
        }
    }

    mutating func removeHeaders(_ name: String) {
        let lowered = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowered }
    }
}
