public import PalisadeCore

/// Which checks run and how they are tuned: read from `.palisade.hcl` (see ``LintConfiguration/parse(_:fileName:)``)
/// or built in code.
public struct LintConfiguration: Sendable, Hashable {
    /// When non-empty, only these checks run.
    public var enabledChecks: Set<String>
    /// Checks that never run.
    public var disabledChecks: Set<String>
    /// Severity overrides by check ID.
    public var severities: [String: Severity]
    /// The pattern every group name must match (Swift `Regex` syntax). Named captures `environment` and
    /// `tier` are checked against ``environments`` and ``tierAliases`` when present.
    public var namingPattern: String
    /// Accepted environment names for the `environment` part of a group name.
    public var environments: Set<String>
    /// Tags every security group must carry.
    public var requiredTags: [String]
    /// Tier names as written in `Tier` tags or group names, mapped to canonical tiers (`public`, `app`,
    /// `data`, `management`).
    public var tierAliases: [String: String]
    /// For each canonical tier, the tiers it may open connections to. A tier not listed may reach any tier.
    public var allowedTierFlows: [String: Set<String>]
    /// Tiers whose groups must not have unrestricted egress to the internet.
    public var dataTiers: Set<String>
    /// Widest TCP/UDP port range (number of ports) a rule may admit without a finding.
    public var maximumPortRangeWidth: Int
    /// A private (RFC 1918) CIDR with this prefix length or shorter is reported as broad.
    public var broadPrivatePrefixLength: Int
    /// The quotas to count rules against.
    public var quotas: Quotas
    /// Fraction of a quota above which headroom is reported (0.8 = 80%).
    public var quotaWarningRatio: Double

    /// The defaults: every check, AWS quotas, `{environment}-{application}-{tier}-{function}` names,
    /// Environment/Application/Tier/Owner tags, public → app → data tiering with management reaching all.
    public init() {
        enabledChecks = []
        disabledChecks = []
        severities = [:]
        namingPattern = Self.defaultNamingPattern
        environments = [
            "prod", "production", "prd", "staging", "stage", "stg", "dev", "development", "test", "qa", "uat",
            "sandbox", "shared",
        ]
        requiredTags = ["Environment", "Application", "Tier", "Owner"]
        tierAliases = [
            "public": "public", "web": "public", "dmz": "public", "edge": "public", "lb": "public", "alb": "public",
            "elb": "public", "frontend": "public",
            "app": "app", "application": "app", "private": "app", "service": "app", "backend": "app",
            "api": "app", "compute": "app",
            "data": "data", "db": "data", "database": "data", "storage": "data", "cache": "data",
            "persistence": "data",
            "management": "management", "mgmt": "management", "admin": "management", "bastion": "management",
            "ops": "management",
        ]
        allowedTierFlows = [
            "public": ["public", "app"],
            "app": ["app", "data"],
            "data": ["data"],
            "management": ["public", "app", "data", "management"],
        ]
        dataTiers = ["data"]
        maximumPortRangeWidth = 256
        broadPrivatePrefixLength = 16
        quotas = Quotas()
        quotaWarningRatio = 0.8
    }

    /// `{environment}-{application}-{tier}-{function}`, each part lower-case letters and digits.
    public static let defaultNamingPattern =
        "^(?<environment>[a-z0-9]+)-(?<application>[a-z0-9]+)-(?<tier>[a-z0-9]+)-(?<function>[a-z0-9]+(-[a-z0-9]+)*)$"

    /// Whether `checkId` runs.
    /// - Parameter checkId: A check ID.
    /// - Returns: False when disabled, or when an allow-list is given without it.
    public func isEnabled(_ checkId: String) -> Bool {
        if disabledChecks.contains(checkId) { return false }
        return enabledChecks.isEmpty || enabledChecks.contains(checkId)
    }

    /// The canonical tier of a tier name (`private` → `app`), or nil when the name is no tier.
    /// - Parameter name: A `Tier` tag value or a part of a group name.
    /// - Returns: The canonical tier.
    public func canonicalTier(_ name: String) -> String? {
        tierAliases[name.lowercased()]
    }
}
