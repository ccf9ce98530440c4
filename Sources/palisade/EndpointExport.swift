import PalisadeJSON
import PalisadeAnalysis

/// The policy of a running EC2 endpoint (Palisade, or anything answering the EC2 Query API), read with the same
/// `Describe*` calls `aws ec2 describe-…` makes and handed to ``AWSExportReader`` as if they were exported files,
/// so a live account is linted exactly as its exports are.
///
/// ```swift
/// let context = try await EndpointExport(client: QueryClient(endpoint: url, region: "us-east-1")).context()
/// ```
/// Each answer is one "file" named after its request (`http://127.0.0.1:4566/?Action=DescribeSecurityGroupRules`),
/// pages merged, so findings carry JSON paths into it: `…DescribeSecurityGroupRules:$.SecurityGroupRules[3]`.
struct EndpointExport {
    var client: QueryClient

    /// The calls, in the reader's order (rules from DescribeSecurityGroupRules replace the groups' IpPermissions,
    /// so they carry the real `sgr-` IDs), with the list each pages through and its largest page.
    private static let calls: [(action: String, list: String, pageSize: Int)] = [
        ("DescribeVpcs", "Vpcs", 1000),
        ("DescribeSecurityGroups", "SecurityGroups", 1000),
        ("DescribeSecurityGroupRules", "SecurityGroupRules", 1000),
        ("DescribeNetworkInterfaces", "NetworkInterfaces", 1000),
        ("DescribeManagedPrefixLists", "PrefixLists", 100),
    ]

    /// Reads everything and returns the lint context.
    /// - Parameter configuration: The lint configuration.
    /// - Throws: ``ImportCommand/RequestFailure`` when a call fails or answers what is not EC2 XML.
    func context(configuration: LintConfiguration = LintConfiguration()) async throws(ImportCommand.RequestFailure)
        -> LintContext
    {
        var reader = AWSExportReader()
        for call in Self.calls {
            let answer = try await describe(call.action, list: call.list, pageSize: call.pageSize)
            reader.read(answer, file: name(call.action))
            guard call.list == "PrefixLists" else { continue }
            for list in answer["PrefixLists"]?.array ?? [] {
                guard let id = list["PrefixListId"]?.string else { continue }
                let parameters = ["PrefixListId": id]
                let entries = try await describe("GetManagedPrefixListEntries", list: "Entries", pageSize: 100, parameters)
                // The reader matches entries to their list by the list ID in the name.
                reader.read(entries, file: name("GetManagedPrefixListEntries", parameters))
            }
        }
        return reader.context(configuration: configuration)
    }

    private func name(_ action: String, _ parameters: [String: String] = [:]) -> String {
        let base = client.endpoint.hasSuffix("/") ? client.endpoint : client.endpoint + "/"
        return base + "?Action=" + action + parameters.keys.sorted().map { "&\($0)=\(parameters[$0]!)" }.joined()
    }

    /// One action's answer, every page of `list` merged into the first page's document.
    private func describe(_ action: String, list: String, pageSize: Int, _ parameters: [String: String] = [:])
        async throws(ImportCommand.RequestFailure) -> JSONValue
    {
        var items: [JSONValue] = []
        var token: String?
        repeat {
            var page = parameters
            page["MaxResults"] = String(pageSize)
            if let token { page["NextToken"] = token }
            let text = try await client.call(action, page)
            let reply: JSONValue
            do {
                reply = try EC2XMLElement.parse(text).awsCLIJSON
            } catch {
                throw ImportCommand.RequestFailure(description: "\(action): \(error)")
            }
            items += reply[list]?.array ?? []
            token = reply["NextToken"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return .object([(list, .array(items))])
    }
}
