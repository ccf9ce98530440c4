/// A verdict map from interface name to a verdict (`type ifname : verdict`): how base chains reach the
/// chain of the interface a packet arrives on or leaves through, with one lookup whatever the number of
/// bound interfaces.
public struct NFTVerdictMap: Hashable, Sendable {
    public struct Element: Hashable, Sendable {
        /// A Linux interface name.
        public var interfaceName: String
        public var verdict: NFTVerdict

        public init(interfaceName: String, verdict: NFTVerdict) {
            self.interfaceName = interfaceName
            self.verdict = verdict
        }

        var text: String { "\"\(interfaceName)\" : \(verdict.text)" }
    }

    public var name: String
    /// Sorted by interface name.
    public var elements: [Element]

    public init(name: String, elements: [Element] = []) {
        self.name = name
        self.elements = elements
    }

    var lines: [String] {
        var lines = ["map \(name) {", "\ttype ifname : verdict"]
        if !elements.isEmpty { lines.append("\telements = { \(elements.map(\.text).joined(separator: ", ")) }") }
        lines.append("}")
        return lines
    }
}
