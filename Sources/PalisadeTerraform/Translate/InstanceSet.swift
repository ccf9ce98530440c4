/// The instances a `count` or `for_each` produces, and how references see them.
enum InstanceSet {
    /// No `count` or `for_each`: one instance, referenced as an object.
    case single
    /// `count = n`: referenced as a list.
    case counted(Int)
    /// `for_each`: referenced as a map; keys in Terraform's (sorted) order with their `each.value`.
    case keyed([(key: String, value: Value)])
    /// `count` or `for_each` is not known (or invalid): no instance can be listed.
    case unknown(Value.Unknown)

    /// Each instance's key and the names it binds (`count.index`, `each.key`, `each.value`).
    var instances: [(key: InstanceKey, bindings: [String: Value])] {
        switch self {
        case .single:
            return [(.none, [:])]
        case .counted(let count):
            return (0..<count).map { (.index($0), ["count": .map(["index": .number($0)])]) }
        case .keyed(let entries):
            return entries.map { (.key($0.key), ["each": .map(["key": .string($0.key), "value": $0.value])]) }
        case .unknown(let unknown):
            return [(.none, ["count": .unknown(unknown), "each": .unknown(unknown)])]
        }
    }

    /// The value references see, given each instance's value.
    func referenceValue(_ make: (InstanceKey, [String: Value]) -> Value) -> Value {
        switch self {
        case .single:
            return make(.none, [:])
        case .counted:
            return .list(instances.map { make($0.key, $0.bindings) })
        case .keyed(let entries):
            var map: [String: Value] = [:]
            for (entry, instance) in zip(entries, instances) { map[entry.key] = make(instance.key, instance.bindings) }
            return .map(map)
        case .unknown(let unknown):
            return .unknown(unknown)
        }
    }
}
