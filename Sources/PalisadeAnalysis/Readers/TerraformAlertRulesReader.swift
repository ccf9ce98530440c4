import Foundation
public import PalisadeAudit
import PalisadeJSON
import PalisadeTerraform

/// Alert rules from Terraform, as the seed writes them: each `aws_cloudwatch_event_rule` with its
/// `event_pattern` (usually `jsonencode({…})`), delivered to the `invocation_endpoint` of the
/// `aws_cloudwatch_event_api_destination` an `aws_cloudwatch_event_target` sends it to (AWS's way to call
/// a webhook from EventBridge), and always to the log.
///
/// ```hcl
/// resource "aws_cloudwatch_event_rule" "sg" { name = "sg-changes"  event_pattern = jsonencode({ source = ["aws.ec2"] }) }
/// resource "aws_cloudwatch_event_api_destination" "hook" { invocation_endpoint = "https://hooks.example.com/sg" … }
/// resource "aws_cloudwatch_event_target" "sg" { rule = aws_cloudwatch_event_rule.sg.name
///                                                arn  = aws_cloudwatch_event_api_destination.hook.arn }
/// ```
///
/// Other resources in the files are ignored. A pattern that depends on values not known here (a variable
/// without a default, another resource's attribute) is an error with its `file:line:column`.
public enum TerraformAlertRulesReader {
    /// Reads `path`: one `.tf` file, or every `.tf` file of a directory.
    public static func read(path: String) throws(AlertRules.FileError) -> AlertRules {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AlertRules.FileError(file: path, message: "no such file or directory")
        }
        let files: [String]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.hasSuffix(".tf") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        } else {
            files = [path]
        }
        var blocks: [(type: String, name: String, block: HCLBlock)] = []
        for file in files {
            guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw AlertRules.FileError(file: file, message: "cannot read the file")
            }
            let (parsed, diagnostics) = HCLParser.parse(source: source, fileName: file)
            if let error = diagnostics.first(where: { $0.severity == .error }) {
                throw AlertRules.FileError(file: error.range.description, message: error.message)
            }
            for block in parsed.body.blocks(ofType: "resource") where block.labels.count == 2 {
                blocks.append((block.labels[0].value, block.labels[1].value, block))
            }
        }
        return try rules(from: blocks)
    }

    private static func rules(from blocks: [(type: String, name: String, block: HCLBlock)]) throws(AlertRules.FileError)
        -> AlertRules
    {
        let evaluator = ExpressionEvaluator(context: EvaluationContext())
        func string(_ block: HCLBlock, _ attribute: String) throws(AlertRules.FileError) -> String? {
            guard let found = block.body.attribute(named: attribute) else { return nil }
            let value: Value
            do {
                value = try evaluator.evaluate(found.expression)
            } catch {
                throw AlertRules.FileError(
                    file: found.expression.range.description,
                    message: "\(attribute) cannot be evaluated here (\(error.description))")
            }
            guard case .string(let text) = value else {
                throw AlertRules.FileError(
                    file: found.expression.range.description, message: "\(attribute) must be a string, not \(value.typeName)")
            }
            return text
        }
        /// The resource name a `rule`/`arn` attribute refers to (`aws_cloudwatch_event_rule.x.name` → `x`).
        func reference(_ block: HCLBlock, _ attribute: String, to type: String) -> String? {
            guard let traversal = block.body.attribute(named: attribute)?.expression.staticTraversal,
                traversal.root == type, case .attribute(let name)? = traversal.steps.first
            else { return nil }
            return name
        }
        var endpoints: [String: String] = [:]
        for (type, name, block) in blocks where type == "aws_cloudwatch_event_api_destination" {
            endpoints[name] = try string(block, "invocation_endpoint")
        }
        var webhooks: [String: [String]] = [:]
        for (type, _, block) in blocks where type == "aws_cloudwatch_event_target" {
            guard let rule = reference(block, "rule", to: "aws_cloudwatch_event_rule") else { continue }
            if let destination = reference(block, "arn", to: "aws_cloudwatch_event_api_destination"),
                let endpoint = endpoints[destination]
            {
                webhooks[rule, default: []].append(endpoint)
            }
        }
        var rules: [AlertRules.Rule] = []
        for (type, label, block) in blocks where type == "aws_cloudwatch_event_rule" {
            if try string(block, "state") == "DISABLED" { continue }
            if let enabled = block.body.attribute(named: "is_enabled")?.expression.constantValue, enabled == .bool(false) {
                continue
            }
            guard let attribute = block.body.attribute(named: "event_pattern"), let text = try string(block, "event_pattern")
            else {
                throw AlertRules.FileError(
                    file: block.range.description, message: "aws_cloudwatch_event_rule.\(label) has no event_pattern")
            }
            let pattern: EventPattern
            do {
                pattern = try EventPattern(json: try JSONParser.parse(text))
            } catch let error as EventPatternError {
                throw AlertRules.FileError(file: attribute.expression.range.description, message: "event_pattern: \(error)")
            } catch {
                throw AlertRules.FileError(file: attribute.expression.range.description, message: "event_pattern: \(error)")
            }
            rules.append(
                AlertRules.Rule(
                    name: try string(block, "name") ?? label, description: try string(block, "description") ?? "",
                    pattern: pattern, webhooks: webhooks[label] ?? [], log: true))
        }
        return AlertRules(rules: rules)
    }
}
