extension HCLFunction {
    static let numericFunctions: [HCLFunction] = [
        HCLFunction(name: "min", arity: 1...Int.max) { call throws(EvaluationError) in
            var result = try call.number(0)
            for index in call.arguments.indices.dropFirst() { result = Swift.min(result, try call.number(index)) }
            return .number(result)
        },
        HCLFunction(name: "max", arity: 1...Int.max) { call throws(EvaluationError) in
            var result = try call.number(0)
            for index in call.arguments.indices.dropFirst() { result = Swift.max(result, try call.number(index)) }
            return .number(result)
        },
        HCLFunction(name: "abs", arity: 1...1) { call throws(EvaluationError) in
            let number = try call.number(0)
            return .number(number < Value.Number(0) ? -number : number)
        },
        HCLFunction(name: "ceil", arity: 1...1) { call throws(EvaluationError) in
            .number(Value.Number(Value.Number.ceiling(try call.number(0).doubleValue)))
        },
        HCLFunction(name: "floor", arity: 1...1) { call throws(EvaluationError) in
            .number(Value.Number(Value.Number.floor(try call.number(0).doubleValue)))
        },
        HCLFunction(name: "signum", arity: 1...1) { call throws(EvaluationError) in
            let value = try call.number(0).doubleValue
            return .number(value > 0 ? 1 : value < 0 ? -1 : 0)
        },
    ]
}
