public import PalisadeJSON

/// CloudTrail's `responseElements` for an EC2 call: the XML response as JSON, the way CloudTrail writes it:
/// `return` becomes `_return`, `<item>` lists become `{"items": […]}`, `true`/`false` booleans and ports numbers.
public enum ResponseElements {
    /// Converts Palisade's own EC2 XML response (no attributes besides the namespace, no mixed content).
    /// Returns `null` for text that is not such a document.
    public static func json(xml bytes: [UInt8]) -> JSONValue {
        var parser = Parser(bytes: bytes)
        guard let root = parser.document() else { return .null }
        return root.json(name: "")
    }

    struct Element {
        var name: String
        var text = ""
        var children: [Element] = []

        func json(name: String) -> JSONValue {
            if children.isEmpty {
                if name.hasSuffix("Set") && text.isEmpty { return .object([]) }
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
                if RequestParameters.numericMembers.contains(name), let number = Int(text) { return .number(Double(number)) }
                return .string(text)
            }
            if children.allSatisfy({ $0.name == "item" }) {
                return .object([("items", .array(children.map { $0.json(name: "item") }))])
            }
            return .object(children.map { child in
                (child.name == "return" ? "_return" : child.name, child.json(name: child.name))
            })
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() -> Element? {
            skipProlog()
            return element()
        }

        private mutating func skipProlog() {
            while true {
                skipWhitespace()
                if starts(with: "<?") || starts(with: "<!") {
                    while index < bytes.count && bytes[index] != UInt8(ascii: ">") { index += 1 }
                    index += 1
                } else {
                    return
                }
            }
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        private func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return text.withUTF8Buffer { prefix in
                for offset in 0..<count where bytes[index + offset] != prefix[offset] { return false }
                return true
            }
        }

        private mutating func element() -> Element? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return nil }
            index += 1
            let nameStart = index
            while index < bytes.count, !Parser.endsName(bytes[index]) { index += 1 }
            guard index > nameStart else { return nil }
            var element = Element(name: String(decoding: bytes[nameStart..<index], as: UTF8.self))
            // Attributes (only xmlns here) are skipped.
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                    index += 2
                    return element
                }
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            // Text is kept only for elements without children (no mixed content), so its first run is all of it.
            var text: Range<Int>?
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                        while index < bytes.count && bytes[index] != UInt8(ascii: ">") { index += 1 }
                        index += 1
                        if element.children.isEmpty, let text { element.text = ResponseElements.unescape(bytes[text]) }
                        return element
                    }
                    guard let child = self.element() else { return nil }
                    element.children.append(child)
                } else {
                    let start = index
                    while index < bytes.count && bytes[index] != UInt8(ascii: "<") { index += 1 }
                    text = text.map { $0.lowerBound..<index } ?? start..<index
                }
            }
            return nil
        }

        /// Whitespace, `/` and `>` end an element's name.
        private static func endsName(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): true
            default: false
            }
        }
    }

    /// Undoes ``XMLWriter``'s escaping (the five predefined entities).
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        let entities: [(name: [UInt8], byte: UInt8)] = [
            (Array("amp;".utf8), UInt8(ascii: "&")), (Array("lt;".utf8), UInt8(ascii: "<")),
            (Array("gt;".utf8), UInt8(ascii: ">")), (Array("quot;".utf8), UInt8(ascii: "\"")),
            (Array("apos;".utf8), UInt8(ascii: "'")),
        ]
        var out: [UInt8] = []
        var index = bytes.startIndex
        outer: while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "&") {
                for entity in entities where bytes[(index + 1)...].starts(with: entity.name) {
                    out.append(entity.byte)
                    index += 1 + entity.name.count
                    continue outer
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
