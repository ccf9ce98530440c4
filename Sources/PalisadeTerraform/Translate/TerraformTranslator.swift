public import PalisadeCore

/// Translates a Terraform configuration into a ``PolicySnapshot``: evaluates variables, locals,
/// `count`, `for_each`, `dynamic` blocks and local modules, and maps the AWS provider's network
/// resources onto Palisade's model, with diagnostics for everything it cannot resolve.
///
/// Objects get stable synthetic IDs derived from their resource instance address (see ``SyntheticID``),
/// so `aws_security_group.web.id` resolves before anything exists, and
/// ``TerraformTranslation/origins`` maps each ID back to its address and source range. Values that
/// cannot be known (a variable without a value, a data source, an attribute known only after apply) are
/// never guessed: rules that depend on them are listed in ``TerraformTranslation/symbolicRules``.
///
/// The library reads no files: the caller passes the `.tf` files of the root directory, the
/// `.tfvars` files, and a loader for local module directories.
///
/// ```swift
/// let module = TerraformModule(directory: "infra", files: tfFiles)          // [TerraformSourceFile]
/// let translation = TerraformTranslator().translate(
///     module,
///     variableFiles: [TerraformSourceFile(path: "infra/prod.tfvars", contents: tfvarsText)],
///     loadModule: { directory in readTerraformFiles(in: directory) }       // nil when missing
/// )
/// for diagnostic in translation.diagnostics { print(diagnostic) }
/// // infra/best_practices.tf:11:3: error: [TF-UNSUPPORTED-ARGUMENT] Unsupported argument: …
/// ```
public struct TerraformTranslator: Sendable {
    /// Returns the `.tf` files of a local module directory, or nil when it cannot be read.
    ///
    /// The directory is the calling module's directory joined with the `source`, with `.` and `..`
    /// resolved (`infra/modules/web` for `source = "./modules/web"` in `infra`).
    public typealias ModuleLoader = (_ directory: String) -> [TerraformSourceFile]?

    /// Returns a local module directory already parsed, or nil when it cannot be read; for callers that translate
    /// several root modules sharing modules (`../modules/security-group` called from every example), so each
    /// shared module is parsed once rather than once per root.
    public typealias ParsedModuleLoader = (_ directory: String) -> TerraformModule?

    /// The account and region the snapshot's objects belong to.
    public var scope: Scope
    /// The revision stamped on the snapshot.
    public var revision: Int64

    /// Creates a translator.
    /// - Parameters:
    ///   - scope: The account and region of the translated objects; AWS's documentation account in
    ///     `us-east-1` by default.
    ///   - revision: The revision stamped on the snapshot.
    public init(
        scope: Scope = Scope(accountId: Scope.defaultAccountId, region: "us-east-1"),
        revision: Int64 = 0
    ) {
        self.scope = scope
        self.revision = revision
    }

    /// Translates a root module.
    /// - Parameters:
    ///   - module: The root module's parsed `.tf` files.
    ///   - variableFiles: `.tfvars` files in HCL syntax, in precedence order (later files win), as
    ///     `terraform plan -var-file` takes them.
    ///   - loadModule: Reads local module directories; without it, local modules are reported as not found.
    /// - Returns: The snapshot, origins, symbolic rules and attachments, placeholders and diagnostics.
    ///   Translation never fails: every problem is a diagnostic.
    public func translate(
        _ module: TerraformModule,
        variableFiles: [TerraformSourceFile] = [],
        loadModule: ModuleLoader? = nil
    ) -> TerraformTranslation {
        translate(
            module, variableFiles: variableFiles,
            loadParsedModule: loadModule.map { load in
                { directory in load(directory).flatMap { $0.isEmpty ? nil : TerraformModule(directory: directory, files: $0) } }
            }
        )
    }

    /// Translates a root module, with local modules that the caller parses (and may share between roots).
    /// - Parameters:
    ///   - module: The root module's parsed `.tf` files.
    ///   - variableFiles: `.tfvars` files in HCL syntax, in precedence order (later files win).
    ///   - loadParsedModule: Returns local module directories parsed; nil for a directory without `.tf` files.
    /// - Returns: The translation, as ``translate(_:variableFiles:loadModule:)`` returns it.
    public func translate(
        _ module: TerraformModule,
        variableFiles: [TerraformSourceFile] = [],
        loadParsedModule: ParsedModuleLoader?
    ) -> TerraformTranslation {
        let session = TranslationSession(scope: scope, revision: revision, loadModule: loadParsedModule)
        session.register(module)
        let root = ModuleInstance(module: module, prefix: "", parent: nil, call: nil, callBindings: [:])
        session.instances = [root]
        session.readVariableFiles(variableFiles, root: root)
        session.reportUnsetVariables(root)
        session.translate(root)
        session.applyPendingAttachments()
        session.addImplicitDefaultGroups()
        var index = 0
        while index < session.instances.count {
            session.checkStatically(session.instances[index])
            index += 1
        }
        return session.finish()
    }
}

extension TranslationSession {
    func readVariableFiles(_ variableFiles: [TerraformSourceFile], root: ModuleInstance) {
        for file in variableFiles {
            let module = TerraformModule(directory: root.module.directory, files: [file])
            register(module)
            guard let parsed = module.files.first else { continue }
            for block in parsed.body.blocks {
                report(
                    .syntax, .error, "a variable file holds only name = value assignments, not blocks",
                    at: block.typeRange
                )
            }
            for attribute in parsed.body.attributes {
                let value = evaluate(attribute.expression, in: root, bindings: [:])
                if root.variables[attribute.name] == nil {
                    report(
                        .undeclaredVariable, .warning,
                        "Value for undeclared variable: the root module declares no variable named "
                            + "\(Value.string(attribute.name)); the value is ignored",
                        at: attribute.nameRange
                    )
                    continue
                }
                variableFileValues[attribute.name] = (value, attribute.range)
            }
        }
    }

    func reportUnsetVariables(_ root: ModuleInstance) {
        let declared = root.module.blocks.filter { $0.type == "variable" && $0.labels.count == 1 }
        for block in declared {
            let name = block.labelValues[0]
            guard variableFileValues[name] == nil, block.body.attribute(named: "default") == nil else { continue }
            report(
                .unknownValue, .warning,
                "variable \(Value.string(name)) has no value: expressions that use it stay unknown, and rules that "
                    + "depend on it are kept symbolic (set it in a .tfvars file)",
                at: block.labels[0].range, address: "var.\(name)"
            )
        }
    }

    func addImplicitDefaultGroups() {
        for (group, origin) in implicitDefaultGroups where !securityGroups.contains(where: { $0.groupId == group.groupId }) {
            securityGroups.append(group)
            origins[group.groupId] = origin
            let selfRule = SyntheticID.make(.securityGroupRule, "\(origin.address)/default-security-group|ingress")
            let egressRule = SyntheticID.make(.securityGroupRule, "\(origin.address)/default-security-group|egress")
            rules.append(
                SecurityGroupRule(
                    ruleId: selfRule, groupId: group.groupId, scope: scope, isEgress: false, ipProtocol: .all,
                    fromPort: nil, toPort: nil,
                    peer: .securityGroup(RulePeer.ReferencedGroup(groupId: group.groupId, userId: scope.accountId))
                )
            )
            rules.append(
                SecurityGroupRule(
                    ruleId: egressRule, groupId: group.groupId, scope: scope, isEgress: true, ipProtocol: .all,
                    fromPort: nil, toPort: nil, peer: .cidrIpv4(.anywhere)
                )
            )
            origins[selfRule] = origin
            origins[egressRule] = origin
        }
    }

    func finish() -> TerraformTranslation {
        let sorted = diagnostics.enumerated().sorted { lhs, rhs in
            let l = lhs.element.range
            let r = rhs.element.range
            if let l, let r, l.fileName != r.fileName { return l.fileName < r.fileName }
            if let l, let r, l.start.offset != r.start.offset { return l.start.offset < r.start.offset }
            if (l == nil) != (r == nil) { return l == nil }
            if lhs.element.severity != rhs.element.severity { return lhs.element.severity < rhs.element.severity }
            return lhs.offset < rhs.offset
        }.map(\.element)
        return TerraformTranslation(
            snapshot: PolicySnapshot(
                revision: revision, scope: scope, vpcs: vpcs, subnets: subnets, securityGroups: securityGroups,
                securityGroupRules: rules, networkInterfaces: networkInterfaces, prefixLists: prefixLists
            ),
            origins: origins, addresses: addresses, interfaceRoles: interfaceRoles, attachments: attachments,
            symbolicRules: symbolicRules, symbolicAttachments: symbolicAttachments, placeholders: placeholders,
            diagnostics: sorted, files: files
        )
    }
}
