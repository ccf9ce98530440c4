/// AWS's input rules for names, descriptions, IDs and tags.
public enum Validation {
    /// Characters AWS allows in group names and descriptions and in rule descriptions.
    static let allowedPunctuation = Set("._-:/()#,@[]+=&;{}!$* ")

    static func isAllowedText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            guard scalar.isASCII else { return false }
            let character = Character(scalar)
            return character.isLetter || character.isNumber || allowedPunctuation.contains(character)
        }
    }

    /// Validates a security group name (≤255 characters, AWS's character set, not `sg-…`).
    public static func groupName(_ name: String) throws(PolicyError) {
        if name.isEmpty { throw .missing("GroupName") }
        if name.count > 255 || !isAllowedText(name) {
            throw .invalidValue(
                "Value (\(name)) for parameter GroupName is invalid. Character sets beyond ASCII are not supported "
                    + "and names are limited to 255 characters from a-zA-Z0-9 ._-:/()#,@[]+=&;{}!$*")
        }
        if name.lowercased().hasPrefix("sg-") {
            throw .invalidValue("Value (\(name)) for parameter GroupName is invalid. Group names may not be in the format sg-*.")
        }
    }

    /// Validates a security group description.
    public static func groupDescription(_ description: String) throws(PolicyError) {
        if description.isEmpty { throw .missing("GroupDescription") }
        if description.count > 255 || !isAllowedText(description) {
            throw .invalidValue(
                "Value (\(description)) for parameter GroupDescription is invalid. Character sets beyond ASCII are "
                    + "not supported and descriptions are limited to 255 characters from a-zA-Z0-9 ._-:/()#,@[]+=&;{}!$*")
        }
    }

    /// Validates a rule description (AWS's exact message).
    public static func ruleDescription(_ description: String?) throws(PolicyError) {
        guard let description else { return }
        if description.count > 255 || !isAllowedText(description) {
            throw .invalidValue(
                "Invalid rule description. Valid descriptions are strings less than 256 characters from the following "
                    + "set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*")
        }
    }

    /// Checks an ID's format for `kind`; AWS answers malformed IDs with `*.Malformed`, not `NotFound`.
    public static func id(_ id: String, _ kind: ResourceKind) throws(PolicyError) {
        guard !kind.isWellFormed(id) else { return }
        let code: PolicyError.Code =
            switch kind {
            case .vpc: .invalidVpcIDMalformed
            case .subnet: .invalidSubnetIDMalformed
            case .securityGroup: .invalidGroupIdMalformed
            case .securityGroupRule: .invalidSecurityGroupRuleIdMalformed
            case .networkInterface: .invalidNetworkInterfaceIdMalformed
            case .prefixList: .invalidPrefixListIdMalformed
            case .networkInsightsPath: .invalidNetworkInsightsPathIdMalformed
            case .networkInsightsAnalysis: .invalidNetworkInsightsAnalysisIdMalformed
            default: .invalidID
            }
        if id.isEmpty {
            throw PolicyError(code, "The \(kind.rawValue) ID '' is malformed")
        }
        throw PolicyError(code, "Invalid id: \"\(id)\" (expecting \"\(kind.prefix)-...\")")
    }

    /// Validates tags to be set on one resource (key rules and the per-resource limit).
    public static func tags(_ tags: [Tag]) throws(PolicyError) {
        for tag in tags {
            if tag.key.isEmpty || tag.key.count > 128 {
                throw PolicyError(.invalidParameterValue, "Tag key must be between 1 and 128 characters: '\(tag.key)'")
            }
            if tag.key.lowercased().hasPrefix("aws:") {
                throw PolicyError(
                    .invalidParameterValue,
                    "Tag keys starting with 'aws:' are reserved for internal use")
            }
            if tag.value.count > 256 {
                throw PolicyError(.invalidParameterValue, "Tag value for key '\(tag.key)' exceeds 256 characters")
            }
        }
    }
}
