@testable import PalisadeAnalysis
import Testing

/// The hand-written matcher of the default naming pattern agrees with the pattern compiled as a `Regex`.
struct GroupNamePartsTests {
    @Test(arguments: [
        "prod-shop-data-postgres", "prod-shop-data-postgres-replica-2", "dev-a-b-c", "prod-shop-data", "prod--data-x",
        "-prod-shop-data-x", "prod-shop-data-x-", "Prod-shop-data-x", "prod-shöp-data-x", "prod-shop-data-x_y",
        "prod-shop-data-x\n", "", "----", "prod-sh\u{0301}op-data-x", "1-2-3-4", "terraform-20240101-app-x",
    ])
    func defaultPatternMatchesLikeTheRegex(_ name: String) throws {
        let regex = try Regex(LintConfiguration.defaultNamingPattern)
        let match = try regex.wholeMatch(in: name)
        let parts = GroupNameParts.defaultParts(of: name)
        #expect((match == nil) == (parts == nil))
        if let match, let parts {
            #expect(parts.environment == match.output["environment"]?.substring.map(String.init))
            #expect(parts.tier == match.output["tier"]?.substring.map(String.init))
        }
    }

    @Test func customPatternsAndInvalidOnes() {
        let parts = GroupNameParts.matches(of: ["web-public", "db"], pattern: "^(?<application>[a-z]+)-(?<tier>[a-z]+)$")
        #expect(parts == ["web-public": GroupNameParts(environment: nil, tier: "public")])
        #expect(GroupNameParts.matches(of: ["x"], pattern: "(unclosed") == nil)
    }
}
