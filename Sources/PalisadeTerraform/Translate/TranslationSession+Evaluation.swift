import PalisadeCore

extension TranslationSession {
    /// Evaluates `expression` in a module instance; errors become diagnostics (unless `quiet`) and unknown values.
    /// - Parameters:
    ///   - expression: The expression.
    ///   - instance: The module instance whose names it uses.
    ///   - bindings: Names bound around it: `count`, `each`, dynamic-block iterators.
    ///   - quiet: Whether to drop evaluation errors instead of reporting them.
    /// - Returns: The value; unknown when it cannot be known or failed to evaluate.
    func evaluate(
        _ expression: HCLExpression,
        in instance: ModuleInstance,
        bindings: [String: Value],
        quiet: Bool = false
    ) -> Value {
        var variables = bindings
        var demands: [String: RootDemand] = [:]
        for reference in expression.references where bindings[reference.root] == nil {
            demands[reference.root, default: RootDemand()].add(reference)
        }
        for (root, demand) in demands {
            if let value = rootValue(root, demand, in: instance) { variables[root] = value }
        }
        let evaluator = ExpressionEvaluator(
            context: EvaluationContext(variables: variables, functions: TranslationSession.functions)
        )
        let (value, diagnostic) = evaluator.evaluateReportingErrors(expression)
        if let diagnostic, !quiet {
            report(.evaluation, .error, diagnostic.message, at: diagnostic.range)
        }
        return value
    }

    /// The value of an attribute of `body`, with where it is; nil when the attribute is absent.
    func field(_ name: String, of body: HCLBody, in instance: ModuleInstance, bindings: [String: Value])
        -> (value: Value, range: SourceRange)?
    {
        guard let attribute = body.attribute(named: name) else { return nil }
        return (evaluate(attribute.expression, in: instance, bindings: bindings), attribute.expression.range)
    }

    private func rootValue(_ root: String, _ demand: RootDemand, in instance: ModuleInstance) -> Value? {
        func select<T>(_ declared: [String: T], _ make: (String) -> Value) -> Value {
            let names = demand.all ? Array(declared.keys) : Array(demand.names.keys)
            var entries: [String: Value] = [:]
            for name in names { entries[name] = make(name) }
            return .map(entries)
        }
        switch root {
        case "var":
            return select(instance.variables) { variableValue($0, in: instance) }
        case "local":
            return select(instance.locals) { localValue($0, in: instance) }
        case "module":
            if demand.all {
                return select(instance.moduleCalls) { moduleValue($0, outputs: nil, in: instance) }
            }
            var entries: [String: Value] = [:]
            for (name, outputs) in demand.names { entries[name] = moduleValue(name, outputs: outputs, in: instance) }
            return .map(entries)
        case "data":
            var types: [String: Value] = [:]
            let wanted: [String: Set<String>?] =
                demand.all
                ? Dictionary(instance.dataSources.values.map { ($0.type, nil) }, uniquingKeysWith: { a, _ in a })
                : demand.dataNames
            for (type, names) in wanted {
                let declared = instance.dataSources.values.filter { $0.type == type }.map(\.name)
                var entries: [String: Value] = [:]
                for name in names.map(Array.init) ?? declared {
                    let address = "\(instance.prefix)data.\(type).\(name)"
                    entries[name] =
                        instance.dataSources["\(type).\(name)"] == nil
                        ? .unknown("\(address) is not declared")
                        : .unknown("\(address) is read from the provider at plan time")
                }
                types[type] = .map(entries)
            }
            return .map(types)
        case "path":
            let rootDirectory = instance.root.module.directory
            return .map([
                "module": .string(instance.module.directory), "root": .string(rootDirectory),
                "cwd": .string(rootDirectory),
            ])
        case "terraform":
            return .map(["workspace": .string("default")])
        case "count", "each", "self":
            return nil
        default:
            let names: [String: Set<String>?] =
                demand.all
                ? Dictionary(
                    instance.resourceOrder.filter { $0.type == root }.map { ($0.name, nil) },
                    uniquingKeysWith: { a, _ in a }
                )
                : demand.names
            var entries: [String: Value] = [:]
            for (name, attributes) in names {
                entries[name] = resourceValue(type: root, name: name, attributes: attributes, in: instance)
            }
            return .map(entries)
        }
    }

    // MARK: Variables, locals, outputs

    /// A variable's value: `.tfvars` (root) or the module call's argument (child), else its default, else unknown.
    func variableValue(_ name: String, in instance: ModuleInstance) -> Value {
        if let known = instance.variableValues[name] { return known }
        guard let block = instance.variables[name] else {
            return .unknown("var.\(name) is not declared")
        }
        var value: Value
        if instance.parent == nil, let given = variableFileValues[name] {
            value = given.value
        } else if let parent = instance.parent, let argument = instance.call?.body.attribute(named: name) {
            value = evaluate(argument.expression, in: parent, bindings: instance.callBindings)
        } else if let fallback = block.body.attribute(named: "default") {
            value = evaluate(fallback.expression, in: instance, bindings: [:])
        } else {
            value = .unknown(
                "variable \(Value.string(name)) has no value",
                origin: block.labels.first?.range ?? block.typeRange
            )
        }
        if let type = block.body.attribute(named: "type") {
            value = TypeConstraint.convert(value, to: type.expression)
        }
        instance.variableValues[name] = value
        return value
    }

    /// A local value, evaluated once; a local that depends on itself is unknown (the cycle is reported by the static checks).
    func localValue(_ name: String, in instance: ModuleInstance) -> Value {
        if let known = instance.localValues[name] { return known }
        guard let attribute = instance.locals[name] else { return .unknown("local.\(name) is not declared") }
        guard instance.localsInProgress.insert(name).inserted else {
            return .unknown("local.\(name) depends on itself", origin: attribute.nameRange)
        }
        let value = evaluate(attribute.expression, in: instance, bindings: [:])
        instance.localsInProgress.remove(name)
        instance.localValues[name] = value
        return value
    }

    /// An output of a child module instance.
    func outputValue(_ name: String, of child: ModuleInstance) -> Value {
        if let known = child.outputValues[name] { return known }
        guard let block = child.outputs[name] else {
            return .unknown("\(child.prefix.dropLast()) has no output \(Value.string(name))")
        }
        guard let expression = block.body.attribute(named: "value")?.expression else { return .null }
        guard child.outputsInProgress.insert(name).inserted else {
            return .unknown("output \(name) depends on itself", origin: expression.range)
        }
        let value = evaluate(expression, in: child, bindings: [:])
        child.outputsInProgress.remove(name)
        child.outputValues[name] = value
        return value
    }

    // MARK: count and for_each

    /// The instances of a resource or module block, from its `count` or `for_each`.
    func instanceSet(of block: HCLBlock, key: String, in instance: ModuleInstance) -> InstanceSet {
        if let known = instance.instanceSets[key] { return known }
        guard instance.instanceSetsInProgress.insert(key).inserted else {
            return .unknown(Value.Unknown(reason: "\(instance.prefix)\(key) depends on its own instances"))
        }
        let set = computeInstanceSet(of: block, key: key, in: instance)
        instance.instanceSetsInProgress.remove(key)
        instance.instanceSets[key] = set
        return set
    }

    private func computeInstanceSet(of block: HCLBlock, key: String, in instance: ModuleInstance) -> InstanceSet {
        let address = instance.prefix + key
        if let count = block.body.attribute(named: "count") {
            let value = evaluate(count.expression, in: instance, bindings: [:])
            if case .unknown(let unknown) = value {
                report(
                    .unknownValue, .warning,
                    "count of \(address) is unknown (\(unknown.reason)); its instances cannot be listed",
                    at: count.expression.range, address: address
                )
                return .unknown(unknown)
            }
            guard let number = value.convertedToNumber?.intValue, number >= 0 else {
                report(
                    .invalidValue, .error,
                    "count of \(address) must be a non-negative whole number, got \(value)",
                    at: count.expression.range, address: address
                )
                return .unknown(Value.Unknown(reason: "count of \(address) is invalid", origin: count.expression.range))
            }
            return .counted(number)
        }
        if let forEach = block.body.attribute(named: "for_each") {
            let value = evaluate(forEach.expression, in: instance, bindings: [:])
            let invalid = Value.Unknown(reason: "for_each of \(address) is invalid", origin: forEach.expression.range)
            switch value {
            case .unknown(let unknown):
                report(
                    .unknownValue, .warning,
                    "for_each of \(address) is unknown (\(unknown.reason)); its instances cannot be listed",
                    at: forEach.expression.range, address: address
                )
                return .unknown(unknown)
            case .map(let entries):
                return .keyed(entries.keys.sorted().map { (key: $0, value: entries[$0]!) })
            case .set(let elements):
                if let unknown = value.firstUnknown {
                    report(
                        .unknownValue, .warning,
                        "for_each of \(address) has unknown elements (\(unknown.reason)); its instances cannot be listed",
                        at: forEach.expression.range, address: address
                    )
                    return .unknown(unknown)
                }
                var entries: [(key: String, value: Value)] = []
                for element in elements {
                    guard let text = element.stringValue else {
                        report(
                            .invalidValue, .error,
                            "for_each of \(address) must be a map or a set of strings; the set holds a \(element.typeName)",
                            at: forEach.expression.range, address: address
                        )
                        return .unknown(invalid)
                    }
                    entries.append((key: text, value: element))
                }
                return .keyed(entries)
            default:
                report(
                    .invalidValue, .error,
                    "for_each of \(address) must be a map or a set of strings, got a \(value.typeName)"
                        + (value.elements != nil ? "; convert it with toset()" : ""),
                    at: forEach.expression.range, address: address
                )
                return .unknown(invalid)
            }
        }
        return .single
    }

    // MARK: Modules

    /// The instances of a module call, loading the module on first use.
    func childModules(_ name: String, of instance: ModuleInstance) -> ModuleInstance.ChildModules {
        if let known = instance.children[name] { return known }
        let result = loadChildModules(name, of: instance)
        instance.children[name] = result
        return result
    }

    private func loadChildModules(_ name: String, of instance: ModuleInstance) -> ModuleInstance.ChildModules {
        let address = "\(instance.prefix)module.\(name)"
        guard let call = instance.moduleCalls[name] else {
            return .unknown(Value.Unknown(reason: "\(address) is not declared"))
        }
        guard let sourceAttribute = call.body.attribute(named: "source"),
            let source = sourceAttribute.expression.constantValue?.stringValue
        else {
            report(.missingArgument, .error, "\(address) needs a literal \"source\"", at: call.typeRange, address: address)
            return .unknown(Value.Unknown(reason: "\(address) has no source", origin: call.typeRange))
        }
        guard ModulePath.isLocal(source) else {
            report(
                .unsupportedModule, .warning,
                "\(address) comes from \(Value.string(source)), which is not read; its outputs are unknown",
                at: sourceAttribute.expression.range, address: address
            )
            return .unknown(
                Value.Unknown(reason: "\(address) comes from \(source), which is not read", origin: call.typeRange)
            )
        }
        let directory = ModulePath.join(instance.module.directory, source)
        guard !instance.hasAncestor(directory: directory), instance.depth < 16 else {
            report(
                .cycle, .error, "\(address) calls its own module \(Value.string(directory))",
                at: sourceAttribute.expression.range, address: address
            )
            return .unknown(Value.Unknown(reason: "\(address) calls itself", origin: call.typeRange))
        }
        let module: TerraformModule
        if let loaded = loadedModules[directory] {
            guard let loaded else {
                return .unknown(Value.Unknown(reason: "module \(directory) was not found", origin: call.typeRange))
            }
            module = loaded
        } else if let loaded = loadModule?(directory) {
            module = loaded
            loadedModules[directory] = module
            register(module)
        } else {
            loadedModules[directory] = .some(nil)
            report(
                .moduleNotFound, .error,
                "module directory \(Value.string(directory)) of \(address) has no .tf files or could not be read",
                at: sourceAttribute.expression.range, address: address
            )
            return .unknown(Value.Unknown(reason: "module \(directory) was not found", origin: call.typeRange))
        }
        let set = instanceSet(of: call, key: "module.\(name)", in: instance)
        if case .unknown(let unknown) = set { return .unknown(unknown) }
        let children = set.instances.map { key, bindings in
            ModuleInstance(
                module: module, prefix: "\(address)\(key.suffix).", parent: instance, call: call,
                callBindings: bindings
            )
        }
        instances += children
        return .instances(set, children)
    }

    private func moduleValue(_ name: String, outputs: Set<String>?, in instance: ModuleInstance) -> Value {
        switch childModules(name, of: instance) {
        case .unknown(let unknown):
            return .unknown(unknown)
        case .instances(let set, let children):
            var index = 0
            return set.referenceValue { _, _ in
                let child = children[index]
                index += 1
                var entries: [String: Value] = [:]
                for output in outputs.map(Array.init) ?? Array(child.outputs.keys) {
                    entries[output] = outputValue(output, of: child)
                }
                return .map(entries)
            }
        }
    }

    // MARK: Resources

    private func resourceValue(type: String, name: String, attributes: Set<String>?, in instance: ModuleInstance)
        -> Value
    {
        guard let declaration = instance.resources["\(type).\(name)"] else {
            return .unknown("\(instance.prefix)\(type).\(name) is not declared")
        }
        let set = instanceSet(of: declaration.block, key: declaration.key, in: instance)
        return set.referenceValue { key, bindings in
            var names = attributes ?? Set(declaration.block.body.attributes.map(\.name))
            if attributes == nil {
                names.subtract(ResourceSchema.metaArguments)
                names.formUnion(["id", "arn"])
            }
            var entries: [String: Value] = [:]
            for attribute in names {
                entries[attribute] = attributeValue(attribute, of: declaration, key, bindings, in: instance)
            }
            return .map(entries)
        }
    }

    /// One attribute of one resource instance: computed by Palisade (IDs, ARNs, defaults), written in the
    /// configuration, or unknown until apply.
    func attributeValue(
        _ name: String,
        of declaration: Declaration,
        _ key: InstanceKey,
        _ bindings: [String: Value],
        in instance: ModuleInstance
    ) -> Value {
        let address = instance.address(of: declaration, key)
        let memoKey = "\(address)#\(name)"
        if let known = instance.attributeValues[memoKey] { return known }
        guard instance.attributesInProgress.insert(memoKey).inserted else {
            return .unknown("\(address).\(name) depends on itself")
        }
        defer { instance.attributesInProgress.remove(memoKey) }
        func written(_ attribute: String) -> Value? {
            guard let found = declaration.block.body.attribute(named: attribute) else { return nil }
            return evaluate(found.expression, in: instance, bindings: bindings, quiet: true)
        }
        let value =
            computedAttribute(name, type: declaration.type, address: address, written: written)
            ?? (["ingress", "egress"].contains(name) ? nil : written(name))
            ?? .unknown("\(address).\(name) is known only after apply")
        instance.attributeValues[memoKey] = value
        return value
    }

    private func computedAttribute(
        _ name: String,
        type: String,
        address: String,
        written: (String) -> Value?
    ) -> Value? {
        switch (type, name) {
        case ("aws_security_group", "id"):
            return .string(SyntheticID.make(.securityGroup, address))
        case ("aws_security_group", "arn"):
            return .string(scope.arn(.securityGroup, SyntheticID.make(.securityGroup, address)))
        case ("aws_security_group", "name"):
            if let name = written("name") { return name }
            let suffix = String(SyntheticID.make(prefix: "", address).dropFirst())
            if let prefix = written("name_prefix") {
                return prefix.stringValue.map { .string($0 + suffix) } ?? prefix
            }
            return .string("terraform-" + suffix)
        case ("aws_security_group", "description"):
            return written("description") ?? .string("Managed by Terraform")
        case ("aws_default_security_group", "id"):
            return .string(defaultGroupID(vpc: written("vpc_id")))
        case ("aws_default_security_group", "arn"):
            return .string(scope.arn(.securityGroup, defaultGroupID(vpc: written("vpc_id"))))
        case ("aws_default_security_group", "name"):
            return .string("default")
        case ("aws_default_security_group", "description"):
            return .string("default VPC security group")
        case ("aws_security_group", "owner_id"), ("aws_default_security_group", "owner_id"), ("aws_vpc", "owner_id"),
            ("aws_ec2_managed_prefix_list", "owner_id"), ("aws_network_interface", "owner_id"),
            ("aws_subnet", "owner_id"):
            return .string(scope.accountId)
        case ("aws_vpc", "id"):
            return .string(SyntheticID.make(.vpc, address))
        case ("aws_vpc", "arn"):
            return .string(scope.arn(.vpc, SyntheticID.make(.vpc, address)))
        case ("aws_vpc", "default_security_group_id"):
            return .string(defaultGroupID(vpc: .string(SyntheticID.make(.vpc, address))))
        case ("aws_subnet", "id"):
            return .string(SyntheticID.make(.subnet, address))
        case ("aws_subnet", "arn"):
            return .string(scope.arn(.subnet, SyntheticID.make(.subnet, address)))
        case ("aws_network_interface", "id"):
            return .string(SyntheticID.make(.networkInterface, address))
        case ("aws_network_interface", "arn"):
            return .string(scope.arn(.networkInterface, SyntheticID.make(.networkInterface, address)))
        case ("aws_network_interface", "private_ip"):
            if let ip = written("private_ip") { return ip }
            if let ips = written("private_ips"), let first = ips.elements?.first { return first }
            return nil
        case ("aws_ec2_managed_prefix_list", "id"):
            return .string(SyntheticID.make(.prefixList, address))
        case ("aws_ec2_managed_prefix_list", "arn"):
            return .string(
                "arn:aws:ec2:\(scope.region):\(scope.accountId):prefix-list/\(SyntheticID.make(.prefixList, address))"
            )
        case ("aws_security_group_rule", "id"):
            return .string(SyntheticID.make(prefix: "sgrule", address))
        case ("aws_vpc_security_group_ingress_rule", "id"), ("aws_vpc_security_group_egress_rule", "id"),
            ("aws_vpc_security_group_ingress_rule", "security_group_rule_id"),
            ("aws_vpc_security_group_egress_rule", "security_group_rule_id"):
            return .string(SyntheticID.make(.securityGroupRule, address + "|0"))
        case ("aws_instance", "id"):
            return .string(SyntheticID.make(prefix: "i", address))
        default:
            return nil
        }
    }

    // MARK: VPC placeholders

    /// The ID of the default group of the VPC `vpc` (a VPC ID, unknown, or nil for the region's default VPC).
    func defaultGroupID(vpc: Value?) -> String {
        SyntheticID.make(.securityGroup, "default-security-group|" + vpcID(for: vpc))
    }

    /// The VPC ID a `vpc_id` value stands for: the value itself when known, else a placeholder that the
    /// translation lists in ``TerraformTranslation/placeholders``.
    func vpcID(for value: Value?) -> String {
        guard let value, value != .null else {
            let id = SyntheticID.make(.vpc, "default-vpc|\(scope)")
            placeholders[id] = "the default VPC of \(scope.region) (vpc_id is not set)"
            return id
        }
        if let text = value.stringValue { return text }
        let reason = value.firstUnknown?.reason ?? "vpc_id is not a string: \(value)"
        let id = SyntheticID.make(.vpc, "unknown-vpc|" + reason)
        placeholders[id] = "an unknown VPC: \(reason)"
        return id
    }
}
