import PalisadeCore

/// The mutable state of one translation: memoised values, the objects produced so far and the
/// diagnostics. Used by ``TerraformTranslator`` only, on one thread, for one call.
final class TranslationSession {
    let scope: Scope
    let revision: Int64
    let loadModule: TerraformTranslator.ParsedModuleLoader?
    /// Root variable values from `.tfvars` files (later files win), with the attribute that set them.
    var variableFileValues: [String: (value: Value, range: SourceRange)] = [:]

    var diagnostics: [TerraformDiagnostic] = []
    private var reported: Set<String> = []

    var vpcs: [Vpc] = []
    var subnets: [Subnet] = []
    var securityGroups: [SecurityGroup] = []
    var rules: [SecurityGroupRule] = []
    var networkInterfaces: [NetworkInterface] = []
    var prefixLists: [ManagedPrefixList] = []
    var origins: [String: SourceOrigin] = [:]
    var addresses: [String: String] = [:]
    var interfaceRoles: [String: InterfaceRole] = [:]
    var attachments: [InterfaceAttachment] = []
    var symbolicRules: [SymbolicRule] = []
    var symbolicAttachments: [SymbolicAttachment] = []
    var placeholders: [String: String] = [:]
    var files: [String: HCLFile] = [:]
    /// Groups AWS creates with every `aws_vpc`, added at the end unless an `aws_default_security_group` manages them.
    var implicitDefaultGroups: [(group: SecurityGroup, origin: SourceOrigin)] = []
    /// `aws_network_interface_sg_attachment`s, applied once every interface exists.
    var pendingAttachments: [(interface: Value, group: Value, origin: SourceOrigin)] = []

    /// Loaded local modules by directory (nil when the loader had none).
    var loadedModules: [String: TerraformModule?] = [:]
    /// Module directories whose declarations have been checked.
    var checkedModules: Set<String> = []
    /// Every module instance, root first, for the static checks.
    var instances: [ModuleInstance] = []

    init(scope: Scope, revision: Int64, loadModule: TerraformTranslator.ParsedModuleLoader?) {
        self.scope = scope
        self.revision = revision
        self.loadModule = loadModule
    }

    /// Records a diagnostic once (the same problem met by several instances is reported once).
    func report(
        _ code: TerraformDiagnostic.Code,
        _ severity: TerraformDiagnostic.Severity,
        _ message: String,
        at range: SourceRange?,
        address: String? = nil,
        notes: [TerraformDiagnostic.Note] = []
    ) {
        let key = "\(code)|\(range.map { "\($0.fileName):\($0.start.offset)-\($0.end.offset)" } ?? "")|\(message)"
        guard reported.insert(key).inserted else { return }
        diagnostics.append(
            TerraformDiagnostic(code, severity, message, at: range, address: address, notes: notes)
        )
    }

    /// Registers a module's files and passes its parse diagnostics through.
    func register(_ module: TerraformModule) {
        for file in module.files where files[file.fileName] == nil {
            files[file.fileName] = file
        }
        for diagnostic in module.parseDiagnostics {
            report(
                .syntax,
                diagnostic.severity == .error ? .error : .warning,
                diagnostic.message,
                at: diagnostic.range
            )
        }
    }

    /// Functions available to expressions: Terraform's standard library plus stand-ins that return unknown
    /// for functions that read files or the clock, which a static reader cannot know.
    static let functions: [String: HCLFunction] = {
        var table = HCLFunction.standardLibrary
        let opaque = [
            "file", "filebase64", "fileexists", "fileset", "filemd5", "filesha1", "filesha256", "filesha512",
            "filebase64sha256", "filebase64sha512", "templatefile", "timestamp", "plantimestamp", "uuid", "uuidv5",
            "bcrypt", "md5", "sha1", "sha256", "sha512", "base64sha256", "base64sha512", "jsondecode", "yamldecode",
            "yamlencode", "base64decode", "base64gzip", "urlencode", "textencodebase64", "textdecodebase64",
            "csvdecode", "formatdate", "timeadd", "abspath", "dirname", "basename", "pathexpand", "sensitive",
            "nonsensitive", "ephemeralasnull", "issensitive",
        ]
        for name in opaque where table[name] == nil {
            table[name] = HCLFunction(name: name, arity: 0...Int.max, unknownHandling: .requireKnownArguments) {
                call throws(EvaluationError) in
                .unknown("\(call.name)() is not evaluated by Palisade", origin: call.range)
            }
        }
        let setFunctions: [(String, @Sendable ([[Value]]) -> [Value])] = [
            ("setunion", { (sets: [[Value]]) -> [Value] in sets.flatMap { $0 } }),
            (
                "setintersection",
                { (sets: [[Value]]) -> [Value] in
                    guard let first = sets.first else { return [] }
                    return first.filter { element in sets.dropFirst().allSatisfy { $0.contains(element) } }
                }
            ),
            (
                "setsubtract",
                { (sets: [[Value]]) -> [Value] in
                    guard sets.count == 2 else { return sets.first ?? [] }
                    return sets[0].filter { !sets[1].contains($0) }
                }
            ),
        ]
        for (name, combine) in setFunctions where table[name] == nil {
            table[name] = HCLFunction(name: name, arity: name == "setsubtract" ? 2...2 : 1...Int.max) {
                call throws(EvaluationError) in
                var sets: [[Value]] = []
                for index in call.arguments.indices { sets.append(try call.list(index)) }
                return Value.makeSet(combine(sets))
            }
        }
        return table
    }()
}
