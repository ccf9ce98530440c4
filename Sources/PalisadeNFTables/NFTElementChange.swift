/// Elements added to or deleted from one named set: one line of an element delta.
public struct NFTElementChange: Hashable, Sendable {
    public enum Operation: String, Hashable, Sendable {
        case add, delete
    }

    public var operation: Operation
    /// `inet palisade`.
    public var table: String
    public var setName: String
    /// Elements in nft syntax, sorted as in the set.
    public var elements: [String]

    public init(operation: Operation, table: String, setName: String, elements: [String]) {
        self.operation = operation
        self.table = table
        self.setName = setName
        self.elements = elements
    }

    /// `add element inet palisade sg_0abc_v4 { 10.0.0.5 }`.
    public var command: String {
        "\(operation.rawValue) element \(table) \(setName) { \(elements.joined(separator: ", ")) }"
    }
}
