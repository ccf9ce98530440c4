public import PalisadeCore

/// Writes EC2 XML into one growing byte buffer (responses can hold tens of thousands of elements).
public struct XMLWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func raw(_ text: String) {
        // A native string's bytes are copied in one go; the UTF-8 view's own copy goes through an iterator.
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    /// `<name>escaped value</name>`.
    public mutating func element(_ name: String, _ value: String) {
        open(name)
        escape(value)
        close(name)
    }

    public mutating func element(_ name: String, _ value: String?) {
        if let value { element(name, value) }
    }

    public mutating func element(_ name: String, _ value: Int?) {
        guard let value else { return }
        open(name)
        bytes.appendDecimal(value)
        close(name)
    }

    public mutating func element(_ name: String, _ value: Int64) { element(name, Int(value)) }

    /// `<name>text</name>` for an address or CIDR, written straight into the response (its text needs no escaping).
    public mutating func element(_ name: String, _ value: some ASCIIText) {
        open(name)
        value.appendText(to: &bytes)
        close(name)
    }

    public mutating func element(_ name: String, _ value: Bool?) {
        if let value { element(name, value ? "true" : "false") }
    }

    /// `<name>…</name>` around what `body` writes.
    public mutating func element(_ name: String, _ body: (inout XMLWriter) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    /// `<name><item>…</item>…</name>`, or `<name/>` when empty (as AWS writes empty lists).
    public mutating func list<C: Collection>(_ name: String, _ items: C, _ body: (inout XMLWriter, C.Element) -> Void) {
        if items.isEmpty {
            bytes.append(60)
            raw(name)
            bytes.append(47)
            bytes.append(62)
            return
        }
        open(name)
        for item in items {
            open("item")
            body(&self, item)
            close("item")
        }
        close(name)
    }

    public mutating func open(_ name: String) {
        bytes.append(60)
        raw(name)
        bytes.append(62)
    }

    public mutating func close(_ name: String) {
        bytes.append(60)
        bytes.append(47)
        raw(name)
        bytes.append(62)
    }

    public mutating func escape(_ text: String) {
        // Most values (IDs, CIDRs, ports) need no escaping: copy them whole.
        let plain = text.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            guard !buffer.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if plain == true { return }
        for byte in text.utf8 {
            switch byte {
            case 38: bytes.append(contentsOf: Array("&amp;".utf8))
            case 60: bytes.append(contentsOf: Array("&lt;".utf8))
            case 62: bytes.append(contentsOf: Array("&gt;".utf8))
            case 34: bytes.append(contentsOf: Array("&quot;".utf8))
            case 39: bytes.append(contentsOf: Array("&apos;".utf8))
            default: bytes.append(byte)
            }
        }
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
