/// Converts a variable's value to its declared `type`, as Terraform does before using it: a list given
/// for `set(string)` becomes a set (which `for_each` accepts), `"22"` for `number` becomes 22, and an
/// `object({…})` drops undeclared attributes and fills `optional(…)` ones.
///
/// Values that do not fit are returned unchanged: the translator reads configurations, it does not
/// type-check them.
enum TypeConstraint {
    static func convert(_ value: Value, to type: HCLExpression) -> Value {
        if case .unknown = value { return value }
        if case .null = value { return value }
        switch type.kind {
        case .parenthesized(let inner):
            return convert(value, to: inner)
        case .variable(let name):
            switch name {
            case "string": return value.convertedToString.map(Value.string) ?? value
            case "number": return value.convertedToNumber.map(Value.number) ?? value
            case "bool": return value.convertedToBool.map(Value.bool) ?? value
            default: return value
            }
        case .functionCall(let name, let arguments, _):
            return convert(value, function: name, arguments: arguments)
        default:
            return value
        }
    }

    private static func convert(_ value: Value, function name: String, arguments: [HCLExpression]) -> Value {
        switch name {
        case "list", "set":
            guard let elements = value.elements, arguments.count == 1 else { return value }
            let converted = elements.map { convert($0, to: arguments[0]) }
            return name == "set" ? Value.makeSet(converted) : .list(converted)
        case "tuple":
            guard let elements = value.elements, arguments.count == 1,
                case .tuple(let types) = arguments[0].kind, types.count == elements.count
            else { return value }
            return .list(zip(elements, types).map { convert($0, to: $1) })
        case "map":
            guard let entries = value.entries, arguments.count == 1 else { return value }
            return .map(entries.mapValues { convert($0, to: arguments[0]) })
        case "object":
            guard let entries = value.entries, arguments.count == 1, case .object(let items) = arguments[0].kind
            else { return value }
            var result: [String: Value] = [:]
            for item in items {
                guard case .identifier(let key, _) = item.key else { return value }
                if case .functionCall("optional", let optionalArguments, _) = item.value.kind,
                    !optionalArguments.isEmpty
                {
                    if let present = entries[key], present != .null {
                        result[key] = convert(present, to: optionalArguments[0])
                    } else if optionalArguments.count > 1, let fallback = optionalArguments[1].literal {
                        result[key] = convert(fallback, to: optionalArguments[0])
                    } else {
                        result[key] = .null
                    }
                } else if let present = entries[key] {
                    result[key] = convert(present, to: item.value)
                } else {
                    return value
                }
            }
            return .map(result)
        default:
            return value
        }
    }
}

extension HCLExpression {
    /// The value of an expression that uses no names (literals, tuples, objects), or nil.
    var literal: Value? {
        guard references.isEmpty else { return nil }
        return try? ExpressionEvaluator(context: EvaluationContext()).evaluate(self)
    }
}
