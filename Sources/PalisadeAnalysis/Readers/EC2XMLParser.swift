/// The recursive-descent reader behind ``EC2XMLElement/parse(_:)``: prolog, comments, elements (attributes skipped),
/// text with the five predefined entities and numeric character references, and CDATA sections.
struct EC2XMLParser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(EC2XMLElement.ParseError) -> EC2XMLElement {
        skipMisc()
        let root = try element()
        skipMisc()
        guard index == bytes.count else { throw failure("text after the root element") }
        return root
    }

    private func failure(_ message: String) -> EC2XMLElement.ParseError {
        EC2XMLElement.ParseError(message: message, offset: index)
    }

    private func starts(with text: String) -> Bool {
        var i = index
        for byte in text.utf8 {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
        }
        return true
    }

    private mutating func skip(past terminator: String) {
        while index < bytes.count, !starts(with: terminator) { index += 1 }
        index = min(bytes.count, index + terminator.utf8.count)
    }

    /// Whitespace, the `<?xml …?>` declaration and comments between elements.
    private mutating func skipMisc() {
        while index < bytes.count {
            if bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            } else if starts(with: "<?") {
                skip(past: "?>")
            } else if starts(with: "<!--") {
                skip(past: "-->")
            } else {
                return
            }
        }
    }

    private mutating func name() throws(EC2XMLElement.ParseError) -> String {
        let start = index
        while index < bytes.count, !" \t\r\n/>=".utf8.contains(bytes[index]) { index += 1 }
        guard index > start else { throw failure("expected a name") }
        let qualified = String(decoding: bytes[start..<index], as: UTF8.self)
        return qualified.split(separator: ":").last.map(String.init) ?? qualified
    }

    private mutating func element() throws(EC2XMLElement.ParseError) -> EC2XMLElement {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw failure("expected '<'") }
        index += 1
        let elementName = try name()
        // Attributes carry only namespaces in EC2 replies: skip to the end of the tag, minding quoted values.
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") {
                break
            }
            index += 1
        }
        if starts(with: "/>") {
            index += 2
            return EC2XMLElement(name: elementName)
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("unterminated tag <\(elementName)") }
        index += 1
        var children: [EC2XMLElement] = []
        var text: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("missing </\(elementName)>") }
            if starts(with: "</") {
                index += 2
                let closing = try name()
                guard closing == elementName else { throw failure("</\(closing)> closes <\(elementName)>") }
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                index += 1
                let content = children.isEmpty ? String(decoding: text, as: UTF8.self) : ""
                return EC2XMLElement(name: elementName, children: children, text: content)
            } else if starts(with: "<!--") {
                skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                index += 9
                while index < bytes.count, !starts(with: "]]>") {
                    text.append(bytes[index])
                    index += 1
                }
                index += 3
            } else if bytes[index] == UInt8(ascii: "<") {
                children.append(try element())
            } else if bytes[index] == UInt8(ascii: "&") {
                text += try entity()
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
    }

    private mutating func entity() throws(EC2XMLElement.ParseError) -> [UInt8] {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ";") { index += 1 }
        guard index < bytes.count else { throw failure("unterminated entity") }
        let body = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        index += 1
        switch body {
        case "amp": return Array("&".utf8)
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "quot": return Array("\"".utf8)
        case "apos": return Array("'".utf8)
        default:
            let number = body.hasPrefix("#x") ? UInt32(body.dropFirst(2), radix: 16) : body.hasPrefix("#") ? UInt32(body.dropFirst()) : nil
            guard let number, let scalar = Unicode.Scalar(number) else { throw failure("unknown entity &\(body);") }
            return Array(String(Character(scalar)).utf8)
        }
    }
}
