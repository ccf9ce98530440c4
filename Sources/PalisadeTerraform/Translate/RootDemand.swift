/// What one expression reads under one root name: which names, and of those which attributes.
struct RootDemand {
    /// The root is used whole (`var`, or a computed first index).
    var all = false
    /// Names read; a nil attribute set means every attribute.
    var names: [String: Set<String>?] = [:]
    /// For `data`: type → names read (nil: every name).
    var dataNames: [String: Set<String>?] = [:]

    mutating func add(_ traversal: HCLTraversal) {
        var steps = traversal.steps[...]
        guard case .attribute(let name)? = steps.popFirst() else {
            all = true
            return
        }
        if traversal.root == "data" {
            guard case .attribute(let dataName)? = steps.popFirst() else {
                dataNames[name] = .some(nil)
                return
            }
            if case .some(.some(var known)) = dataNames[name] {
                known.insert(dataName)
                dataNames[name] = .some(known)
            } else if dataNames[name] == nil {
                dataNames[name] = .some([dataName])
            }
            return
        }
        if case .index? = steps.first { steps = steps.dropFirst() }
        let attribute: String? = if case .attribute(let attribute)? = steps.first { attribute } else { nil }
        switch names[name] {
        case .none:
            names[name] = .some(attribute.map { [$0] })
        case .some(.none):
            break
        case .some(.some(var known)):
            if let attribute {
                known.insert(attribute)
                names[name] = .some(known)
            } else {
                names[name] = .some(nil)
            }
        }
    }
}

