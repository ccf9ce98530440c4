extension HCLParser {
    private static let binaryOperators: [HCLToken.Kind: HCLExpression.BinaryOperator] = [
        .or: .or, .and: .and, .equalEqual: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessOrEqual,
        .greater: .greater, .greaterEqual: .greaterOrEqual, .plus: .add, .minus: .subtract, .star: .multiply,
        .slash: .divide, .percent: .modulo,
    ]

    /// Parses a full expression: a conditional, an operation or a term.
    mutating func parseExpression() -> HCLExpression {
        guard depth < HCLParser.maximumDepth else {
            let token = peek()
            error("Expression is nested too deeply", at: token.range)
            if token.kind != .endOfFile { next() }
            return HCLExpression(.invalid, range: token.range)
        }
        depth += 1
        defer { depth -= 1 }
        let condition = parseBinary(minimumPrecedence: 1)
        guard peek().kind == .question else { return condition }
        next()
        let trueResult = parseExpression()
        let colon = peek()
        guard colon.kind == .colon else {
            error(
                "Missing \":\" in conditional expression: expected \"condition ? true_value : false_value\"",
                at: colon.range
            )
            return HCLExpression(
                .conditional(condition, trueResult, HCLExpression(.invalid, range: colon.range)),
                range: condition.range.union(trueResult.range)
            )
        }
        next()
        let falseResult = parseExpression()
        return HCLExpression(
            .conditional(condition, trueResult, falseResult),
            range: condition.range.union(falseResult.range)
        )
    }

    /// Precedence climbing: one frame per operator rather than one per precedence level, which keeps
    /// deeply nested expressions within small thread stacks.
    private mutating func parseBinary(minimumPrecedence: Int) -> HCLExpression {
        var lhs = parseUnary()
        while let op = HCLParser.binaryOperators[peek().kind], op.precedence >= minimumPrecedence {
            next()
            let rhs = parseBinary(minimumPrecedence: op.precedence + 1)
            lhs = HCLExpression(.binary(op, lhs, rhs), range: lhs.range.union(rhs.range))
        }
        return lhs
    }

    private mutating func parseUnary() -> HCLExpression {
        let token = peek()
        let op: HCLExpression.UnaryOperator
        switch token.kind {
        case .minus: op = .negate
        case .bang: op = .not
        default: return parsePostfix(parseTerm())
        }
        next()
        guard depth < HCLParser.maximumDepth else {
            error("Expression is nested too deeply", at: token.range)
            return HCLExpression(.invalid, range: token.range)
        }
        depth += 1
        defer { depth -= 1 }
        let operand = parseUnary()
        return HCLExpression(.unary(op, operand), range: token.range.union(operand.range))
    }

    // MARK: Terms

    private mutating func parseTerm() -> HCLExpression {
        let token = peek()
        switch token.kind {
        case .number:
            next()
            guard let number = Value.Number(parsing: token.text) else {
                error("Invalid number literal \(token.text.debugDescription)", at: token.range)
                return HCLExpression(.invalid, range: token.range)
            }
            return HCLExpression(.number(number, text: token.text), range: token.range)
        case .identifier:
            switch token.text {
            case "true":
                next()
                return HCLExpression(.bool(true), range: token.range)
            case "false":
                next()
                return HCLExpression(.bool(false), range: token.range)
            case "null":
                next()
                return HCLExpression(.null, range: token.range)
            default:
                let following = peekSecond().kind
                if following == .openParen || following == .doubleColon {
                    return parseFunctionCall()
                }
                next()
                return HCLExpression(.variable(token.text), range: token.range)
            }
        case .openQuote:
            return parseQuotedTemplate()
        case .openHeredoc:
            return parseHeredocTemplate()
        case .openParen:
            return parseParenthesized()
        case .openBracket:
            return parseTupleOrFor()
        case .openBrace:
            return parseObjectOrFor()
        default:
            error("Expected an expression, found \(token.describedForMessage)", at: token.range)
            switch token.kind {
            case .newline, .endOfFile, .closeBrace, .closeBracket, .closeParen, .comma, .templateSequenceEnd,
                .closeQuote, .closeHeredoc:
                break
            default:
                next()
            }
            return HCLExpression(.invalid, range: token.range)
        }
    }

    private mutating func parseParenthesized() -> HCLExpression {
        let open = next()
        newlineModes.append(false)
        let inner = parseExpression()
        newlineModes.removeLast()
        let close = peek()
        if close.kind == .closeParen {
            next()
        } else {
            error("Missing \")\" to close the parenthesis opened at \(open.range.start)", at: close.range)
            newlineModes.append(false)
            recover(to: .closeParen)
            newlineModes.removeLast()
        }
        return HCLExpression(.parenthesized(inner), range: range(from: open.range.start))
    }

    private mutating func parseFunctionCall() -> HCLExpression {
        let first = next()
        var name = first.text
        while peek().kind == .doubleColon {
            next()
            let part = peek()
            guard part.kind == .identifier else {
                error("Expected a function name after \"::\", found \(part.describedForMessage)", at: part.range)
                return HCLExpression(.invalid, range: range(from: first.range.start))
            }
            next()
            name += "::" + part.text
        }
        let open = peek()
        guard open.kind == .openParen else {
            error("Expected \"(\" after function name \(name.debugDescription)", at: open.range)
            return HCLExpression(.invalid, range: range(from: first.range.start))
        }
        next()
        var arguments: [HCLExpression] = []
        var expands = false
        newlineModes.append(false)
        parseArguments(of: name, into: &arguments, expands: &expands)
        newlineModes.removeLast()
        return HCLExpression(
            .functionCall(name: name, arguments: arguments, expandsFinalArgument: expands),
            range: range(from: first.range.start)
        )
    }

    private mutating func parseArguments(of name: String, into arguments: inout [HCLExpression], expands: inout Bool) {
        while true {
            let token = peek()
            if token.kind == .closeParen {
                next()
                return
            }
            if token.kind == .endOfFile {
                error("Missing \")\" to close the call to \(name)()", at: token.range)
                return
            }
            arguments.append(parseExpression())
            let separator = peek()
            switch separator.kind {
            case .comma:
                next()
            case .ellipsis:
                next()
                expands = true
                if peek().kind == .closeParen {
                    next()
                } else {
                    error("\"...\" may only follow the last argument of \(name)()", at: separator.range)
                    recover(to: .closeParen)
                }
                return
            case .closeParen:
                next()
                return
            default:
                error(
                    "Expected \",\" or \")\" in the arguments of \(name)(), found \(separator.describedForMessage)",
                    at: separator.range
                )
                recover(to: .closeParen)
                return
            }
        }
    }

    // MARK: Collections

    private func startsForExpression() -> Bool {
        let token = peek()
        return token.kind == .identifier && token.text == "for" && peekSecond().kind == .identifier
    }

    private mutating func parseTupleOrFor() -> HCLExpression {
        let open = next()
        newlineModes.append(false)
        defer { newlineModes.removeLast() }
        if startsForExpression() {
            return parseForExpression(open: open, isObject: false)
        }
        var elements: [HCLExpression] = []
        while true {
            let token = peek()
            if token.kind == .closeBracket {
                next()
                break
            }
            if token.kind == .endOfFile {
                error("Missing \"]\" to close the list opened at \(open.range.start)", at: token.range)
                break
            }
            elements.append(parseExpression())
            let separator = peek()
            if separator.kind == .comma {
                next()
            } else if separator.kind != .closeBracket {
                error(
                    "Expected \",\" or \"]\" in list, found \(separator.describedForMessage)",
                    at: separator.range
                )
                recover(to: .closeBracket)
                break
            }
        }
        return HCLExpression(.tuple(elements), range: range(from: open.range.start))
    }

    private mutating func parseObjectOrFor() -> HCLExpression {
        let open = next()
        let isFor = withNewlines(false) { $0.startsForExpression() }
        if isFor {
            newlineModes.append(false)
            defer { newlineModes.removeLast() }
            return parseForExpression(open: open, isObject: true)
        }
        newlineModes.append(true)
        defer { newlineModes.removeLast() }
        var items: [HCLExpression.ObjectItem] = []
        while true {
            var token = peek()
            while token.kind == .newline {
                next()
                token = peek()
            }
            if token.kind == .closeBrace {
                next()
                break
            }
            if token.kind == .endOfFile {
                error("Missing \"}\" to close the object opened at \(open.range.start)", at: token.range)
                break
            }
            let keyExpression = parseExpression()
            let key: HCLExpression.ObjectItem.Key
            if case .variable(let name) = keyExpression.kind {
                key = .identifier(name, keyExpression.range)
            } else {
                key = .expression(keyExpression)
            }
            let equals = peek()
            guard equals.kind == .equal || equals.kind == .colon else {
                error(
                    "Expected \"=\" or \":\" after object key, found \(equals.describedForMessage)",
                    at: equals.range
                )
                recover(to: .closeBrace)
                break
            }
            next()
            let value = parseExpression()
            items.append(HCLExpression.ObjectItem(key: key, value: value))
            let separator = peek()
            switch separator.kind {
            case .comma, .newline:
                next()
            case .closeBrace:
                break
            default:
                error(
                    "Expected \",\", a newline or \"}\" after object item, found \(separator.describedForMessage)",
                    at: separator.range
                )
                recover(to: .closeBrace)
                return HCLExpression(.object(items), range: range(from: open.range.start))
            }
        }
        return HCLExpression(.object(items), range: range(from: open.range.start))
    }

    /// Parses from the `for` keyword to the closing bracket or brace.
    private mutating func parseForExpression(open: HCLToken, isObject: Bool) -> HCLExpression {
        let closer: HCLToken.Kind = isObject ? .closeBrace : .closeBracket
        let closerText = isObject ? "}" : "]"
        func fail(_ parser: inout HCLParser, _ message: String, _ at: SourceRange) -> HCLExpression {
            parser.error(message, at: at)
            parser.recover(to: closer)
            return HCLExpression(.invalid, range: parser.range(from: open.range.start))
        }
        next()  // for
        var first = next()
        var keyVariable: String?
        if peek().kind == .comma {
            next()
            let second = peek()
            guard second.kind == .identifier else {
                return fail(&self, "Expected a second iteration variable after \",\"", second.range)
            }
            next()
            keyVariable = first.text
            first = second
        }
        let inKeyword = peek()
        guard inKeyword.kind == .identifier, inKeyword.text == "in" else {
            return fail(&self, "Expected \"in\" after the iteration variables of a for expression", inKeyword.range)
        }
        next()
        let collection = parseExpression()
        let colon = peek()
        guard colon.kind == .colon else {
            return fail(&self, "Expected \":\" after the collection of a for expression", colon.range)
        }
        next()
        var keyExpression: HCLExpression?
        if isObject {
            keyExpression = parseExpression()
            let arrow = peek()
            guard arrow.kind == .fatArrow else {
                return fail(&self, "Expected \"=>\" between key and value of an object for expression", arrow.range)
            }
            next()
        }
        let valueExpression = parseExpression()
        var grouping = false
        if isObject, peek().kind == .ellipsis {
            next()
            grouping = true
        }
        var condition: HCLExpression?
        let ifKeyword = peek()
        if ifKeyword.kind == .identifier, ifKeyword.text == "if" {
            next()
            condition = parseExpression()
        }
        let close = peek()
        guard close.kind == closer else {
            return fail(
                &self,
                "Expected \"\(closerText)\" to end the for expression, found \(close.describedForMessage)",
                close.range
            )
        }
        next()
        let forExpression = HCLExpression.ForExpression(
            keyVariable: keyVariable,
            valueVariable: first.text,
            collection: collection,
            keyExpression: keyExpression,
            valueExpression: valueExpression,
            condition: condition,
            isGrouping: grouping
        )
        return HCLExpression(.forExpression(forExpression), range: range(from: open.range.start))
    }

    // MARK: Traversals

    /// Applies `.name`, `.0`, `[key]`, `.*` and `[*]` to `base`.
    private mutating func parsePostfix(_ base: HCLExpression) -> HCLExpression {
        var expression = base
        while true {
            let token = peek()
            if token.kind == .dot {
                if peekSecond().kind == .star {
                    next()
                    next()
                    let each = parseSplatTraversal(
                        HCLExpression(.splatItem, range: .empty(fileName, at: previousEnd)),
                        isFull: false
                    )
                    expression = HCLExpression(
                        .splat(source: expression, each: each, isFull: false),
                        range: expression.range.union(range(from: token.range.start))
                    )
                    continue
                }
                guard let next = parseAttributeStep(on: expression) else { return expression }
                expression = next
            } else if token.kind == .openBracket {
                if peekSecond().kind == .star {
                    next()
                    next()
                    let close = peek()
                    if close.kind == .closeBracket {
                        next()
                    } else {
                        error("Expected \"]\" after \"[*\"", at: close.range)
                    }
                    let each = parseSplatTraversal(
                        HCLExpression(.splatItem, range: .empty(fileName, at: previousEnd)),
                        isFull: true
                    )
                    expression = HCLExpression(
                        .splat(source: expression, each: each, isFull: true),
                        range: expression.range.union(range(from: token.range.start))
                    )
                    continue
                }
                expression = parseIndexStep(on: expression)
            } else {
                return expression
            }
        }
    }

    /// The traversal after a splat: attribute steps, and for a full splat index steps too.
    private mutating func parseSplatTraversal(_ item: HCLExpression, isFull: Bool) -> HCLExpression {
        var each = item
        while true {
            let token = peek()
            if token.kind == .dot, peekSecond().kind != .star {
                guard let next = parseAttributeStep(on: each) else { return each }
                each = next
            } else if isFull, token.kind == .openBracket, peekSecond().kind != .star {
                each = parseIndexStep(on: each)
            } else {
                return each
            }
        }
    }

    /// `.name` or the legacy `.0`, starting at the dot.
    private mutating func parseAttributeStep(on base: HCLExpression) -> HCLExpression? {
        let dot = next()
        let name = peek()
        switch name.kind {
        case .identifier:
            next()
            return HCLExpression(.getAttribute(base, name: name.text), range: base.range.union(name.range))
        case .number:
            next()
            // `a.0.1` scans as `a`, `.`, `0.1`: two legacy index steps.
            var result = base
            var column = name.range.start
            for digits in name.text.split(separator: ".") {
                guard let number = Value.Number(parsing: String(digits)), number.isInteger else {
                    error("Invalid legacy index \(name.text.debugDescription): expected digits", at: name.range)
                    return HCLExpression(.invalid, range: base.range.union(name.range))
                }
                let end = SourcePosition(
                    line: column.line,
                    column: column.column + digits.count,
                    offset: column.offset + digits.utf8.count
                )
                let keyRange = SourceRange(fileName: fileName, start: column, end: end)
                let key = HCLExpression(.number(number, text: String(digits)), range: keyRange)
                result = HCLExpression(.index(result, key: key, isLegacy: true), range: base.range.union(keyRange))
                column = SourcePosition(line: end.line, column: end.column + 1, offset: end.offset + 1)
            }
            return result
        default:
            error("Expected an attribute name after \".\", found \(name.describedForMessage)", at: name.range)
            return HCLExpression(.invalid, range: base.range.union(dot.range))
        }
    }

    /// `[key]`, starting at the bracket.
    private mutating func parseIndexStep(on base: HCLExpression) -> HCLExpression {
        let open = next()
        newlineModes.append(false)
        let key = parseExpression()
        newlineModes.removeLast()
        let close = peek()
        if close.kind == .closeBracket {
            next()
        } else {
            error("Missing \"]\" to close the index opened at \(open.range.start)", at: close.range)
            newlineModes.append(false)
            recover(to: .closeBracket)
            newlineModes.removeLast()
        }
        return HCLExpression(
            .index(base, key: key, isLegacy: false),
            range: base.range.union(range(from: open.range.start))
        )
    }
}
