/// A function callable from HCL expressions, such as `cidrsubnet` or `lookup`.
///
/// ```swift
/// let double = HCLFunction(name: "double", arity: 1...1) { call throws(EvaluationError) in
///     let n = try call.number(0)
///     return .number(n + n)
/// }
/// ```
public struct HCLFunction: Sendable {
    /// How unknown arguments are handled before the implementation runs.
    public enum UnknownHandling: Sendable, Hashable {
        /// Any unknown anywhere in any argument makes the result unknown (most functions).
        case requireWhollyKnown
        /// Only an argument that is itself unknown makes the result unknown; unknown elements are passed on
        /// (`length`, `concat`, `merge`, `lookup`, …).
        case requireKnownArguments
    }

    /// One call: evaluated arguments, their ranges, and helpers that throw well-formed errors.
    public struct Call: Sendable {
        /// The function name as called.
        public var name: String
        /// The evaluated arguments, after `...` expansion.
        public var arguments: [Value]
        /// The range of each argument (the expanded argument's range for expanded elements).
        public var argumentRanges: [SourceRange]
        /// The whole call expression.
        public var range: SourceRange

        /// An ``EvaluationError/Code/invalidArgument`` error about argument `index`.
        /// - Parameters:
        ///   - index: The 0-based argument position, or nil for the call as a whole.
        ///   - detail: What is wrong.
        /// - Returns: The error, to be thrown by the caller.
        public func error(_ index: Int?, _ detail: String) -> EvaluationError {
            let where_ = index.flatMap { $0 < argumentRanges.count ? argumentRanges[$0] : nil } ?? range
            let position = index.map { "argument \($0 + 1) of " } ?? ""
            return EvaluationError(.invalidArgument, "\(position)\(name)(): \(detail)", at: where_)
        }

        /// Argument `index` as a string (numbers and bools converted).
        public func string(_ index: Int) throws(EvaluationError) -> String {
            guard let string = arguments[index].convertedToString else {
                throw error(index, "a string is required, got \(arguments[index].typeName)")
            }
            return string
        }

        /// Argument `index` as a number (numeric strings converted).
        public func number(_ index: Int) throws(EvaluationError) -> Value.Number {
            guard let number = arguments[index].convertedToNumber else {
                throw error(index, "a number is required, got \(arguments[index].typeName)")
            }
            return number
        }

        /// Argument `index` as a whole number.
        public func integer(_ index: Int) throws(EvaluationError) -> Int {
            let number = try self.number(index)
            guard let integer = number.intValue else {
                throw error(index, "a whole number is required, got \(number)")
            }
            return integer
        }

        /// Argument `index` as list or set elements.
        public func list(_ index: Int) throws(EvaluationError) -> [Value] {
            guard let elements = arguments[index].elements else {
                throw error(index, "a list or set is required, got \(arguments[index].typeName)")
            }
            return elements
        }

        /// Argument `index` as map entries.
        public func map(_ index: Int) throws(EvaluationError) -> [String: Value] {
            guard let entries = arguments[index].entries else {
                throw error(index, "a map or object is required, got \(arguments[index].typeName)")
            }
            return entries
        }
    }

    /// The function name.
    public var name: String
    /// Accepted argument counts; use `n...Int.max` for variadic functions.
    public var arity: ClosedRange<Int>
    /// How unknown arguments are handled.
    public var unknownHandling: UnknownHandling
    /// The implementation, called with known arguments only.
    public var implementation: @Sendable (Call) throws(EvaluationError) -> Value

    /// Creates a function.
    /// - Parameters:
    ///   - name: The function name.
    ///   - arity: Accepted argument counts.
    ///   - unknownHandling: How unknown arguments are handled.
    ///   - implementation: The implementation.
    public init(
        name: String,
        arity: ClosedRange<Int>,
        unknownHandling: UnknownHandling = .requireWhollyKnown,
        implementation: @escaping @Sendable (Call) throws(EvaluationError) -> Value
    ) {
        self.name = name
        self.arity = arity
        self.unknownHandling = unknownHandling
        self.implementation = implementation
    }

    /// Terraform's built-in functions that matter for network configuration; `try` and `can` are
    /// handled by ``ExpressionEvaluator`` itself because they need their arguments unevaluated.
    public static let standardLibrary: [String: HCLFunction] = {
        var table: [String: HCLFunction] = [:]
        for function in collectionFunctions + stringFunctions + numericFunctions + networkFunctions
            + conversionFunctions + encodingFunctions
        {
            table[function.name] = function
        }
        return table
    }()
}
