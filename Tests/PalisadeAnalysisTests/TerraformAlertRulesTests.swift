import Foundation
import PalisadeAnalysis
import PalisadeAudit
import PalisadeCore
import PalisadeJSON
import Testing

@Suite struct TerraformAlertRulesTests {
    static func seed(_ name: String) throws -> String {
        Fixtures.resources.appendingPathComponent("seed/\(name)").path
    }

    static func event(_ name: String, source: String = "ec2.amazonaws.com") -> AuditEvent {
        AuditEvent(
            eventId: "e", eventTime: Timestamp(millisecondsSince1970: 0), eventName: name, eventSource: source,
            awsRegion: "us-east-1", accountId: "123456789012", accessKeyId: "AKIAEXAMPLE", sourceIPAddress: "127.0.0.1",
            userAgent: "t", requestParameters: .object([]), requestId: "r", readOnly: false)
    }

    /// The seed's best_practices.tf as written: its security groups are invalid for the provider, but its
    /// aws_cloudwatch_event_rule is read and fires on exactly the four rule-changing actions.
    @Test func theSeedsEventRuleWorksAsWritten() throws {
        let rules = try TerraformAlertRulesReader.read(path: try Self.seed("best_practices.tf"))
        #expect(rules.rules.map(\.name) == ["security-group-modifications"])
        #expect(rules.rules[0].description == "Capture Security Group modifications")
        #expect(rules.rules[0].log && rules.rules[0].webhooks.isEmpty)
        for name in ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress"] {
            #expect(rules.matching(Self.event(name)).count == 1, "\(name)")
        }
        #expect(rules.matching(Self.event("CreateSecurityGroup")).isEmpty)
        #expect(rules.matching(Self.event("AuthorizeSecurityGroupIngress", source: "s3.amazonaws.com")).isEmpty)
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "alerts-\(UUID().uuidString).tf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func apiDestinationsBecomeWebhooks() throws {
        let path = try Self.write("""
            resource "aws_cloudwatch_event_rule" "open" {
              name          = "opened-to-world"
              event_pattern = jsonencode({ detail = { eventName = [{ prefix = "Authorize" }] } })
            }
            resource "aws_cloudwatch_event_rule" "off" {
              name          = "off"
              state         = "DISABLED"
              event_pattern = jsonencode({ source = ["aws.ec2"] })
            }
            resource "aws_cloudwatch_event_connection" "hooks" { name = "hooks" }
            resource "aws_cloudwatch_event_api_destination" "pager" {
              name                = "pager"
              invocation_endpoint = "http://127.0.0.1:9000/pager"
              http_method         = "POST"
              connection_arn      = aws_cloudwatch_event_connection.hooks.arn
            }
            resource "aws_cloudwatch_event_target" "page" {
              rule = aws_cloudwatch_event_rule.open.name
              arn  = aws_cloudwatch_event_api_destination.pager.arn
            }
            """)
        let rules = try TerraformAlertRulesReader.read(path: path)
        #expect(rules.rules.map(\.name) == ["opened-to-world"])
        #expect(rules.rules[0].webhooks == ["http://127.0.0.1:9000/pager"])
        #expect(rules.matching(Self.event("AuthorizeSecurityGroupEgress")).count == 1)
    }

    @Test func errorsNameTheirPlace() throws {
        func message(_ text: String) throws -> String? {
            do {
                _ = try TerraformAlertRulesReader.read(path: try Self.write(text))
                return nil
            } catch {
                return "\(error)"
            }
        }
        let unknown = try message("""
            resource "aws_cloudwatch_event_rule" "x" {
              event_pattern = jsonencode({ source = [var.source] })
            }
            """)
        #expect(unknown?.contains(".tf:2:19: event_pattern cannot be evaluated here") == true, "\(unknown ?? "")")
        let invalid = try message("""
            resource "aws_cloudwatch_event_rule" "x" {
              event_pattern = jsonencode({ source = "aws.ec2" })
            }
            """)
        #expect(invalid?.contains(".tf:2:19: event_pattern: source: Match value must be") == true, "\(invalid ?? "")")
        let syntax = try message("resource \"aws_cloudwatch_event_rule\" \"x\" {\n  event_pattern = \n")
        #expect(syntax?.contains(".tf:") == true)
        #expect(throws: AlertRules.FileError.self) { try TerraformAlertRulesReader.read(path: "/nonexistent/alerts.tf") }
    }
}
