/// One instance of a module: the root module, or a child called by a `module` block (once per
/// `count`/`for_each` key), with its declarations and the values computed so far.
final class ModuleInstance {
    let module: TerraformModule
    /// `""` for the root, else `module.name.` or `module.name["key"].` (nested calls concatenate).
    let prefix: String
    let parent: ModuleInstance?
    /// The `module` block that calls this instance, and the names it binds (`count`, `each`).
    let call: HCLBlock?
    let callBindings: [String: Value]

    var variables: [String: HCLBlock] = [:]
    var locals: [String: HCLAttribute] = [:]
    var outputs: [String: HCLBlock] = [:]
    var resources: [String: Declaration] = [:]
    var resourceOrder: [Declaration] = []
    var dataSources: [String: Declaration] = [:]
    var moduleCalls: [String: HCLBlock] = [:]
    var moduleCallOrder: [String] = []

    var variableValues: [String: Value] = [:]
    var localValues: [String: Value] = [:]
    var localsInProgress: Set<String> = []
    var outputValues: [String: Value] = [:]
    var outputsInProgress: Set<String> = []
    var instanceSets: [String: InstanceSet] = [:]
    var instanceSetsInProgress: Set<String> = []
    var attributeValues: [String: Value] = [:]
    var attributesInProgress: Set<String> = []
    var children: [String: ChildModules] = [:]

    /// The instances of one module call.
    enum ChildModules {
        case instances(InstanceSet, [ModuleInstance])
        case unknown(Value.Unknown)
    }

    init(module: TerraformModule, prefix: String, parent: ModuleInstance?, call: HCLBlock?, callBindings: [String: Value]) {
        self.module = module
        self.prefix = prefix
        self.parent = parent
        self.call = call
        self.callBindings = callBindings
        for block in module.blocks {
            let labels = block.labelValues
            switch block.type {
            case "variable" where labels.count == 1:
                if variables[labels[0]] == nil { variables[labels[0]] = block }
            case "locals":
                for attribute in block.body.attributes where locals[attribute.name] == nil {
                    locals[attribute.name] = attribute
                }
            case "output" where labels.count == 1:
                if outputs[labels[0]] == nil { outputs[labels[0]] = block }
            case "resource" where labels.count == 2:
                let declaration = Declaration(type: labels[0], name: labels[1], block: block)
                if resources[declaration.key] == nil {
                    resources[declaration.key] = declaration
                    resourceOrder.append(declaration)
                }
            case "data" where labels.count == 2:
                let declaration = Declaration(type: labels[0], name: labels[1], block: block)
                if dataSources[declaration.key] == nil { dataSources[declaration.key] = declaration }
            case "module" where labels.count == 1:
                if moduleCalls[labels[0]] == nil {
                    moduleCalls[labels[0]] = block
                    moduleCallOrder.append(labels[0])
                }
            default:
                break
            }
        }
    }

    /// The root module instance.
    var root: ModuleInstance { parent?.root ?? self }

    /// How many module calls lead here.
    var depth: Int { (parent?.depth ?? -1) + 1 }

    /// Whether `directory` is this module's or an ancestor's (a module that calls itself).
    func hasAncestor(directory: String) -> Bool {
        module.directory == directory || (parent?.hasAncestor(directory: directory) ?? false)
    }

    /// The address of one instance of a declaration: `module.a.aws_security_group.web[0]`.
    func address(of declaration: Declaration, _ key: InstanceKey) -> String {
        "\(prefix)\(declaration.type).\(declaration.name)\(key.suffix)"
    }
}
