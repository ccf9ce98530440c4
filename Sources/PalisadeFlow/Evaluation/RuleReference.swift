/// A rule named in an explanation: its `sgr-` ID and the group it belongs to.
public struct RuleReference: Hashable, Sendable, CustomStringConvertible {
    public var ruleId: String
    public var groupId: String

    public init(ruleId: String, groupId: String) {
        self.ruleId = ruleId
        self.groupId = groupId
    }

    public var description: String { "\(ruleId) (\(groupId))" }
}
