/// A problem found while reading a Terraform configuration: a syntax error, a reference to
/// something undeclared, an argument the AWS provider does not accept, a dependency cycle, a value
/// AWS would reject, or a value that cannot be known.
///
/// Diagnostics never stop translation: the translator keeps what it could read and reports
/// every problem, each with a stable ``Code`` and, where there is one, a source location.
public struct TerraformDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier such as `TF-UNDECLARED-RESOURCE`, for filtering and suppression.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case syntax = "TF-SYNTAX"
            case evaluation = "TF-EVALUATION"
            case undeclaredResource = "TF-UNDECLARED-RESOURCE"
            case undeclaredVariable = "TF-UNDECLARED-VARIABLE"
            case undeclaredLocal = "TF-UNDECLARED-LOCAL"
            case undeclaredModule = "TF-UNDECLARED-MODULE"
            case undeclaredOutput = "TF-UNDECLARED-OUTPUT"
            case duplicateDeclaration = "TF-DUPLICATE-DECLARATION"
            case unsupportedArgument = "TF-UNSUPPORTED-ARGUMENT"
            case unsupportedBlock = "TF-UNSUPPORTED-BLOCK"
            case missingArgument = "TF-MISSING-ARGUMENT"
            case cycle = "TF-CYCLE"
            case unknownValue = "TF-UNKNOWN-VALUE"
            case symbolicRule = "TF-SYMBOLIC-RULE"
            case invalidValue = "TF-INVALID-VALUE"
            case moduleNotFound = "TF-MODULE-NOT-FOUND"
            case unsupportedModule = "TF-UNSUPPORTED-MODULE"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The HCL parser could not read part of a file.
        public static var syntax: Code { Code(.syntax) }
        /// An expression failed to evaluate (wrong argument type, missing map key, …).
        public static var evaluation: Code { Code(.evaluation) }
        /// A reference to a resource or data source that no block declares.
        public static var undeclaredResource: Code { Code(.undeclaredResource) }
        /// A reference to an undeclared input variable, or a `.tfvars` value for one.
        public static var undeclaredVariable: Code { Code(.undeclaredVariable) }
        /// A reference to an undeclared local value.
        public static var undeclaredLocal: Code { Code(.undeclaredLocal) }
        /// A reference to an undeclared module call.
        public static var undeclaredModule: Code { Code(.undeclaredModule) }
        /// A reference to an output the called module does not declare.
        public static var undeclaredOutput: Code { Code(.undeclaredOutput) }
        /// Two blocks declare the same resource, variable, local, output or module.
        public static var duplicateDeclaration: Code { Code(.duplicateDeclaration) }
        /// An argument the resource type (or nested block) does not have.
        public static var unsupportedArgument: Code { Code(.unsupportedArgument) }
        /// A nested block type the resource type does not have.
        public static var unsupportedBlock: Code { Code(.unsupportedBlock) }
        /// A required argument is missing, or a rule has no source or destination.
        public static var missingArgument: Code { Code(.missingArgument) }
        /// A dependency cycle, as Terraform's `Error: Cycle`, or a self-referential block.
        public static var cycle: Code { Code(.cycle) }
        /// A value that cannot be known from the configuration, such as a variable without a value.
        public static var unknownValue: Code { Code(.unknownValue) }
        /// A rule kept symbolic because its peer, ports or group are unknown (see ``SymbolicRule``).
        public static var symbolicRule: Code { Code(.symbolicRule) }
        /// A value the AWS provider or AWS would reject: a malformed CIDR, protocol or port range.
        public static var invalidValue: Code { Code(.invalidValue) }
        /// A local module whose directory the loader could not provide.
        public static var moduleNotFound: Code { Code(.moduleNotFound) }
        /// A module from a registry, Git or another remote source, which is not read.
        public static var unsupportedModule: Code { Code(.unsupportedModule) }

        /// The stable text, such as `TF-CYCLE`.
        public var rawValue: String { base.rawValue }
        public var description: String { base.rawValue }
    }

    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Terraform or AWS would reject the configuration.
        case error
        /// Accepted, but the translation is incomplete or probably not what was meant.
        case warning
        /// Information, such as a rule kept symbolic.
        case note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A secondary location that explains the diagnostic, such as one reference of a cycle.
    public struct Note: Sendable, Hashable, CustomStringConvertible {
        /// What is at the location.
        public var message: String
        /// Where it is.
        public var range: SourceRange

        /// Creates a note.
        /// - Parameters:
        ///   - message: What is at the location.
        ///   - range: Where it is.
        public init(message: String, range: SourceRange) {
            self.message = message
            self.range = range
        }

        public var description: String { "\(range): note: \(message)" }
    }

    /// What kind of problem it is.
    public var code: Code
    /// How serious it is.
    public var severity: Severity
    /// A one-line explanation.
    public var message: String
    /// Where the problem is; nil only for problems without a place (such as a module that could not be loaded
    /// from a caller-given path).
    public var range: SourceRange?
    /// The resource instance address concerned, such as `aws_security_group.web[0]`, when there is one.
    public var address: String?
    /// Secondary locations.
    public var notes: [Note]

    /// Creates a diagnostic.
    /// - Parameters:
    ///   - code: What kind of problem it is.
    ///   - severity: How serious it is.
    ///   - message: A one-line explanation.
    ///   - range: Where the problem is.
    ///   - address: The resource instance address concerned.
    ///   - notes: Secondary locations.
    public init(
        _ code: Code,
        _ severity: Severity,
        _ message: String,
        at range: SourceRange?,
        address: String? = nil,
        notes: [Note] = []
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.range = range
        self.address = address
        self.notes = notes
    }

    /// `file:line:column: severity: [CODE] message`, as compilers print.
    public var description: String {
        let location = range.map { "\($0): " } ?? ""
        return "\(location)\(severity.rawValue): [\(code)] \(message)"
    }
}
