import PalisadeCore
import Testing

/// The byte-level IPv4 parsers accept exactly what the Character-level reading they replaced accepted.
struct IPv4ParsingTests {
    /// The earlier Character-based parsers, kept as the reference.
    static func referenceAddress(_ text: Substring) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let octet = UInt32(part), octet <= 255, part.count == 1 || part.first != "0"
            else { return nil }
            result = result << 8 | octet
            octets += 1
        }
        return octets == 4 ? result : nil
    }

    static func referenceCIDR(_ text: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = referenceAddress(parts[0]),
            !parts[1].isEmpty, parts[1].count <= 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let length = Int(parts[1]), (0...32).contains(length)
        else { return nil }
        return IPv4CIDR(address: IPv4Address(address), prefixLength: length).description
    }

    /// Digits, separators, a non-ASCII digit (Arabic-Indic three) and a combining mark, which must not split.
    static let alphabet: [Character] = ["0", "1", "2", "5", "9", ".", "/", " ", "+", "a", "\u{0663}", "\u{0301}"]

    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(IPv4CIDR(text)?.description == referenceCIDR(text), "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(IPv4Address(text)?.value == referenceAddress(text[...]), "\(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func everyShortTextParsesAsBefore() {
        var texts: [String] = [""]
        for _ in 0..<5 {
            texts = texts.flatMap { text in Self.alphabet.map { text + String($0) } }
            for text in texts { Self.check(text) }
        }
    }

    @Test(arguments: ["10.0.0.1/24", "255.255.255.255/32", "0.0.0.0/0", "100.68.0.18/18", "1.2.3.4/9", "10.0.0.0/8"])
    func everyEditOfAValidBlockParsesAsBefore(_ valid: String) {
        #expect(IPv4CIDR(valid) != nil)
        let characters = Array(valid)
        for position in 0...characters.count {
            if position < characters.count {
                var deleted = characters
                deleted.remove(at: position)
                Self.check(String(deleted))
            }
            for character in Self.alphabet {
                var inserted = characters
                inserted.insert(character, at: position)
                Self.check(String(inserted))
                if position < characters.count {
                    var replaced = characters
                    replaced[position] = character
                    Self.check(String(replaced))
                }
            }
        }
    }
}
