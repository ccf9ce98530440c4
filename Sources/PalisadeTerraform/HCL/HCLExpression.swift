/// An HCL expression with its source range; every sub-expression carries its own range.
public struct HCLExpression: Sendable, Hashable {
    /// The expression forms of HCL native syntax.
    public indirect enum Kind: Sendable, Hashable {
        /// `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// A number literal; `text` is the source spelling, such as `1.5e3`.
        case number(Value.Number, text: String)
        /// A quoted string or heredoc, possibly with interpolations and directives.
        case template(HCLTemplate)
        /// A root name such as `var`, `local`, `each` or `aws_security_group`.
        case variable(String)
        /// The element a splat applies its traversal to; appears only inside ``Kind/splat(source:each:isFull:)``.
        case splatItem
        /// `base.name`.
        case getAttribute(HCLExpression, name: String)
        /// `base[key]`, or `base.0` when `isLegacy` is true.
        case index(HCLExpression, key: HCLExpression, isLegacy: Bool)
        /// `source[*].each` (`isFull`) or `source.*.each`; `each` is built on ``Kind/splatItem``.
        case splat(source: HCLExpression, each: HCLExpression, isFull: Bool)
        /// `name(arguments)`, or `name(a, b...)` when `expandsFinalArgument` is true.
        /// Provider functions keep their full name, such as `provider::aws::arn_parse`.
        case functionCall(name: String, arguments: [HCLExpression], expandsFinalArgument: Bool)
        /// `[a, b, c]`.
        case tuple([HCLExpression])
        /// `{ key = value, … }`.
        case object([ObjectItem])
        /// `[for …]` or `{for …}`.
        case forExpression(ForExpression)
        /// `condition ? trueResult : falseResult`.
        case conditional(HCLExpression, HCLExpression, HCLExpression)
        /// `lhs op rhs`.
        case binary(BinaryOperator, HCLExpression, HCLExpression)
        /// `op operand`.
        case unary(UnaryOperator, HCLExpression)
        /// `( expression )`.
        case parenthesized(HCLExpression)
        /// Placeholder left by the parser where an expression could not be read; a diagnostic says why.
        case invalid
    }

    /// Binary operators, from lowest to highest precedence group.
    public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
        case or = "||"
        case and = "&&"
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case modulo = "%"

        /// Binding strength: 1 for `||` up to 6 for `*`, `/` and `%`.
        public var precedence: Int {
            switch self {
            case .or: 1
            case .and: 2
            case .equal, .notEqual: 3
            case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
            case .add, .subtract: 5
            case .multiply, .divide, .modulo: 6
            }
        }
    }

    /// Unary operators.
    public enum UnaryOperator: String, Sendable, Hashable {
        case negate = "-"
        case not = "!"
    }

    /// One `key = value` (or `key: value`) of an object constructor.
    public struct ObjectItem: Sendable, Hashable {
        /// How the key was written.
        public enum Key: Sendable, Hashable {
            /// A bare name such as `Name` or `detail-type`: always the literal string.
            case identifier(String, SourceRange)
            /// Anything else: a string, a template or a parenthesised expression, evaluated.
            case expression(HCLExpression)

            /// Where the key is.
            public var range: SourceRange {
                switch self {
                case .identifier(_, let range): range
                case .expression(let expression): expression.range
                }
            }
        }

        /// The key.
        public var key: Key
        /// The value.
        public var value: HCLExpression

        /// Creates an item.
        /// - Parameters:
        ///   - key: The key.
        ///   - value: The value.
        public init(key: Key, value: HCLExpression) {
            self.key = key
            self.value = value
        }
    }

    /// `[for k, v in collection : value if condition]` or
    /// `{for k, v in collection : key => value... if condition}`.
    public struct ForExpression: Sendable, Hashable {
        /// The first of two iteration variables (`k` in `for k, v in …`), if two were given.
        public var keyVariable: String?
        /// The iteration variable that receives each element.
        public var valueVariable: String
        /// What is iterated.
        public var collection: HCLExpression
        /// The key of each result element; non-nil exactly for the object form.
        public var keyExpression: HCLExpression?
        /// The value of each result element.
        public var valueExpression: HCLExpression
        /// `if condition`, if present.
        public var condition: HCLExpression?
        /// Whether `...` groups values with equal keys into lists (object form only).
        public var isGrouping: Bool

        /// Creates a `for` expression.
        /// - Parameters:
        ///   - keyVariable: The first iteration variable, if two were given.
        ///   - valueVariable: The element variable.
        ///   - collection: What is iterated.
        ///   - keyExpression: The result key, for the object form.
        ///   - valueExpression: The result value.
        ///   - condition: The filter, if any.
        ///   - isGrouping: Whether `...` was given.
        public init(
            keyVariable: String?,
            valueVariable: String,
            collection: HCLExpression,
            keyExpression: HCLExpression?,
            valueExpression: HCLExpression,
            condition: HCLExpression?,
            isGrouping: Bool
        ) {
            self.keyVariable = keyVariable
            self.valueVariable = valueVariable
            self.collection = collection
            self.keyExpression = keyExpression
            self.valueExpression = valueExpression
            self.condition = condition
            self.isGrouping = isGrouping
        }

        /// Whether this is the `{for …}` form.
        public var isObject: Bool { keyExpression != nil }
    }

    /// The form of the expression.
    public var kind: Kind
    /// Where the expression is.
    public var range: SourceRange

    /// Creates an expression.
    /// - Parameters:
    ///   - kind: The form of the expression.
    ///   - range: Where it is.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
