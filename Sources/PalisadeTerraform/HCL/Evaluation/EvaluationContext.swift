/// The names and functions an expression can use.
///
/// Root names (`var`, `local`, `each`, `count`, `path`, `module`, resource types …) come from
/// ``variables`` first, then from ``resolver``; return an ``Value/unknown(_:)`` from either for
/// anything not known before apply.
///
/// ```swift
/// var context = EvaluationContext(variables: [
///     "var": .map(["environment": .string("prod")]),
/// ])
/// context.resolver = { name, range in
///     name == "aws_security_group" ? .unknown("known after apply", origin: range) : nil
/// }
/// ```
public struct EvaluationContext: Sendable {
    /// Root names bound to values.
    public var variables: [String: Value]
    /// Called for a root name missing from ``variables``; nil means "undeclared".
    public var resolver: (@Sendable (_ name: String, _ range: SourceRange) -> Value?)?
    /// Functions by name; ``HCLFunction/standardLibrary`` by default.
    public var functions: [String: HCLFunction]

    /// Creates a context.
    /// - Parameters:
    ///   - variables: Root names bound to values.
    ///   - functions: Functions by name.
    ///   - resolver: Fallback for root names not in `variables`.
    public init(
        variables: [String: Value] = [:],
        functions: [String: HCLFunction] = HCLFunction.standardLibrary,
        resolver: (@Sendable (_ name: String, _ range: SourceRange) -> Value?)? = nil
    ) {
        self.variables = variables
        self.functions = functions
        self.resolver = resolver
    }

    /// The value of a root name, or nil when it is not declared.
    func lookUp(_ name: String, at range: SourceRange) -> Value? {
        if let value = variables[name] { return value }
        return resolver?(name, range)
    }
}
