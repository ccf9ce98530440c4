extension ExpressionEvaluator {
    /// Evaluates a template. A template that is a single interpolation (`"${x}"`) yields `x`'s
    /// value unchanged, as in HCL; anything else yields a string.
    func evaluate(_ template: HCLTemplate, range: SourceRange) throws(EvaluationError) -> Value {
        if template.heredoc == nil, template.parts.count == 1,
            case .interpolation(let expression, _, _) = template.parts[0]
        {
            return try evaluate(expression)
        }
        var output = ""
        if let unknown = try render(ExpressionEvaluator.applyingStripMarkers(template.parts), into: &output) {
            return .unknown(unknown)
        }
        return .string(output)
    }

    /// Appends the rendering of `parts`; returns the first unknown met instead of rendering it.
    private func render(_ parts: [HCLTemplate.Part], into output: inout String) throws(EvaluationError) -> Value
        .Unknown?
    {
        for part in parts {
            switch part {
            case .literal(let text, _):
                output += text
            case .interpolation(let expression, _, _):
                let value = try evaluate(expression)
                if case .unknown(let unknown) = value { return unknown }
                guard let string = value.convertedToString else {
                    let hint =
                        value == .null ? "null" : "a \(value.typeName); use jsonencode() or join() to make a string"
                    throw EvaluationError(
                        .invalidTemplateValue,
                        "cannot include \(hint) in a string template",
                        at: expression.range
                    )
                }
                output += string
            case .conditional(let conditional):
                let value = try evaluate(conditional.condition)
                if case .unknown(let unknown) = value { return unknown }
                guard let bool = value.convertedToBool else {
                    throw EvaluationError(
                        .invalidTemplateValue,
                        "the %{if} condition must be a bool, got \(value.typeName)",
                        at: conditional.condition.range
                    )
                }
                if let unknown = try render(bool ? conditional.thenParts : conditional.elseParts ?? [], into: &output) {
                    return unknown
                }
            case .loop(let loop):
                let collection = try evaluate(loop.collection)
                if case .unknown(let unknown) = collection { return unknown }
                guard let pairs = collection.iterationPairs else {
                    throw EvaluationError(
                        .invalidTemplateValue,
                        "%{for} needs a list, set or map, got \(collection.typeName)",
                        at: loop.collection.range
                    )
                }
                for (key, value) in pairs {
                    var names = [loop.valueVariable: value]
                    if let keyVariable = loop.keyVariable { names[keyVariable] = key }
                    if let unknown = try binding(names).render(loop.body, into: &output) { return unknown }
                }
            }
        }
        return nil
    }

    /// Applies `~` markers to the literals next to them: `${~` trims whitespace (newlines included)
    /// at the end of the literal before it, `~}` at the start of the literal after it.
    static func applyingStripMarkers(
        _ parts: [HCLTemplate.Part],
        stripLeading: Bool = false,
        stripTrailing: Bool = false
    ) -> [HCLTemplate.Part] {
        var result = parts
        for index in result.indices {
            switch result[index] {
            case .literal(var text, let range):
                let leading = index == 0 ? stripLeading : rightMarker(of: parts[index - 1])
                let trailing = index == parts.count - 1 ? stripTrailing : leftMarker(of: parts[index + 1])
                if leading { text = String(text.drop { $0.isWhitespace }) }
                if trailing {
                    while let last = text.last, last.isWhitespace { text.removeLast() }
                }
                result[index] = .literal(text, range)
            case .interpolation:
                break
            case .conditional(var conditional):
                conditional.thenParts = applyingStripMarkers(
                    conditional.thenParts,
                    stripLeading: conditional.ifMarkers.right,
                    stripTrailing: (conditional.elseMarkers ?? conditional.endMarkers).left
                )
                if let elseParts = conditional.elseParts {
                    conditional.elseParts = applyingStripMarkers(
                        elseParts,
                        stripLeading: conditional.elseMarkers?.right ?? false,
                        stripTrailing: conditional.endMarkers.left
                    )
                }
                result[index] = .conditional(conditional)
            case .loop(var loop):
                loop.body = applyingStripMarkers(
                    loop.body,
                    stripLeading: loop.forMarkers.right,
                    stripTrailing: loop.endMarkers.left
                )
                result[index] = .loop(loop)
            }
        }
        return result
    }

    private static func leftMarker(of part: HCLTemplate.Part) -> Bool {
        switch part {
        case .literal: false
        case .interpolation(_, let markers, _): markers.left
        case .conditional(let conditional): conditional.ifMarkers.left
        case .loop(let loop): loop.forMarkers.left
        }
    }

    private static func rightMarker(of part: HCLTemplate.Part) -> Bool {
        switch part {
        case .literal: false
        case .interpolation(_, let markers, _): markers.right
        case .conditional(let conditional): conditional.endMarkers.right
        case .loop(let loop): loop.endMarkers.right
        }
    }
}
