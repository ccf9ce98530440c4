extension TranslationSession {
    /// The checks that need no values, once per module directory: duplicate declarations, arguments the
    /// provider does not accept, references to undeclared names, module call arguments, and dependency cycles.
    func checkStatically(_ instance: ModuleInstance) {
        guard checkedModules.insert(instance.module.directory).inserted else { return }
        checkDuplicates(instance)
        checkSchemas(instance)
        checkReferences(instance)
        checkModuleCalls(instance)
        checkCycles(instance)
    }

    private func moduleName(_ instance: ModuleInstance) -> String {
        instance.parent == nil ? "the root module" : "module \(Value.string(instance.module.directory))"
    }

    // MARK: Duplicates

    private func checkDuplicates(_ instance: ModuleInstance) {
        var seen: [String: SourceRange] = [:]
        for block in instance.module.blocks {
            let key: String
            switch block.type {
            case "resource", "data", "variable", "output", "module":
                key = ([block.type] + block.labelValues).joined(separator: ".")
            case "locals":
                for attribute in block.body.attributes {
                    let localKey = "local.\(attribute.name)"
                    if let first = seen[localKey] {
                        report(
                            .duplicateDeclaration, .error,
                            "Duplicate local value definition: local.\(attribute.name) is already defined at \(first)",
                            at: attribute.nameRange
                        )
                    } else {
                        seen[localKey] = attribute.nameRange
                    }
                }
                continue
            default:
                continue
            }
            if let first = seen[key] {
                report(
                    .duplicateDeclaration, .error,
                    "Duplicate \(block.type) \(block.labelValues.map { Value.string($0).description }.joined(separator: " ")) "
                        + "configuration: already declared at \(first)",
                    at: block.typeRange
                )
            } else {
                seen[key] = block.typeRange
            }
        }
    }

    // MARK: Schemas

    private func checkSchemas(_ instance: ModuleInstance) {
        for declaration in instance.resourceOrder {
            guard let schema = ResourceSchema.of(declaration.type) else { continue }
            check(
                declaration.block.body, against: schema, in: declaration.type, block: nil,
                address: instance.prefix + declaration.key, requiredAt: declaration.block.typeRange
            )
        }
    }

    private func check(
        _ body: HCLBody,
        against schema: ResourceSchema,
        in resourceType: String,
        block blockType: String?,
        address: String,
        requiredAt range: SourceRange
    ) {
        let isTopLevel = blockType == nil
        for attribute in body.attributes {
            if isTopLevel, ResourceSchema.metaArguments.contains(attribute.name) { continue }
            if schema.arguments.contains(attribute.name) || schema.attributeBlocks.contains(attribute.name) { continue }
            report(
                .unsupportedArgument, .error,
                "Unsupported argument: an argument named \(Value.string(attribute.name)) is not expected "
                    + "\(blockType.map { "in \(article($0)) \($0) block of \(resourceType)" } ?? "in \(resourceType)")"
                    + hint(attribute.name, resourceType: resourceType, block: blockType),
                at: attribute.nameRange, address: address
            )
        }
        for nested in body.blocks {
            if isTopLevel, ResourceSchema.metaBlocks.contains(nested.type) { continue }
            var nestedType = nested.type
            var nestedBody = nested.body
            var nestedRange = nested.typeRange
            if nested.type == "dynamic", let label = nested.labels.first?.value {
                nestedType = label
                if let content = nested.body.blocks(ofType: "content").first {
                    nestedBody = content.body
                    nestedRange = content.typeRange
                }
            }
            guard let nestedSchema = schema.blocks[nestedType] else {
                if schema.opaqueBlocks.contains(nestedType) { continue }
                report(
                    .unsupportedBlock, .error,
                    "Unsupported block type: blocks of type \(Value.string(nestedType)) are not expected "
                        + "\(blockType.map { "in \(article($0)) \($0) block of \(resourceType)" } ?? "in \(resourceType)")",
                    at: nested.typeRange, address: address
                )
                continue
            }
            check(
                nestedBody, against: nestedSchema, in: resourceType, block: nestedType, address: address,
                requiredAt: nestedRange
            )
        }
        for name in schema.required.sorted() where body.attribute(named: name) == nil {
            report(
                .missingArgument, .error,
                "Missing required argument: the argument \(Value.string(name)) is required"
                    + (blockType.map { " in \(article($0)) \($0) block of \(resourceType)" } ?? " by \(resourceType)")
                    + ", but no definition was found",
                at: range, address: address
            )
        }
    }

    private func article(_ word: String) -> String {
        "aeiou".contains(word.first ?? "x") ? "an" : "a"
    }

    private func hint(_ argument: String, resourceType: String, block: String?) -> String {
        switch (argument, block) {
        case ("name_description", nil):
            return "; \(resourceType) has name, name_prefix and description, and without a description "
                + "the group gets the default \"Managed by Terraform\""
        case ("source_security_group_id", "ingress"?):
            return "; inline ingress blocks name source groups with security_groups = [...] "
                + "(source_security_group_id belongs to aws_security_group_rule), so this rule has no source"
        case ("source_security_group_id", "egress"?):
            return "; inline egress blocks name destination groups with security_groups = [...] "
                + "(source_security_group_id belongs to aws_security_group_rule, and in an egress rule the group "
                + "is the destination, not a source), so this rule has no destination"
        case ("cidr_block", "ingress"?), ("cidr_block", "egress"?):
            return "; did you mean cidr_blocks = [...]?"
        case ("security_group_ids", _), ("security_group", _):
            return block == nil ? "" : "; did you mean security_groups = [...]?"
        default:
            return ""
        }
    }

    // MARK: References

    /// Every expression of a body with the dynamic-block iterator names in scope for it.
    func forEachExpression(
        in body: HCLBody,
        iterators: Set<String> = [],
        _ visit: (HCLExpression, Set<String>) -> Void
    ) {
        for attribute in body.attributes { visit(attribute.expression, iterators) }
        for nested in body.blocks {
            guard nested.type == "dynamic", let label = nested.labels.first?.value else {
                forEachExpression(in: nested.body, iterators: iterators, visit)
                continue
            }
            var name = label
            if let iterator = nested.body.attribute(named: "iterator"),
                case .variable(let bare) = iterator.expression.kind
            {
                name = bare
            }
            for attribute in nested.body.attributes where attribute.name != "iterator" {
                visit(attribute.expression, iterators)
            }
            for inner in nested.body.blocks {
                forEachExpression(
                    in: inner.body, iterators: inner.type == "content" ? iterators.union([name]) : iterators, visit
                )
            }
        }
    }

    /// The top-level blocks whose expressions Terraform evaluates, with their graph node names.
    private func referencingBlocks(_ instance: ModuleInstance) -> [(node: String, block: HCLBlock?, body: HCLBody)] {
        var result: [(node: String, block: HCLBlock?, body: HCLBody)] = []
        for block in instance.module.blocks {
            let labels = block.labelValues
            switch block.type {
            case "resource" where labels.count == 2:
                result.append(("\(labels[0]).\(labels[1])", block, block.body))
            case "data" where labels.count == 2:
                result.append(("data.\(labels[0]).\(labels[1])", block, block.body))
            case "module" where labels.count == 1:
                result.append(("module.\(labels[0])", block, block.body))
            case "output" where labels.count == 1:
                result.append(("output.\(labels[0])", block, block.body))
            case "locals":
                for attribute in block.body.attributes {
                    result.append(
                        ("local.\(attribute.name)", nil, HCLBody(items: [.attribute(attribute)], range: attribute.range))
                    )
                }
            default:
                continue
            }
        }
        return result
    }

    /// The graph node a reference points at, or nil for names outside the graph (`count`, `each`, `path`, …).
    private func node(of reference: HCLTraversal) -> String? {
        let names = reference.leadingAttributes
        switch reference.root {
        case "count", "each", "self", "path", "terraform":
            return nil
        case "var":
            return names.first.map { "var.\($0)" }
        case "local":
            return names.first.map { "local.\($0)" }
        case "module":
            return names.first.map { "module.\($0)" }
        case "data":
            return names.count >= 2 ? "data.\(names[0]).\(names[1])" : nil
        default:
            return names.first.map { "\(reference.root).\($0)" }
        }
    }

    private func checkReferences(_ instance: ModuleInstance) {
        let within = instance.parent == nil ? "the root module" : "module \(Value.string(instance.module.directory))"
        for (_, _, body) in referencingBlocks(instance) {
            forEachExpression(in: body) { expression, iterators in
                for reference in expression.references where !iterators.contains(reference.root) {
                    let names = reference.leadingAttributes
                    guard let first = names.first else { continue }
                    switch reference.root {
                    case "count", "each", "self", "path", "terraform":
                        continue
                    case "var" where instance.variables[first] == nil:
                        report(
                            .undeclaredVariable, .error,
                            "Reference to undeclared input variable: an input variable named \(Value.string(first)) "
                                + "has not been declared in \(within)",
                            at: reference.range
                        )
                    case "local" where instance.locals[first] == nil:
                        report(
                            .undeclaredLocal, .error,
                            "Reference to undeclared local value: local.\(first) has not been declared in \(within)",
                            at: reference.range
                        )
                    case "module":
                        guard let call = instance.moduleCalls[first] else {
                            report(
                                .undeclaredModule, .error,
                                "Reference to undeclared module: no module call named \(Value.string(first)) is "
                                    + "declared in \(within)",
                                at: reference.range
                            )
                            continue
                        }
                        var steps = reference.steps.dropFirst()
                        if case .index? = steps.first { steps = steps.dropFirst() }
                        guard case .attribute(let output)? = steps.first,
                            let source = call.body.attribute(named: "source")?.expression.constantValue?.stringValue,
                            ModulePath.isLocal(source),
                            case .some(.some(let child)) = loadedModules[
                                ModulePath.join(instance.module.directory, source)
                            ]
                        else { continue }
                        if !child.blocks.contains(where: { $0.type == "output" && $0.labelValues == [output] }) {
                            report(
                                .undeclaredOutput, .error,
                                "Unsupported attribute: module.\(first) has no output named \(Value.string(output))",
                                at: reference.range
                            )
                        }
                    case "data":
                        guard names.count >= 2, instance.dataSources["\(names[0]).\(names[1])"] == nil else { continue }
                        report(
                            .undeclaredResource, .error,
                            "Reference to undeclared resource: a data resource \(Value.string(names[0])) "
                                + "\(Value.string(names[1])) has not been declared in \(within)",
                            at: reference.range
                        )
                    case "var", "local":
                        continue
                    default:
                        guard instance.resources["\(reference.root).\(first)"] == nil else { continue }
                        report(
                            .undeclaredResource, .error,
                            "Reference to undeclared resource: a managed resource \(Value.string(reference.root)) "
                                + "\(Value.string(first)) has not been declared in \(within)",
                            at: reference.range
                        )
                    }
                }
            }
        }
    }

    // MARK: Module calls

    private func checkModuleCalls(_ instance: ModuleInstance) {
        let meta: Set<String> = ["source", "version", "count", "for_each", "providers", "depends_on"]
        for name in instance.moduleCallOrder {
            guard let call = instance.moduleCalls[name],
                let source = call.body.attribute(named: "source")?.expression.constantValue?.stringValue,
                ModulePath.isLocal(source),
                case .some(.some(let child)) = loadedModules[ModulePath.join(instance.module.directory, source)]
            else { continue }
            var variables: [String: HCLBlock] = [:]
            for block in child.blocks where block.type == "variable" && block.labels.count == 1 {
                variables[block.labelValues[0]] = block
            }
            for attribute in call.body.attributes where !meta.contains(attribute.name) && variables[attribute.name] == nil {
                report(
                    .unsupportedArgument, .error,
                    "Unsupported argument: module \(Value.string(source)) has no variable named \(Value.string(attribute.name))",
                    at: attribute.nameRange, address: "\(instance.prefix)module.\(name)"
                )
            }
            for (variable, block) in variables.sorted(by: { $0.key < $1.key })
            where block.body.attribute(named: "default") == nil && call.body.attribute(named: variable) == nil {
                report(
                    .missingArgument, .error,
                    "Missing required argument: module.\(name) must set \(Value.string(variable)), which has no default",
                    at: call.typeRange, address: "\(instance.prefix)module.\(name)"
                )
            }
        }
    }

    // MARK: Cycles

    private func checkCycles(_ instance: ModuleInstance) {
        let blocks = referencingBlocks(instance)
        var order: [String] = []
        var edges: [String: [(target: String, range: SourceRange)]] = [:]
        var headers: [String: SourceRange] = [:]
        for (node, block, body) in blocks {
            if headers[node] != nil { continue }
            order.append(node)
            headers[node] = block?.typeRange ?? body.range
            var targets: [(target: String, range: SourceRange)] = []
            forEachExpression(in: body) { expression, iterators in
                for reference in expression.references where !iterators.contains(reference.root) {
                    if let target = self.node(of: reference) { targets.append((target, reference.range)) }
                }
            }
            edges[node] = targets
        }
        let declared = Set(order)
        for node in order {
            for edge in edges[node] ?? [] where edge.target == node && !node.hasPrefix("local.") {
                report(
                    .cycle, .error,
                    "Self-referential block: the configuration of \(instance.prefix)\(node) may not refer to itself",
                    at: edge.range, address: instance.prefix + node
                )
            }
        }
        for component in stronglyConnectedComponents(order, edges: edges, declared: declared) where component.count > 1 {
            let members = Set(component)
            let sorted = component.sorted { (headers[$0]?.start.offset ?? 0, $0) < (headers[$1]?.start.offset ?? 0, $1) }
            let byFile = order.filter { members.contains($0) }
            var notes: [TerraformDiagnostic.Note] = []
            for node in byFile {
                for edge in edges[node] ?? [] where members.contains(edge.target) && edge.target != node {
                    notes.append(
                        TerraformDiagnostic.Note(
                            message: "\(instance.prefix)\(node) refers to \(instance.prefix)\(edge.target)",
                            range: edge.range
                        )
                    )
                }
            }
            let allGroups = component.allSatisfy {
                $0.hasPrefix("aws_security_group.") || $0.hasPrefix("aws_default_security_group.")
            }
            report(
                .cycle, .error,
                "Cycle: \(byFile.map { instance.prefix + $0 }.joined(separator: ", "))"
                    + (allGroups
                        ? "; these groups refer to each other in inline rules: move the cross-references into "
                            + "aws_vpc_security_group_ingress_rule / aws_vpc_security_group_egress_rule (or "
                            + "aws_security_group_rule) resources"
                        : ""),
                at: headers[byFile.first ?? sorted[0]], address: instance.prefix + (byFile.first ?? sorted[0]),
                notes: notes
            )
        }
    }

    /// Tarjan's algorithm, iterative so that long chains cannot exhaust the stack.
    private func stronglyConnectedComponents(
        _ nodes: [String],
        edges: [String: [(target: String, range: SourceRange)]],
        declared: Set<String>
    ) -> [[String]] {
        var index: [String: Int] = [:]
        var lowLink: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var components: [[String]] = []
        var counter = 0
        for start in nodes where index[start] == nil {
            var work: [(node: String, next: Int)] = [(start, 0)]
            index[start] = counter
            lowLink[start] = counter
            counter += 1
            stack.append(start)
            onStack.insert(start)
            while var frame = work.popLast() {
                let targets = (edges[frame.node] ?? []).map(\.target).filter { declared.contains($0) }
                if frame.next < targets.count {
                    let target = targets[frame.next]
                    frame.next += 1
                    work.append(frame)
                    if index[target] == nil {
                        index[target] = counter
                        lowLink[target] = counter
                        counter += 1
                        stack.append(target)
                        onStack.insert(target)
                        work.append((target, 0))
                    } else if onStack.contains(target) {
                        lowLink[frame.node] = min(lowLink[frame.node]!, index[target]!)
                    }
                    continue
                }
                if let parent = work.last {
                    lowLink[parent.node] = min(lowLink[parent.node]!, lowLink[frame.node]!)
                }
                if lowLink[frame.node] == index[frame.node] {
                    var component: [String] = []
                    while let top = stack.popLast() {
                        onStack.remove(top)
                        component.append(top)
                        if top == frame.node { break }
                    }
                    components.append(component)
                }
            }
        }
        return components
    }
}
