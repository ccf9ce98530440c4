extension ExpressionEvaluator {
    func call(
        _ name: String,
        arguments: [HCLExpression],
        expandsFinalArgument: Bool,
        range: SourceRange
    ) throws(EvaluationError) -> Value {
        switch name {
        case "try":
            return try evaluateTry(arguments, range: range)
        case "can":
            guard arguments.count == 1 else {
                throw EvaluationError(
                    .wrongArgumentCount,
                    "can() takes exactly 1 argument, got \(arguments.count)",
                    at: range
                )
            }
            do {
                let value = try evaluate(arguments[0])
                if let unknown = value.firstUnknown { return .unknown(unknown) }
                return .bool(true)
            } catch {
                return .bool(false)
            }
        default:
            break
        }
        guard let function = context.functions[name] else {
            throw EvaluationError(.unknownFunction, "there is no function named \(name.debugDescription)", at: range)
        }
        var values: [Value] = []
        var ranges: [SourceRange] = []
        for (offset, argument) in arguments.enumerated() {
            let value = try evaluate(argument)
            if expandsFinalArgument, offset == arguments.count - 1 {
                if case .unknown = value { return value }
                guard let elements = value.elements else {
                    throw EvaluationError(
                        .invalidArgument,
                        "the argument expanded with \"...\" must be a list or set, got \(value.typeName)",
                        at: argument.range
                    )
                }
                values += elements
                ranges += Array(repeating: argument.range, count: elements.count)
            } else {
                values.append(value)
                ranges.append(argument.range)
            }
        }
        guard function.arity.contains(values.count) else {
            let expected =
                function.arity.upperBound == Int.max
                ? "at least \(function.arity.lowerBound)"
                : function.arity.lowerBound == function.arity.upperBound
                    ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) to \(function.arity.upperBound)"
            throw EvaluationError(
                .wrongArgumentCount,
                "\(name)() takes \(expected) argument(s), got \(values.count)",
                at: range
            )
        }
        for value in values {
            switch function.unknownHandling {
            case .requireWhollyKnown:
                if let unknown = value.firstUnknown { return .unknown(unknown) }
            case .requireKnownArguments:
                if case .unknown = value { return value }
            }
        }
        return try function.implementation(
            HCLFunction.Call(name: name, arguments: values, argumentRanges: ranges, range: range)
        )
    }

    /// `try(a, b, …)`: the first argument that evaluates without error; unknown if that one is unknown.
    private func evaluateTry(_ arguments: [HCLExpression], range: SourceRange) throws(EvaluationError) -> Value {
        guard !arguments.isEmpty else {
            throw EvaluationError(.wrongArgumentCount, "try() needs at least 1 argument", at: range)
        }
        var lastError: EvaluationError?
        for argument in arguments {
            do {
                let value = try evaluate(argument)
                if let unknown = value.firstUnknown { return .unknown(unknown) }
                return value
            } catch {
                lastError = error
            }
        }
        throw EvaluationError(
            .invalidArgument,
            "no argument of try() could be evaluated; the last failed with: \(lastError?.detail ?? "?")",
            at: range
        )
    }
}
