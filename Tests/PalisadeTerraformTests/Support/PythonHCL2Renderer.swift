import Foundation
import PalisadeTerraform

/// Renders our AST in the JSON shape python-hcl2 8.x produces with the options set in
/// `Resources/hcl2_to_json.py`, so the two parsers can be compared.
///
/// Conventions reproduced (python-hcl2's, not ours):
/// - a body is an object; each block type maps to a list of `{label: {label: {…body…}}}`, block
///   bodies carry `"__is_block__": true`;
/// - literals are JSON values; quoted strings are their decoded value with `${`/`%{` escaped as
///   `$${`/`%%{`; anything else is `${…}` source text in python-hcl2's spacing;
/// - every operation nested directly in another operation, a conditional, or a `for` key/value
///   is parenthesised, except anywhere inside explicit parentheses;
/// - a bare identifier as a whole attribute value (`type = string`) is the plain string `"string"`;
/// - a heredoc loses its final newline, and an indented heredoc (`<<-`) has `\` and `"` escaped
///   (a python-hcl2 quirk of its `<<-` handling; plain heredocs are not escaped).
enum PythonHCL2Renderer {
    static func render(_ file: HCLFile) -> JSONValue {
        render(file.body, isBlock: false)
    }

    static func render(_ body: HCLBody, isBlock: Bool) -> JSONValue {
        var entries: [String: JSONValue] = [:]
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                entries[attribute.name] = top(attribute.expression)
            case .block(let block):
                var value = render(block.body, isBlock: true)
                for label in block.labels.reversed() {
                    value = .object([label.value: value])
                }
                if case .array(let existing) = entries[block.type] {
                    entries[block.type] = .array(existing + [value])
                } else {
                    entries[block.type] = .array([value])
                }
            }
        }
        if isBlock { entries["__is_block__"] = .bool(true) }
        return .object(entries)
    }

    /// An attribute value or an element of a top-level tuple/object.
    static func top(_ expression: HCLExpression) -> JSONValue {
        switch expression.kind {
        case .null: return .null
        case .bool(let bool): return .bool(bool)
        case .number(let number, _): return .number(number.doubleValue)
        case .unary(.negate, let operand):
            if case .number(let number, _) = operand.kind { return .number(-number.doubleValue) }
        case .variable(let name):
            return .string(name)
        case .template(let template):
            var text = templateBody(template.parts, quoted: false)
            if template.heredoc != nil, text.hasSuffix("\n") { text.removeLast() }
            if template.heredoc?.isIndented == true {
                text = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            }
            return .string(text)
        case .tuple(let elements):
            return .array(elements.map(top))
        case .object(let items):
            var entries: [String: JSONValue] = [:]
            for item in items {
                entries[topKey(item.key)] = top(item.value)
            }
            return .object(entries)
        default:
            break
        }
        return .string("${" + inner(expression, context: Context()) + "}")
    }

    private static func topKey(_ key: HCLExpression.ObjectItem.Key) -> String {
        switch key {
        case .identifier(let name, _):
            return name
        case .expression(let expression):
            if case .template(let template) = expression.kind, template.heredoc == nil {
                return templateBody(template.parts, quoted: false)
            }
            return "${" + inner(expression, context: Context()) + "}"
        }
    }

    struct Context {
        var insideParentheses = false
        var parentIsOperation = false
    }

    private static func isOperation(_ expression: HCLExpression) -> Bool {
        switch expression.kind {
        case .binary, .unary, .conditional: true
        default: false
        }
    }

    /// Expression text inside `${…}`.
    static func inner(_ expression: HCLExpression, context: Context) -> String {
        let child = Context(insideParentheses: context.insideParentheses, parentIsOperation: false)
        let operand = Context(insideParentheses: context.insideParentheses, parentIsOperation: true)
        var text: String
        switch expression.kind {
        case .null: text = "null"
        case .bool(let bool): text = bool ? "true" : "false"
        case .number(let number, let source):
            if source.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                text = pythonFloat(Double(source) ?? number.doubleValue)
            } else {
                text = number.description
            }
        case .template(let template):
            text = "\"" + templateBody(template.parts, quoted: true) + "\""
        case .variable(let name): text = name
        case .splatItem: text = ""
        case .getAttribute(let base, let name): text = inner(base, context: child) + "." + name
        case .index(let base, let key, let isLegacy):
            text =
                inner(base, context: child)
                + (isLegacy ? "." + inner(key, context: child) : "[" + inner(key, context: child) + "]")
        case .splat(let source, let each, let isFull):
            text = inner(source, context: child) + (isFull ? "[*]" : ".*") + inner(each, context: child)
        case .functionCall(let name, let arguments, let expands):
            text =
                name + "(" + arguments.map { inner($0, context: child) }.joined(separator: ", ")
                + (expands ? " ..." : "") + ")"
        case .tuple(let elements):
            text = "[" + elements.map { inner($0, context: child) }.joined(separator: ", ") + "]"
        case .object(let items):
            text =
                "{"
                + items.map { item in
                    let key: String
                    switch item.key {
                    case .identifier(let name, _): key = name
                    case .expression(let expression): key = inner(expression, context: child)
                    }
                    return key + " = " + inner(item.value, context: child)
                }.joined(separator: ", ") + "}"
        case .forExpression(let forExpression):
            var intro = "for "
            if let key = forExpression.keyVariable { intro += key + ", " }
            intro += forExpression.valueVariable + " in " + inner(forExpression.collection, context: child) + " : "
            var body = ""
            if let key = forExpression.keyExpression {
                body = inner(key, context: operand) + " => " + inner(forExpression.valueExpression, context: operand)
                if forExpression.isGrouping { body += "..." }
            } else {
                body = inner(forExpression.valueExpression, context: operand)
            }
            if let condition = forExpression.condition { body += " if " + inner(condition, context: child) }
            text = forExpression.isObject ? "{" + intro + body + "}" : "[" + intro + body + "]"
        case .conditional(let condition, let trueResult, let falseResult):
            text =
                inner(condition, context: operand) + " ? " + inner(trueResult, context: operand) + " : "
                + inner(falseResult, context: operand)
        case .binary(let op, let lhs, let rhs):
            text = inner(lhs, context: operand) + " " + op.rawValue + " " + inner(rhs, context: operand)
        case .unary(let op, let value):
            text = op.rawValue + inner(value, context: operand)
        case .parenthesized(let value):
            text = "(" + inner(value, context: Context(insideParentheses: true, parentIsOperation: false)) + ")"
        case .invalid:
            text = "<invalid>"
        }
        if isOperation(expression), context.parentIsOperation, !context.insideParentheses {
            text = "(" + text + ")"
        }
        return text
    }

    /// Python's `repr(float)` for the values our corpus uses.
    private static func pythonFloat(_ value: Double) -> String {
        let text = value.description
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    /// The inside of a template: literals escaped (source escapes too when `quoted`), sequences as text.
    static func templateBody(_ parts: [HCLTemplate.Part], quoted: Bool) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal, _):
                text += escapeLiteral(literal, quoted: quoted)
            case .interpolation(let expression, _, _):
                text += "${" + inner(expression, context: Context()) + "}"
            case .conditional(let conditional):
                text += directive("if " + inner(conditional.condition, context: Context()), conditional.ifMarkers)
                text += templateBody(conditional.thenParts, quoted: quoted)
                if let elseParts = conditional.elseParts {
                    text += directive("else", conditional.elseMarkers ?? HCLTemplate.StripMarkers())
                    text += templateBody(elseParts, quoted: quoted)
                }
                text += directive("endif", conditional.endMarkers)
            case .loop(let loop):
                var header = "for "
                if let key = loop.keyVariable { header += key + ", " }
                header += loop.valueVariable + " in " + inner(loop.collection, context: Context())
                text += directive(header, loop.forMarkers)
                text += templateBody(loop.body, quoted: quoted)
                text += directive("endfor", loop.endMarkers)
            }
        }
        return text
    }

    private static func directive(_ content: String, _ markers: HCLTemplate.StripMarkers) -> String {
        "%{" + (markers.left ? "~ " : " ") + content + (markers.right ? " ~}" : " }")
    }

    private static func escapeLiteral(_ literal: String, quoted: Bool) -> String {
        var text = ""
        var previous: Character?
        for character in literal {
            if character == "{", previous == "$" || previous == "%" {
                text.append(previous!)
            }
            if quoted {
                switch character {
                case "\\": text += "\\\\"
                case "\"": text += "\\\""
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                default: text.append(character)
                }
            } else {
                text.append(character)
            }
            previous = character
        }
        return text
    }
}
