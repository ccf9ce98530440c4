/// Why an expression could not be evaluated: an undeclared variable, a missing attribute, a
/// function given the wrong kind of argument, and so on.
///
/// Evaluation errors are about the input, not about Palisade: they carry a source range and
/// turn into an ``HCLDiagnostic`` with ``diagnostic``.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of evaluation failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownVariable = "Reference to undeclared name"
            case unsupportedAttribute = "Unsupported attribute"
            case invalidIndex = "Invalid index"
            case unknownFunction = "Call to unknown function"
            case wrongArgumentCount = "Wrong number of function arguments"
            case invalidArgument = "Invalid function argument"
            case invalidOperand = "Invalid operand"
            case invalidTemplateValue = "Invalid template interpolation value"
            case invalidForExpression = "Invalid for expression"
            case duplicateKey = "Duplicate object key"
            case invalidExpression = "Invalid expression"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A name that is neither bound by the context nor by an enclosing `for`.
        public static var unknownVariable: Code { Code(.unknownVariable) }
        /// `.name` on a value without that attribute, or on a non-object.
        public static var unsupportedAttribute: Code { Code(.unsupportedAttribute) }
        /// `[key]` with a missing key, an out-of-range index, or on a non-collection.
        public static var invalidIndex: Code { Code(.invalidIndex) }
        /// A function that is not in the context's function table.
        public static var unknownFunction: Code { Code(.unknownFunction) }
        /// Too few or too many arguments.
        public static var wrongArgumentCount: Code { Code(.wrongArgumentCount) }
        /// An argument of the wrong type or value.
        public static var invalidArgument: Code { Code(.invalidArgument) }
        /// An operator applied to values it does not accept, or division by zero.
        public static var invalidOperand: Code { Code(.invalidOperand) }
        /// `${…}` producing null, a list or a map.
        public static var invalidTemplateValue: Code { Code(.invalidTemplateValue) }
        /// A `for` over a non-collection, a non-bool condition, or a non-string key.
        public static var invalidForExpression: Code { Code(.invalidForExpression) }
        /// The same key produced twice by an object `for` without `...`, or written twice.
        public static var duplicateKey: Code { Code(.duplicateKey) }
        /// An expression the parser could not read.
        public static var invalidExpression: Code { Code(.invalidExpression) }

        /// The summary shown before the detail, such as `Unsupported attribute`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The specific explanation, naming the offending value or name.
    public var detail: String
    /// The expression that failed.
    public var range: SourceRange

    /// Creates an error.
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - detail: The specific explanation.
    ///   - range: The expression that failed.
    public init(_ code: Code, _ detail: String, at range: SourceRange) {
        self.code = code
        self.detail = detail
        self.range = range
    }

    /// The error as a diagnostic: `Summary: detail` at ``range``.
    public var diagnostic: HCLDiagnostic {
        HCLDiagnostic(severity: .error, message: "\(code): \(detail)", range: range)
    }

    public var description: String { diagnostic.description }
}
