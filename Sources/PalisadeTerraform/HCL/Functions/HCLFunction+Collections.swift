extension HCLFunction {
    static let collectionFunctions: [HCLFunction] = [
        HCLFunction(name: "concat", arity: 0...Int.max, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            var result: [Value] = []
            for index in call.arguments.indices { result += try call.list(index) }
            return .list(result)
        },
        HCLFunction(name: "merge", arity: 0...Int.max, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            var result: [String: Value] = [:]
            for (index, argument) in call.arguments.enumerated() where argument != .null {
                result.merge(try call.map(index)) { _, new in new }
            }
            return .map(result)
        },
        HCLFunction(name: "lookup", arity: 2...3, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            let entries = try call.map(0)
            let key = try call.string(1)
            if let value = entries[key] { return value }
            if call.arguments.count == 3 { return call.arguments[2] }
            throw call.error(1, "the map has no key \(key.debugDescription) and no default was given")
        },
        HCLFunction(name: "length", arity: 1...1, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            switch call.arguments[0] {
            case .string(let string): return .number(string.count)
            case .list(let elements), .set(let elements): return .number(elements.count)
            case .map(let entries): return .number(entries.count)
            default: throw call.error(0, "a string, list, set or map is required, got \(call.arguments[0].typeName)")
            }
        },
        HCLFunction(name: "element", arity: 2...2, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            let elements = try call.list(0)
            let index = try call.integer(1)
            guard !elements.isEmpty else { throw call.error(0, "cannot use element() with an empty list") }
            guard index >= 0 else { throw call.error(1, "the index must not be negative") }
            return elements[index % elements.count]
        },
        HCLFunction(name: "coalesce", arity: 1...Int.max) { call throws(EvaluationError) in
            for argument in call.arguments where argument != .null && argument != .string("") {
                return argument
            }
            throw call.error(nil, "no non-null, non-empty-string arguments")
        },
        HCLFunction(name: "coalescelist", arity: 1...Int.max, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            for index in call.arguments.indices where !(try call.list(index)).isEmpty {
                return call.arguments[index]
            }
            return .list([])
        },
        HCLFunction(name: "contains", arity: 2...2) { call throws(EvaluationError) in
            .bool(try call.list(0).contains(call.arguments[1]))
        },
        HCLFunction(name: "distinct", arity: 1...1) { call throws(EvaluationError) in
            var seen = Set<Value>()
            return .list(try call.list(0).filter { seen.insert($0).inserted })
        },
        HCLFunction(name: "flatten", arity: 1...1) { call throws(EvaluationError) in
            func flatten(_ values: [Value]) -> [Value] {
                values.flatMap { value -> [Value] in
                    if let elements = value.elements { flatten(elements) } else { [value] }
                }
            }
            return .list(flatten(try call.list(0)))
        },
        HCLFunction(name: "keys", arity: 1...1, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            .list(try call.map(0).keys.sorted().map { .string($0) })
        },
        HCLFunction(name: "values", arity: 1...1, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            let entries = try call.map(0)
            return .list(entries.keys.sorted().map { entries[$0]! })
        },
        HCLFunction(name: "zipmap", arity: 2...2, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            let keys = try call.list(0)
            let values = try call.list(1)
            guard keys.count == values.count else {
                throw call.error(nil, "the lists of keys (\(keys.count)) and values (\(values.count)) differ in length")
            }
            var result: [String: Value] = [:]
            for (key, value) in zip(keys, values) {
                if case .unknown = key { return key }
                guard let name = key.convertedToString else { throw call.error(0, "keys must be strings") }
                result[name] = value
            }
            return .map(result)
        },
        HCLFunction(name: "range", arity: 1...3) { call throws(EvaluationError) in
            var start = Value.Number(0)
            var step = Value.Number(1)
            let limit: Value.Number
            switch call.arguments.count {
            case 1:
                limit = try call.number(0)
            default:
                start = try call.number(0)
                limit = try call.number(1)
                if call.arguments.count == 3 { step = try call.number(2) }
            }
            guard !step.isZero else { throw call.error(2, "the step must not be zero") }
            if (step > Value.Number(0) && limit < start) || (step < Value.Number(0) && start < limit) {
                throw call.error(nil, "the step moves away from the limit")
            }
            var result: [Value] = []
            var current = start
            while step > Value.Number(0) ? current < limit : limit < current {
                result.append(.number(current))
                guard result.count <= 1024 else { throw call.error(nil, "more than 1024 elements") }
                current = current + step
            }
            return .list(result)
        },
        HCLFunction(name: "compact", arity: 1...1) { call throws(EvaluationError) in
            var result: [Value] = []
            for element in try call.list(0) where element != .null {
                guard let string = element.convertedToString else { throw call.error(0, "elements must be strings") }
                if !string.isEmpty { result.append(.string(string)) }
            }
            return .list(result)
        },
        HCLFunction(name: "slice", arity: 3...3, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            let elements = try call.list(0)
            let start = try call.integer(1)
            let end = try call.integer(2)
            guard start >= 0, end <= elements.count, start <= end else {
                throw call.error(nil, "the range \(start)..<\(end) does not fit a list of \(elements.count) element(s)")
            }
            return .list(Array(elements[start..<end]))
        },
        HCLFunction(name: "index", arity: 2...2) { call throws(EvaluationError) in
            guard let position = try call.list(0).firstIndex(of: call.arguments[1]) else {
                throw call.error(1, "\(call.arguments[1]) is not in the list")
            }
            return .number(position)
        },
        HCLFunction(name: "setproduct", arity: 1...Int.max) { call throws(EvaluationError) in
            var product: [[Value]] = [[]]
            for index in call.arguments.indices {
                let elements = try call.list(index)
                product = product.flatMap { prefix in elements.map { prefix + [$0] } }
            }
            return .list(product.map { .list($0) })
        },
        HCLFunction(name: "one", arity: 1...1, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            let elements = try call.list(0)
            switch elements.count {
            case 0: return .null
            case 1: return elements[0]
            default: throw call.error(0, "must have no more than one element, got \(elements.count)")
            }
        },
        HCLFunction(name: "sort", arity: 1...1) { call throws(EvaluationError) in
            var strings: [String] = []
            for element in try call.list(0) {
                guard let string = element.convertedToString else { throw call.error(0, "elements must be strings") }
                strings.append(string)
            }
            return .list(strings.sorted().map { .string($0) })
        },
        HCLFunction(name: "reverse", arity: 1...1, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            .list(try call.list(0).reversed())
        },
        HCLFunction(name: "alltrue", arity: 1...1) { call throws(EvaluationError) in
            var result = true
            for element in try call.list(0) {
                guard let bool = element.convertedToBool else { throw call.error(0, "elements must be bools") }
                result = result && bool
            }
            return .bool(result)
        },
        HCLFunction(name: "anytrue", arity: 1...1) { call throws(EvaluationError) in
            var result = false
            for element in try call.list(0) {
                guard let bool = element.convertedToBool else { throw call.error(0, "elements must be bools") }
                result = result || bool
            }
            return .bool(result)
        },
        HCLFunction(name: "sum", arity: 1...1) { call throws(EvaluationError) in
            let elements = try call.list(0)
            guard !elements.isEmpty else { throw call.error(0, "cannot sum an empty list") }
            var total = Value.Number(0)
            for element in elements {
                guard let number = element.convertedToNumber else { throw call.error(0, "elements must be numbers") }
                total = total + number
            }
            return .number(total)
        },
        HCLFunction(name: "chunklist", arity: 2...2, unknownHandling: .requireKnownArguments) {
            call throws(EvaluationError) in
            let elements = try call.list(0)
            let size = try call.integer(1)
            guard size >= 0 else { throw call.error(1, "the chunk size must not be negative") }
            guard size > 0 else { return .list([.list(elements)]) }
            return .list(
                stride(from: 0, to: elements.count, by: size).map {
                    .list(Array(elements[$0..<min($0 + size, elements.count)]))
                }
            )
        },
    ]
}
