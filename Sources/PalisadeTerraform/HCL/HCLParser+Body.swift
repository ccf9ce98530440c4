extension HCLParser {
    /// Parses attributes and blocks until end of file or, when `opening` is given, the `}` that closes the block.
    mutating func parseBody(closedBy opening: SourceRange?) -> HCLBody {
        let start = peekRaw().range.start
        var items: [HCLBody.Item] = []
        while true {
            let token = peekRaw()
            switch token.kind {
            case .newline:
                next()
            case .endOfFile:
                return HCLBody(items: items, range: range(from: start))
            case .closeBrace:
                if opening != nil {
                    return HCLBody(items: items, range: range(from: start))
                }
                error("Unexpected \"}\": there is no open block to close", at: token.range)
                next()
            case .identifier:
                if let item = parseBodyItem(insideBlock: opening != nil) {
                    items.append(item)
                }
            default:
                error(
                    "Expected an attribute or block definition, found \(token.describedForMessage)",
                    at: token.range
                )
                recoverToNextLine()
            }
        }
    }

    /// Parses `name = expression` or `type labels… { body }`, starting at the identifier.
    private mutating func parseBodyItem(insideBlock: Bool) -> HCLBody.Item? {
        let nameToken = next()
        let name = nameToken.text
        let following = peekRaw()
        switch following.kind {
        case .equal:
            next()
            let errorsBefore = diagnostics.count
            let expression = parseExpression()
            let attribute = HCLAttribute(
                name: name,
                nameRange: nameToken.range,
                expression: expression,
                range: nameToken.range.union(expression.range)
            )
            if diagnostics.count > errorsBefore {
                // The expression already reported its problem: skip the rest of the line quietly.
                let token = peekRaw()
                if token.kind != .newline, token.kind != .endOfFile, !(insideBlock && token.kind == .closeBrace) {
                    recoverToNextLine()
                } else if token.kind == .newline {
                    next()
                }
            } else {
                expectEndOfItem(after: "attribute", insideBlock: insideBlock)
            }
            return .attribute(attribute)
        case .openBrace, .identifier, .openQuote:
            return parseBlock(typeToken: nameToken, insideBlock: insideBlock).map { .block($0) }
        default:
            if following.kind == .newline || following.kind == .endOfFile {
                error(
                    "Missing \"=\" or block body after \(name.debugDescription): an attribute needs a value "
                        + "(name = value) and a block needs braces (name { … })",
                    at: nameToken.range
                )
            } else {
                error(
                    "Expected \"=\" or a block label after \(name.debugDescription), found "
                        + following.describedForMessage,
                    at: following.range
                )
            }
            recoverToNextLine()
            return nil
        }
    }

    private mutating func parseBlock(typeToken: HCLToken, insideBlock: Bool) -> HCLBlock? {
        var labels: [HCLBlock.Label] = []
        while true {
            let token = peekRaw()
            if token.kind == .identifier {
                next()
                labels.append(HCLBlock.Label(value: token.text, range: token.range, isQuoted: false))
            } else if token.kind == .openQuote {
                let label = parseQuotedTemplate()
                if let value = label.literalTemplateValue {
                    labels.append(HCLBlock.Label(value: value, range: label.range, isQuoted: true))
                } else {
                    error(
                        "Invalid block label: a label must be a plain string, without interpolation or directives",
                        at: label.range
                    )
                }
            } else {
                break
            }
        }
        let open = peekRaw()
        guard open.kind == .openBrace else {
            error(
                "Expected \"{\" to open the body of block \(typeToken.text.debugDescription), found "
                    + open.describedForMessage,
                at: open.range
            )
            recoverToNextLine()
            return nil
        }
        next()
        guard depth < HCLParser.maximumDepth else {
            error("Blocks are nested too deeply", at: open.range)
            recover(to: .closeBrace)
            return nil
        }
        depth += 1
        newlineModes.append(true)
        let body = parseBody(closedBy: open.range)
        newlineModes.removeLast()
        depth -= 1
        let close = peekRaw()
        if close.kind == .closeBrace {
            next()
        } else {
            error(
                "Missing \"}\" to close block \(typeToken.text.debugDescription) opened at line "
                    + "\(open.range.start.line)",
                at: close.range
            )
        }
        let block = HCLBlock(
            type: typeToken.text,
            typeRange: typeToken.range,
            labels: labels,
            body: body,
            range: range(from: typeToken.range.start)
        )
        if close.kind == .closeBrace {
            expectEndOfItem(after: "block", insideBlock: insideBlock)
        }
        return block
    }

    /// After an attribute or block: a newline, end of file, or the `}` of a one-line block.
    private mutating func expectEndOfItem(after what: String, insideBlock: Bool) {
        let token = peekRaw()
        switch token.kind {
        case .newline:
            next()
        case .endOfFile:
            break
        case .closeBrace where insideBlock:
            break
        default:
            error(
                "Unexpected \(token.describedForMessage) after \(what) definition: "
                    + "each attribute and block must end with a newline",
                at: token.range
            )
            recoverToNextLine()
        }
    }
}

extension HCLExpression {
    /// The text of a template expression with only literal parts.
    var literalTemplateValue: String? {
        if case .template(let template) = kind { template.literalValue } else { nil }
    }
}
