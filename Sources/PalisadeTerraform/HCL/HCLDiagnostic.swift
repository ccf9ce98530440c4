/// A problem found while scanning, parsing or evaluating HCL.
///
/// Diagnostics never stop the parser: it recovers, keeps what it could read and reports
/// every problem it met, in source order.
public struct HCLDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The input is invalid; the affected construct is missing or partial in the result.
        case error
        /// The input is accepted but probably not what was meant.
        case warning
    }

    /// How serious the problem is.
    public var severity: Severity
    /// A one-line summary, for example `Missing closing brace`.
    public var message: String
    /// Where the problem is.
    public var range: SourceRange

    /// Creates a diagnostic.
    /// - Parameters:
    ///   - severity: How serious the problem is.
    ///   - message: A one-line summary.
    ///   - range: Where the problem is.
    public init(severity: Severity = .error, message: String, range: SourceRange) {
        self.severity = severity
        self.message = message
        self.range = range
    }

    /// `file:line:column: severity: message`.
    public var description: String { "\(range): \(severity.rawValue): \(message)" }
}
