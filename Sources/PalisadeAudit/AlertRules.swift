public import PalisadeJSON

/// Alert rules: EventBridge event patterns over the audit events, each with its targets (HTTP webhooks and
/// the server log), read from a JSON file:
///
/// ```json
/// {"rules": [{"name": "security-group-modifications",
///             "eventPattern": {"source": ["aws.ec2"], "detail-type": ["AWS API Call via CloudTrail"],
///                              "detail": {"eventName": ["AuthorizeSecurityGroupIngress"]}},
///             "targets": [{"webhook": "http://127.0.0.1:9000/hooks/sg"}, {"log": true}]}]}
/// ```
///
/// `eventPattern` may also be a string holding the pattern's JSON, as `aws events put-rule --event-pattern`
/// and Terraform's `jsonencode` give it. A rule with `"state": "DISABLED"` never fires.
public struct AlertRules: Sendable {
    public struct Rule: Sendable {
        public var name: String
        public var description: String
        public var pattern: EventPattern
        public var webhooks: [String]
        public var log: Bool

        public init(name: String, description: String = "", pattern: EventPattern, webhooks: [String], log: Bool) {
            self.name = name
            self.description = description
            self.pattern = pattern
            self.webhooks = webhooks
            self.log = log
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule] = []) { self.rules = rules }

    /// Why a rules file cannot be used.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        /// The file, or `file:line:column` where a position is known.
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }

        public init(file: String, message: String) {
            self.file = file
            self.message = message
        }
    }

    /// Parses a rules file's text.
    public init(json text: String, file: String) throws(FileError) {
        func fail(_ message: String) -> FileError { FileError(file: file, message: message) }
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw fail(error.description)
        }
        guard let list = document["rules"]?.array else { throw fail("expected an object with a \"rules\" array") }
        var rules: [Rule] = []
        var names: Set<String> = []
        for (index, entry) in list.enumerated() {
            let at = "rules[\(index)]"
            guard let name = entry["name"]?.string, !name.isEmpty else { throw fail("\(at): a rule needs a \"name\"") }
            guard names.insert(name).inserted else { throw fail("\(at): duplicate rule name \"\(name)\"") }
            if let state = entry["state"]?.string, state == "DISABLED" { continue }
            guard var patternJSON = entry["eventPattern"] else { throw fail("\(at) (\(name)): missing \"eventPattern\"") }
            if let embedded = patternJSON.string {
                do {
                    patternJSON = try JSONParser.parse(embedded)
                } catch {
                    throw fail("\(at) (\(name)): eventPattern: \(error.description)")
                }
            }
            let pattern: EventPattern
            do {
                pattern = try EventPattern(json: patternJSON)
            } catch {
                throw fail("\(at) (\(name)): eventPattern: \(error.description)")
            }
            var webhooks: [String] = []
            var log = false
            for (targetIndex, target) in (entry["targets"]?.array ?? []).enumerated() {
                if let url = target["webhook"]?.string {
                    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                        throw fail("\(at).targets[\(targetIndex)]: webhook must be an http:// or https:// URL, got \"\(url)\"")
                    }
                    webhooks.append(url)
                } else if target["log"]?.bool == true {
                    log = true
                } else {
                    throw fail("\(at).targets[\(targetIndex)]: a target is {\"webhook\": URL} or {\"log\": true}")
                }
            }
            if webhooks.isEmpty && !log { throw fail("\(at) (\(name)): a rule needs at least one target") }
            rules.append(
                Rule(name: name, description: entry["description"]?.string ?? "", pattern: pattern, webhooks: webhooks, log: log))
        }
        self.rules = rules
    }

    /// The rules whose pattern matches the event EventBridge would see for `event`.
    public func matching(_ event: AuditEvent) -> [Rule] {
        rules.isEmpty ? [] : matching(document: event.eventBridgeEvent())
    }

    /// The rules whose pattern matches an EventBridge event already built.
    public func matching(document: JSONValue) -> [Rule] {
        rules.filter { $0.pattern.matches(document) }
    }
}
