import PalisadeTerraform
import Testing

/// Parses `source` as a one-attribute file `x = source` and returns the expression, recording any diagnostic.
func parseExpression(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> HCLExpression {
    let (expression, diagnostics) = HCLParser.parseExpression(source: source, fileName: "test.hcl")
    #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
    return expression
}

/// Fully parenthesised text of an expression, for structure assertions (`1 + (2 * 3)`).
func structure(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    PythonHCL2Renderer.inner(parseExpression(source, sourceLocation: sourceLocation), context: .init())
}

/// Parses a file, recording any diagnostic.
func parseFile(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> HCLFile {
    let (file, diagnostics) = HCLParser.parse(source: source, fileName: "test.tf")
    #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
    return file
}

/// Diagnostics of parsing `source` as a file.
func diagnostics(_ source: String) -> [HCLDiagnostic] {
    HCLParser.parse(source: source, fileName: "test.tf").1
}

/// Evaluates an expression source with `variables`, throwing evaluation errors.
func evaluate(
    _ source: String,
    _ variables: [String: Value] = [:],
    resolver: (@Sendable (String, SourceRange) -> Value?)? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> Value {
    let expression = parseExpression(source, sourceLocation: sourceLocation)
    return try ExpressionEvaluator(context: EvaluationContext(variables: variables, resolver: resolver)).evaluate(
        expression
    )
}

/// The evaluation error of `source`, or nil if it evaluated.
func evaluationError(_ source: String, _ variables: [String: Value] = [:]) -> EvaluationError? {
    let (expression, _) = HCLParser.parseExpression(source: source, fileName: "test.hcl")
    do {
        _ = try ExpressionEvaluator(context: EvaluationContext(variables: variables)).evaluate(expression)
        return nil
    } catch {
        return error
    }
}
