/// Evaluates ``HCLExpression``s to ``Value``s in an ``EvaluationContext``.
///
/// Unknown values propagate: an operator, condition, function or template that depends on an
/// unknown produces an unknown carrying the first reason, so a caller can report "unknown"
/// rather than guess. Errors in the input (undeclared names, wrong argument types) are thrown
/// as ``EvaluationError``, never trapped.
///
/// ```swift
/// let evaluator = ExpressionEvaluator(context: EvaluationContext(variables: ["var": vars]))
/// let port = try evaluator.evaluate(attribute.expression)
/// ```
public struct ExpressionEvaluator: Sendable {
    /// The names and functions available.
    public var context: EvaluationContext
    /// Names bound by enclosing `for` expressions and splats; they shadow the context.
    var scope: [String: Value] = [:]

    /// Creates an evaluator.
    /// - Parameter context: The names and functions available.
    public init(context: EvaluationContext) {
        self.context = context
    }

    /// Evaluates an expression.
    /// - Parameter expression: A parsed expression.
    /// - Returns: Its value; ``Value/unknown(_:)`` when it depends on something unknown.
    /// - Throws: ``EvaluationError`` when the expression is invalid for the values given.
    public func evaluate(_ expression: HCLExpression) throws(EvaluationError) -> Value {
        // Each case calls out to a small function: in debug builds one large switch would reserve
        // stack for every case's temporaries in every nested call.
        let range = expression.range
        switch expression.kind {
        case .null: return .null
        case .bool(let bool): return .bool(bool)
        case .number(let number, _): return .number(number)
        case .template(let template): return try evaluate(template, range: range)
        case .variable(let name): return try variable(name, range: range)
        case .splatItem: return scope[ExpressionEvaluator.splatItemName] ?? .null
        case .getAttribute(let base, let name): return try getAttribute(base, name: name, range: range)
        case .index(let base, let key, _): return try index(base, key: key, range: range)
        case .splat(let source, let each, _): return try splat(source, each: each)
        case .functionCall(let name, let arguments, let expands):
            return try call(name, arguments: arguments, expandsFinalArgument: expands, range: range)
        case .tuple(let elements): return try tuple(elements)
        case .object(let items): return try evaluateObject(items, range: range)
        case .forExpression(let forExpression): return try evaluate(forExpression, range: range)
        case .conditional(let condition, let trueResult, let falseResult):
            return try conditional(condition, trueResult, falseResult)
        case .binary(let op, let lhs, let rhs): return try binary(op, lhs, rhs, range: range)
        case .unary(let op, let operand): return try unary(op, operand)
        case .parenthesized(let inner): return try evaluate(inner)
        case .invalid: throw EvaluationError(.invalidExpression, "the expression has syntax errors", at: range)
        }
    }

    private func variable(_ name: String, range: SourceRange) throws(EvaluationError) -> Value {
        if let value = scope[name] ?? context.lookUp(name, at: range) { return value }
        throw EvaluationError(.unknownVariable, "\(name.debugDescription) is not declared", at: range)
    }

    private func tuple(_ elements: [HCLExpression]) throws(EvaluationError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(elements.count)
        for element in elements { values.append(try evaluate(element)) }
        return .list(values)
    }

    private func conditional(
        _ condition: HCLExpression,
        _ trueResult: HCLExpression,
        _ falseResult: HCLExpression
    ) throws(EvaluationError) -> Value {
        let value = try evaluate(condition)
        if case .unknown = value { return value }
        guard let bool = value.convertedToBool else {
            throw EvaluationError(
                .invalidOperand,
                "the condition must be a bool, got \(value.typeName)",
                at: condition.range
            )
        }
        return try evaluate(bool ? trueResult : falseResult)
    }

    private func binary(
        _ op: HCLExpression.BinaryOperator,
        _ lhs: HCLExpression,
        _ rhs: HCLExpression,
        range: SourceRange
    ) throws(EvaluationError) -> Value {
        let left = try evaluate(lhs)
        let right = try evaluate(rhs)
        return try binary(op, left, right, lhs: lhs, rhs: rhs, range: range)
    }

    private func unary(_ op: HCLExpression.UnaryOperator, _ operand: HCLExpression) throws(EvaluationError) -> Value {
        try unary(op, try evaluate(operand), range: operand.range)
    }

    /// Evaluates an expression, turning an error into an unknown value plus its diagnostic.
    /// - Parameter expression: A parsed expression.
    /// - Returns: The value (unknown on error) and the error's diagnostic, if any.
    public func evaluateReportingErrors(_ expression: HCLExpression) -> (Value, HCLDiagnostic?) {
        do {
            return (try evaluate(expression), nil)
        } catch {
            return (.unknown(error.detail, origin: error.range), error.diagnostic)
        }
    }

    static let splatItemName = "<splat>"

    /// A copy with extra names bound.
    func binding(_ names: [String: Value]) -> ExpressionEvaluator {
        var copy = self
        copy.scope.merge(names) { _, new in new }
        return copy
    }

    // MARK: Traversals

    private func getAttribute(_ baseExpression: HCLExpression, name: String, range: SourceRange) throws(EvaluationError)
        -> Value
    {
        let base = try evaluate(baseExpression)
        switch base {
        case .unknown:
            return base
        case .map(let entries):
            if let value = entries[name] { return value }
            let known = entries.keys.sorted().prefix(8).joined(separator: ", ")
            throw EvaluationError(
                .unsupportedAttribute,
                "this object has no attribute \(name.debugDescription)"
                    + (known.isEmpty ? "" : " (it has: \(known)\(entries.count > 8 ? ", …" : ""))"),
                at: range
            )
        case .null:
            throw EvaluationError(
                .unsupportedAttribute,
                "cannot read attribute \(name.debugDescription) of null",
                at: range
            )
        default:
            throw EvaluationError(
                .unsupportedAttribute,
                "a \(base.typeName) has no attributes (reading \(name.debugDescription))",
                at: range
            )
        }
    }

    private func index(_ baseExpression: HCLExpression, key keyExpression: HCLExpression, range: SourceRange)
        throws(EvaluationError) -> Value
    {
        let base = try evaluate(baseExpression)
        let key = try evaluate(keyExpression)
        let keyRange = keyExpression.range
        if case .unknown = base { return base }
        if case .unknown = key { return key }
        switch base {
        case .list(let elements):
            guard let number = key.convertedToNumber, let index = number.intValue else {
                throw EvaluationError(.invalidIndex, "a list index must be a whole number, got \(key)", at: keyRange)
            }
            guard elements.indices.contains(index) else {
                throw EvaluationError(
                    .invalidIndex,
                    "index \(index) is out of range for a list of \(elements.count) element(s)",
                    at: keyRange
                )
            }
            return elements[index]
        case .map(let entries):
            guard let name = key.convertedToString else {
                throw EvaluationError(.invalidIndex, "a map key must be a string, got \(key.typeName)", at: keyRange)
            }
            guard let value = entries[name] else {
                throw EvaluationError(
                    .invalidIndex,
                    "the map has no element for key \(name.debugDescription)",
                    at: keyRange
                )
            }
            return value
        case .set:
            throw EvaluationError(
                .invalidIndex,
                "elements of a set cannot be accessed by index; convert it with tolist() first",
                at: range
            )
        case .null:
            throw EvaluationError(.invalidIndex, "cannot index a null value", at: range)
        default:
            throw EvaluationError(.invalidIndex, "a \(base.typeName) cannot be indexed", at: range)
        }
    }

    private func splat(_ sourceExpression: HCLExpression, each: HCLExpression) throws(EvaluationError) -> Value {
        let source = try evaluate(sourceExpression)
        let elements: [Value]
        switch source {
        case .unknown:
            return source
        case .null:
            return .list([])
        case .list(let values), .set(let values):
            elements = values
        default:
            elements = [source]
        }
        var results: [Value] = []
        for element in elements {
            results.append(try binding([ExpressionEvaluator.splatItemName: element]).evaluate(each))
        }
        return .list(results)
    }

    // MARK: Collections

    private func evaluateObject(_ items: [HCLExpression.ObjectItem], range: SourceRange) throws(EvaluationError)
        -> Value
    {
        var entries: [String: Value] = [:]
        var unknownKey: Value?
        for item in items {
            let key: String
            switch item.key {
            case .identifier(let name, _):
                key = name
            case .expression(let expression):
                let value = try evaluate(expression)
                if case .unknown = value {
                    unknownKey = unknownKey ?? value
                    continue
                }
                guard let string = value.convertedToString else {
                    throw EvaluationError(
                        .invalidExpression,
                        "an object key must be a string, got \(value.typeName)",
                        at: expression.range
                    )
                }
                key = string
            }
            if entries[key] != nil {
                throw EvaluationError(.duplicateKey, "the key \(key.debugDescription) is set twice", at: item.key.range)
            }
            entries[key] = try evaluate(item.value)
        }
        if let unknownKey { return unknownKey }
        return .map(entries)
    }

    private func evaluate(_ forExpression: HCLExpression.ForExpression, range: SourceRange) throws(EvaluationError)
        -> Value
    {
        let collection = try evaluate(forExpression.collection)
        if case .unknown = collection { return collection }
        guard let pairs = collection.iterationPairs else {
            throw EvaluationError(
                .invalidForExpression,
                "a for expression needs a list, set or map, got \(collection.typeName)",
                at: forExpression.collection.range
            )
        }
        var listResult: [Value] = []
        var mapResult: [String: Value] = [:]
        var groups: [String: [Value]] = [:]
        for (key, value) in pairs {
            var names = [forExpression.valueVariable: value]
            if let keyVariable = forExpression.keyVariable { names[keyVariable] = key }
            let inner = binding(names)
            if let condition = forExpression.condition {
                let include = try inner.evaluate(condition)
                if case .unknown = include { return include }
                guard let bool = include.convertedToBool else {
                    throw EvaluationError(
                        .invalidForExpression,
                        "the if condition must be a bool, got \(include.typeName)",
                        at: condition.range
                    )
                }
                if !bool { continue }
            }
            let element = try inner.evaluate(forExpression.valueExpression)
            guard let keyExpression = forExpression.keyExpression else {
                listResult.append(element)
                continue
            }
            let keyValue = try inner.evaluate(keyExpression)
            if case .unknown = keyValue { return keyValue }
            guard let keyString = keyValue.convertedToString else {
                throw EvaluationError(
                    .invalidForExpression,
                    "an object key must be a string, got \(keyValue.typeName)",
                    at: keyExpression.range
                )
            }
            if forExpression.isGrouping {
                groups[keyString, default: []].append(element)
            } else {
                if mapResult[keyString] != nil {
                    throw EvaluationError(
                        .duplicateKey,
                        "two elements produce the key \(keyString.debugDescription); "
                            + "add \"...\" after the value expression to group them",
                        at: keyExpression.range
                    )
                }
                mapResult[keyString] = element
            }
        }
        if forExpression.keyExpression == nil { return .list(listResult) }
        if forExpression.isGrouping { return .map(groups.mapValues { .list($0) }) }
        return .map(mapResult)
    }
}
