/// A resource tag. Keys are case-sensitive; a resource holds at most 50.
public struct Tag: Hashable, Sendable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == Tag {
    /// The value for `key`, if tagged.
    public subscript(key key: String) -> String? { first { $0.key == key }?.value }

    /// Sets or overwrites tags by key, keeping first-set order.
    public mutating func merge(_ tags: [Tag]) {
        for tag in tags {
            if let index = firstIndex(where: { $0.key == tag.key }) {
                self[index].value = tag.value
            } else {
                append(tag)
            }
        }
    }
}
