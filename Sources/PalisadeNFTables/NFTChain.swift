/// A chain: a base chain attached to a netfilter hook, or a regular chain reached by `jump`.
public struct NFTChain: Hashable, Sendable {
    /// Where a base chain hooks into the kernel's packet path.
    public struct Hook: Hashable, Sendable {
        public enum Point: String, Hashable, Sendable {
            case prerouting, input, forward, output
        }

        /// Named priorities: `raw` (-300) runs before connection tracking, `filter` (0) after it.
        public enum Priority: String, Hashable, Sendable {
            case raw, filter
        }

        public var point: Point
        public var priority: Priority
        /// Verdict for packets no rule decided; Palisade's base chains accept, its interface chains drop.
        public var policy: NFTVerdict

        public init(point: Point, priority: Priority, policy: NFTVerdict = .accept) {
            self.point = point
            self.priority = priority
            self.policy = policy
        }

        var text: String {
            "type filter hook \(point.rawValue) priority \(priority.rawValue); policy \(policy.text);"
        }
    }

    public var name: String
    /// `nil` for a regular chain.
    public var hook: Hook?
    public var rules: [NFTRule]

    public init(name: String, hook: Hook? = nil, rules: [NFTRule] = []) {
        self.name = name
        self.hook = hook
        self.rules = rules
    }

    var lines: [String] {
        var lines = ["chain \(name) {"]
        if let hook { lines.append("\t" + hook.text) }
        lines += rules.map { "\t" + $0.text }
        lines.append("}")
        return lines
    }
}
