extension ExpressionEvaluator {
    func binary(
        _ op: HCLExpression.BinaryOperator,
        _ left: Value,
        _ right: Value,
        lhs: HCLExpression,
        rhs: HCLExpression,
        range: SourceRange
    ) throws(EvaluationError) -> Value {
        if case .unknown = left { return left }
        if case .unknown = right { return right }
        switch op {
        case .equal, .notEqual:
            if let unknown = left.firstUnknown ?? right.firstUnknown { return .unknown(unknown) }
            let equal = ExpressionEvaluator.equals(left, right)
            return .bool(op == .equal ? equal : !equal)
        case .and, .or:
            guard let l = left.convertedToBool else { throw operandError(op, left, lhs.range, wanted: "bool") }
            guard let r = right.convertedToBool else { throw operandError(op, right, rhs.range, wanted: "bool") }
            return .bool(op == .and ? (l && r) : (l || r))
        default:
            guard let l = left.convertedToNumber else { throw operandError(op, left, lhs.range, wanted: "number") }
            guard let r = right.convertedToNumber else { throw operandError(op, right, rhs.range, wanted: "number") }
            switch op {
            case .less: return .bool(l < r)
            case .lessOrEqual: return .bool(l <= r)
            case .greater: return .bool(l > r)
            case .greaterOrEqual: return .bool(l >= r)
            case .add: return .number(l + r)
            case .subtract: return .number(l - r)
            case .multiply: return .number(l * r)
            case .divide, .modulo:
                if r.isZero {
                    throw EvaluationError(.invalidOperand, "division by zero", at: range)
                }
                return .number(op == .divide ? l / r : l % r)
            default: return .null  // unreachable: all other operators are handled above
            }
        }
    }

    func unary(_ op: HCLExpression.UnaryOperator, _ value: Value, range: SourceRange) throws(EvaluationError) -> Value {
        if case .unknown = value { return value }
        switch op {
        case .negate:
            guard let number = value.convertedToNumber else {
                throw EvaluationError(.invalidOperand, "unary \"-\" needs a number, got \(value.typeName)", at: range)
            }
            return .number(-number)
        case .not:
            guard let bool = value.convertedToBool else {
                throw EvaluationError(.invalidOperand, "\"!\" needs a bool, got \(value.typeName)", at: range)
            }
            return .bool(!bool)
        }
    }

    private func operandError(
        _ op: HCLExpression.BinaryOperator,
        _ value: Value,
        _ range: SourceRange,
        wanted: String
    ) -> EvaluationError {
        EvaluationError(
            .invalidOperand,
            "\"\(op.rawValue)\" needs \(wanted) operands, got \(value.typeName)"
                + (value.isCollection ? "" : " \(value)"),
            at: range
        )
    }

    /// HCL equality: same type and value; lists and sets compare element-wise, maps key-wise.
    static func equals(_ left: Value, _ right: Value) -> Bool {
        left == right
    }
}
