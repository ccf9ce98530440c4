import PalisadeCore
/// How serious a finding is, from `critical` down to `info`.
///
/// Ordered so that `severity >= .high` reads as "high or worse", as `--fail-on high` means.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case critical
    case high
    case medium
    case low
    case info

    private var rank: Int {
        switch self {
        case .critical: 4
        case .high: 3
        case .medium: 2
        case .low: 1
        case .info: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    /// The SARIF `level` for this severity: critical and high are errors, medium and low warnings,
    /// info a note.
    public var sarifLevel: String {
        switch self {
        case .critical, .high: "error"
        case .medium, .low: "warning"
        case .info: "note"
        }
    }
}
