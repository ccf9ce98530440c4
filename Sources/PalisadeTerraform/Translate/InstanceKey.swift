/// The key of one instance of a resource or module: none, a `count` index, or a `for_each` key.
enum InstanceKey: Hashable, Sendable {
    case none
    case index(Int)
    case key(String)

    /// The address suffix: ``, `[0]`, `["key"]`.
    var suffix: String {
        switch self {
        case .none: ""
        case .index(let index): "[\(index)]"
        case .key(let key): "[\(Value.string(key))]"
        }
    }
}
