extension HCLExpression {
    /// The expression as one static traversal (`var.x`, `aws_security_group.web.id`, `a[0]["k"]`), or nil
    /// when it is anything else, including a traversal with a computed index.
    public var staticTraversal: HCLTraversal? {
        switch kind {
        case .variable(let name):
            return HCLTraversal(root: name, steps: [], range: range)
        case .getAttribute(let base, let name):
            guard var traversal = base.staticTraversal else { return nil }
            traversal.steps.append(.attribute(name))
            traversal.range = range
            return traversal
        case .index(let base, let key, _):
            guard var traversal = base.staticTraversal, let constant = key.constantValue else { return nil }
            traversal.steps.append(.index(constant))
            traversal.range = range
            return traversal
        default:
            return nil
        }
    }

    /// The value of a literal: a number, bool, null, a literal-only string, or a negated number; nil otherwise.
    public var constantValue: Value? {
        switch kind {
        case .null: return .null
        case .bool(let bool): return .bool(bool)
        case .number(let number, _): return .number(number)
        case .template(let template): return template.literalValue.map(Value.string)
        case .unary(.negate, let operand):
            if case .number(let number, _) = operand.kind { return .number(-number) }
            return nil
        case .parenthesized(let inner): return inner.constantValue
        default: return nil
        }
    }

    /// Every static traversal the expression reads, longest static prefix first, in source order.
    ///
    /// `aws_security_group.web[count.index].id` yields `aws_security_group.web` and `count.index`;
    /// names bound by `for` expressions and `%{for}` directives are not references.
    public var references: [HCLTraversal] {
        var result: [HCLTraversal] = []
        HCLExpression.collectReferences(self, bound: [], into: &result)
        return result
    }

    private static func collectReferences(
        _ expression: HCLExpression,
        bound: Set<String>,
        into result: inout [HCLTraversal]
    ) {
        if let traversal = expression.staticTraversal {
            if !bound.contains(traversal.root) { result.append(traversal) }
            return
        }
        func visit(_ child: HCLExpression, _ names: Set<String> = bound) {
            collectReferences(child, bound: names, into: &result)
        }
        switch expression.kind {
        case .null, .bool, .number, .variable, .splatItem, .invalid:
            break
        case .template(let template):
            collectReferences(template.parts, bound: bound, into: &result)
        case .getAttribute(let base, _):
            visit(base)
        case .index(let base, let key, _):
            visit(base)
            visit(key)
        case .splat(let source, let each, _):
            visit(source)
            visit(each)
        case .functionCall(_, let arguments, _):
            arguments.forEach { visit($0) }
        case .tuple(let elements):
            elements.forEach { visit($0) }
        case .object(let items):
            for item in items {
                if case .expression(let key) = item.key { visit(key) }
                visit(item.value)
            }
        case .forExpression(let forExpression):
            visit(forExpression.collection)
            var inner = bound
            inner.insert(forExpression.valueVariable)
            if let key = forExpression.keyVariable { inner.insert(key) }
            if let key = forExpression.keyExpression { visit(key, inner) }
            visit(forExpression.valueExpression, inner)
            if let condition = forExpression.condition { visit(condition, inner) }
        case .conditional(let condition, let trueResult, let falseResult):
            visit(condition)
            visit(trueResult)
            visit(falseResult)
        case .binary(_, let lhs, let rhs):
            visit(lhs)
            visit(rhs)
        case .unary(_, let operand), .parenthesized(let operand):
            visit(operand)
        }
    }

    private static func collectReferences(
        _ parts: [HCLTemplate.Part],
        bound: Set<String>,
        into result: inout [HCLTraversal]
    ) {
        for part in parts {
            switch part {
            case .literal:
                break
            case .interpolation(let expression, _, _):
                collectReferences(expression, bound: bound, into: &result)
            case .conditional(let conditional):
                collectReferences(conditional.condition, bound: bound, into: &result)
                collectReferences(conditional.thenParts, bound: bound, into: &result)
                collectReferences(conditional.elseParts ?? [], bound: bound, into: &result)
            case .loop(let loop):
                collectReferences(loop.collection, bound: bound, into: &result)
                var inner = bound
                inner.insert(loop.valueVariable)
                if let key = loop.keyVariable { inner.insert(key) }
                collectReferences(loop.body, bound: inner, into: &result)
            }
        }
    }
}
