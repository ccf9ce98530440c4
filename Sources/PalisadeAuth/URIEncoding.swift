/// SigV4's percent-encoding: RFC 3986 unreserved bytes stay, everything else becomes `%XX` (upper-case hex).
///
/// This is stricter than form or URL encoding: a space is `%20`, never `+`, and `*`, `!`, `'`, `(`, `)` are
/// encoded, exactly as botocore's `quote(value, safe='-_.~')` does.
enum URIEncoding {
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func encode(_ bytes: some Sequence<UInt8>, keepingSlash: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.underestimatedCount)
        for byte in bytes {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(Hex.upperDigits[Int(byte >> 4)])
                output.append(Hex.upperDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func encode(_ text: some StringProtocol, keepingSlash: Bool = false) -> String {
        encode(text.utf8, keepingSlash: keepingSlash)
    }

    /// Decodes `%XX` escapes. A `%` not followed by two hex digits stays literal, and `+` stays `+`:
    /// SigV4 clients encode spaces as `%20`, so a literal `+` was sent as `%2B` or means itself.
    static func decode(_ text: some StringProtocol) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = Hex.value(of: bytes[index + 1]),
                let low = Hex.value(of: bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// RFC 3986 §5.2.4 dot-segment removal plus collapsing of empty segments, as AWS services other than
    /// S3 (and botocore's `normalize_url_path`) apply to the path before encoding it.
    static func normalizedPath(_ path: some StringProtocol) -> String {
        if path.isEmpty { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(Substring(segment))
            }
        }
        let leading = path.first == "/" ? "/" : ""
        let trailing = path.last == "/" && !segments.isEmpty ? "/" : ""
        return leading + segments.joined(separator: "/") + trailing
    }
}
