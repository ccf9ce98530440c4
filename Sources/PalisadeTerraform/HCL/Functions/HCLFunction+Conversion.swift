extension HCLFunction {
    static let conversionFunctions: [HCLFunction] = [
        HCLFunction(name: "toset", arity: 1...1) { call throws(EvaluationError) in
            var elements = try call.list(0)
            let primitives = elements.allSatisfy { $0.convertedToString != nil }
            let sameType = Set(elements.map(\.typeName)).count <= 1
            if primitives, !sameType {
                elements = elements.map { .string($0.convertedToString!) }
            }
            return Value.makeSet(elements)
        },
        HCLFunction(name: "tolist", arity: 1...1, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            .list(try call.list(0))
        },
        HCLFunction(name: "tomap", arity: 1...1, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            .map(try call.map(0))
        },
        HCLFunction(name: "tostring", arity: 1...1) { call throws(EvaluationError) in
            if call.arguments[0] == .null { return .null }
            return .string(try call.string(0))
        },
        HCLFunction(name: "tonumber", arity: 1...1) { call throws(EvaluationError) in
            if call.arguments[0] == .null { return .null }
            return .number(try call.number(0))
        },
        HCLFunction(name: "tobool", arity: 1...1) { call throws(EvaluationError) in
            if call.arguments[0] == .null { return .null }
            guard let bool = call.arguments[0].convertedToBool else {
                throw call.error(0, "a bool is required, got \(call.arguments[0].typeName)")
            }
            return .bool(bool)
        },
    ]
}
