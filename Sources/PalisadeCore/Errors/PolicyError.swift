/// An error of the control plane, carrying the EC2 error code AWS would return and its message.
///
/// Codes form an open set (a struct over raw strings) so that new codes do not break callers;
/// families such as `InvalidGroup.*` match with `~=`.
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The code family before the first dot (`InvalidGroup` for `InvalidGroup.NotFound`).
        public var family: Substring { rawValue.split(separator: ".").first ?? Substring(rawValue) }

        public static let invalidParameterValue = Code("InvalidParameterValue")
        public static let invalidParameter = Code("InvalidParameter")
        public static let invalidParameterCombination = Code("InvalidParameterCombination")
        public static let missingParameter = Code("MissingParameter")
        public static let unknownParameter = Code("UnknownParameter")
        public static let invalidAction = Code("InvalidAction")
        public static let invalidFilter = Code("InvalidFilter")
        public static let invalidNextToken = Code("InvalidNextToken")
        public static let dryRunOperation = Code("DryRunOperation")
        public static let unauthorizedOperation = Code("UnauthorizedOperation")
        public static let internalError = Code("InternalError")
        public static let dependencyViolation = Code("DependencyViolation")
        public static let cannotDelete = Code("CannotDelete")
        public static let idempotentParameterMismatch = Code("IdempotentParameterMismatch")
        public static let unsupportedOperation = Code("UnsupportedOperation")

        public static let invalidVpcIDNotFound = Code("InvalidVpcID.NotFound")
        public static let invalidVpcIDMalformed = Code("InvalidVpcID.Malformed")
        public static let invalidVpcRange = Code("InvalidVpc.Range")
        public static let vpcLimitExceeded = Code("VpcLimitExceeded")
        public static let defaultVpcAlreadyExists = Code("DefaultVpcAlreadyExists")
        public static let vpcIdNotSpecified = Code("VPCIdNotSpecified")

        public static let invalidSubnetIDNotFound = Code("InvalidSubnetID.NotFound")
        public static let invalidSubnetIDMalformed = Code("InvalidSubnetID.Malformed")
        public static let invalidSubnetRange = Code("InvalidSubnet.Range")
        public static let invalidSubnetConflict = Code("InvalidSubnet.Conflict")
        public static let subnetLimitExceeded = Code("SubnetLimitExceeded")

        public static let invalidGroupNotFound = Code("InvalidGroup.NotFound")
        public static let invalidGroupDuplicate = Code("InvalidGroup.Duplicate")
        public static let invalidGroupReserved = Code("InvalidGroup.Reserved")
        public static let invalidGroupIdMalformed = Code("InvalidGroupId.Malformed")
        public static let securityGroupLimitExceeded = Code("SecurityGroupLimitExceeded")
        public static let invalidPermissionDuplicate = Code("InvalidPermission.Duplicate")
        public static let invalidPermissionNotFound = Code("InvalidPermission.NotFound")
        public static let invalidPermissionMalformed = Code("InvalidPermission.Malformed")
        public static let rulesPerSecurityGroupLimitExceeded = Code("RulesPerSecurityGroupLimitExceeded")
        public static let invalidSecurityGroupRuleIdNotFound = Code("InvalidSecurityGroupRuleId.NotFound")
        public static let invalidSecurityGroupRuleIdMalformed = Code("InvalidSecurityGroupRuleId.Malformed")
        public static let securityGroupsPerInterfaceLimitExceeded = Code("SecurityGroupsPerInterfaceLimitExceeded")

        public static let invalidNetworkInterfaceIDNotFound = Code("InvalidNetworkInterfaceID.NotFound")
        public static let invalidNetworkInterfaceIdMalformed = Code("InvalidNetworkInterfaceId.Malformed")
        public static let invalidNetworkInterfaceInUse = Code("InvalidNetworkInterface.InUse")
        public static let invalidIPAddressInUse = Code("InvalidIPAddress.InUse")
        public static let insufficientFreeAddressesInSubnet = Code("InsufficientFreeAddressesInSubnet")
        public static let networkInterfaceLimitExceeded = Code("NetworkInterfaceLimitExceeded")

        public static let invalidPrefixListIDNotFound = Code("InvalidPrefixListID.NotFound")
        public static let invalidPrefixListIdMalformed = Code("InvalidPrefixListId.Malformed")
        public static let prefixListMaxEntriesExceeded = Code("PrefixListMaxEntriesExceeded")
        public static let prefixListVersionMismatch = Code("PrefixListVersionMismatch")
        public static let invalidPrefixListModification = Code("InvalidPrefixListModification")
        public static let prefixListLimitExceeded = Code("PrefixListLimitExceeded")
        public static let invalidPrefixListState = Code("IncorrectState")

        public static let invalidID = Code("InvalidID")
        public static let invalidTagKeyMalformed = Code("InvalidTagKey.Malformed")
        public static let tagLimitExceeded = Code("TagLimitExceeded")

        public static let invalidNetworkInsightsPathIdNotFound = Code("InvalidNetworkInsightsPathId.NotFound")
        public static let invalidNetworkInsightsPathIdMalformed = Code("InvalidNetworkInsightsPathId.Malformed")
        public static let invalidNetworkInsightsAnalysisIdNotFound = Code("InvalidNetworkInsightsAnalysisId.NotFound")
        public static let invalidNetworkInsightsAnalysisIdMalformed = Code("InvalidNetworkInsightsAnalysisId.Malformed")

        /// Matches a code against a family pattern: `PolicyError.Code("InvalidGroup.*") ~= code`.
        public static func ~= (pattern: Code, code: Code) -> Bool {
            if pattern.rawValue.hasSuffix(".*") {
                return code.rawValue.hasPrefix(String(pattern.rawValue.dropLast(1)))
            }
            return pattern == code
        }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    // Frequently built errors, with AWS's observed messages.

    public static func invalidValue(_ message: String) -> PolicyError { .init(.invalidParameterValue, message) }

    public static func missing(_ parameter: String) -> PolicyError {
        .init(.missingParameter, "The request must contain the parameter \(parameter)")
    }

    public static let dryRun = PolicyError(.dryRunOperation, "Request would have succeeded, but DryRun flag is set.")
}
