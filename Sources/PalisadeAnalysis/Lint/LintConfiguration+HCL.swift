import PalisadeCore
import PalisadeTerraform

/// A `.palisade.hcl` file that cannot be used.
public struct LintConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, one line per problem, each with `file:line:column`.
    public var problems: [String]

    /// Creates an error.
    /// - Parameter problems: One line per problem.
    public init(problems: [String]) { self.problems = problems }

    public var description: String { problems.joined(separator: "\n") }
}

extension LintConfiguration {
    /// Reads a `.palisade.hcl` configuration on top of the defaults.
    ///
    /// ```hcl
    /// enabled_checks  = []                        # empty: every check
    /// disabled_checks = ["PAL-NAMING"]
    /// severity = { "PAL-UNUSED-GROUP" = "info" }
    /// naming_pattern = "^(?<environment>[a-z]+)-(?<application>[a-z0-9]+)-(?<tier>[a-z]+)-(?<function>[a-z0-9-]+)$"
    /// environments   = ["prod", "staging", "dev"]
    /// required_tags  = ["Environment", "Owner"]
    /// tier_aliases   = { frontend = "public" }
    /// tier_flows     = { public = ["app"], app = ["data"], management = ["app", "data"] }
    /// data_tiers     = ["data"]
    /// max_port_range = 256
    /// broad_private_prefix = 16
    /// quota_warning_ratio  = 0.8
    /// ```
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - fileName: The name used in error messages.
    /// - Returns: The configuration.
    /// - Throws: ``LintConfigurationError`` listing every syntax error, unknown setting and wrong value.
    public static func parse(_ text: String, fileName: String = ".palisade.hcl") throws(LintConfigurationError)
        -> LintConfiguration
    {
        let (file, diagnostics) = HCLParser.parse(source: text, fileName: fileName)
        var problems = diagnostics.filter { $0.severity == .error }.map(\.description)
        var configuration = LintConfiguration()
        let evaluator = ExpressionEvaluator(context: EvaluationContext())
        for block in file.body.blocks {
            problems.append("\(block.typeRange): error: unexpected block \"\(block.type)\"; settings are attributes")
        }
        for attribute in file.body.attributes {
            let (value, diagnostic) = evaluator.evaluateReportingErrors(attribute.expression)
            if let diagnostic {
                problems.append(diagnostic.description)
                continue
            }
            let place = "\(attribute.nameRange)"
            func strings() -> [String]? {
                guard let elements = value.elements else { return nil }
                let texts = elements.compactMap(\.stringValue)
                return texts.count == elements.count ? texts : nil
            }
            func stringMap() -> [String: Value]? { value.entries }
            func int() -> Int? { value.numberValue.flatMap { Int(exactly: $0.doubleValue) } }
            switch attribute.name {
            case "enabled_checks", "disabled_checks", "required_tags", "environments", "data_tiers":
                guard let list = strings() else {
                    problems.append("\(place): error: \(attribute.name) must be a list of strings")
                    continue
                }
                switch attribute.name {
                case "enabled_checks": configuration.enabledChecks = Set(list)
                case "disabled_checks": configuration.disabledChecks = Set(list)
                case "required_tags": configuration.requiredTags = list
                case "environments": configuration.environments = Set(list)
                default: configuration.dataTiers = Set(list)
                }
            case "severity":
                guard let map = stringMap() else {
                    problems.append("\(place): error: severity must be a map of check ID to severity")
                    continue
                }
                for (check, level) in map {
                    guard let text = level.stringValue, let severity = Severity(rawValue: text.lowercased()) else {
                        problems.append(
                            "\(place): error: severity of \(check) must be one of critical, high, medium, low, info")
                        continue
                    }
                    configuration.severities[check] = severity
                }
            case "naming_pattern":
                guard let pattern = value.stringValue, (try? Regex(pattern)) != nil else {
                    problems.append("\(place): error: naming_pattern must be a valid regular expression")
                    continue
                }
                configuration.namingPattern = pattern
            case "tier_aliases":
                guard let map = stringMap(), map.values.allSatisfy({ $0.stringValue != nil }) else {
                    problems.append("\(place): error: tier_aliases must be a map of name to tier")
                    continue
                }
                for (name, tier) in map { configuration.tierAliases[name.lowercased()] = tier.stringValue! }
            case "tier_flows":
                guard let map = stringMap() else {
                    problems.append("\(place): error: tier_flows must be a map of tier to a list of tiers")
                    continue
                }
                var flows: [String: Set<String>] = [:]
                for (tier, targets) in map {
                    guard let elements = targets.elements, elements.allSatisfy({ $0.stringValue != nil }) else {
                        problems.append("\(place): error: tier_flows.\(tier) must be a list of tiers")
                        continue
                    }
                    flows[tier] = Set(elements.compactMap(\.stringValue))
                }
                configuration.allowedTierFlows = flows
            case "max_port_range", "broad_private_prefix":
                guard let number = int(), number >= 0 else {
                    problems.append("\(place): error: \(attribute.name) must be a whole number")
                    continue
                }
                if attribute.name == "max_port_range" {
                    configuration.maximumPortRangeWidth = number
                } else {
                    configuration.broadPrivatePrefixLength = number
                }
            case "quota_warning_ratio":
                guard let ratio = value.numberValue?.doubleValue, ratio > 0, ratio <= 1 else {
                    problems.append("\(place): error: quota_warning_ratio must be a number in (0, 1]")
                    continue
                }
                configuration.quotaWarningRatio = ratio
            default:
                problems.append("\(place): error: unknown setting \"\(attribute.name)\"")
            }
        }
        if !problems.isEmpty { throw LintConfigurationError(problems: problems) }
        return configuration
    }
}
