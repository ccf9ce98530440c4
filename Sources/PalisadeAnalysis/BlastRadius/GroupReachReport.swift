import PalisadeCore
import PalisadeFlow

/// `palisade reach` on an offline configuration: who reaches a group (`--to`), every group pair (`--matrix`), and the
/// groups open to the internet (`--exposed`), named by resource address.
///
/// ```swift
/// let report = try GroupReachReport.inbound(to: "database_sg", port: 3306, context: context)
/// print(report.text)
/// // aws_security_group.database_sg reachable from:
/// //   aws_security_group.bastion_sg: tcp 3306
/// //   aws_security_group.web_servers_sg: tcp 3306
/// ```
public struct GroupReachReport: Sendable, Encodable {
    /// One line of the answer.
    public struct Entry: Sendable, Hashable, Encodable {
        /// The source: a group address or a CIDR block.
        public var source: String
        /// The destination group's address.
        public var destination: String
        /// What the source may open (`tcp 3306`).
        public var services: String
    }

    /// A question about a group that the configuration does not hold.
    public struct UnknownGroup: Error, CustomStringConvertible {
        /// The message.
        public var description: String
    }

    /// What was asked.
    public var question: String
    /// The answer.
    public var entries: [Entry]

    /// The answer as text.
    public var text: String {
        if entries.isEmpty { return "\(question): nothing" }
        var lines: [String] = []
        var current: String?
        for entry in entries {
            if entry.destination != current {
                lines.append("\(entry.destination) \(question.hasPrefix("exposed") ? "exposed to the internet" : "reachable from"):")
                current = entry.destination
            }
            lines.append("  \(entry.source): \(entry.services)")
        }
        return lines.joined(separator: "\n")
    }

    /// The group `name` stands for: an ID, an address (`aws_security_group.db`), the address's last part (`db`)
    /// or a group name.
    public static func resolveGroup(_ name: String, in context: LintContext) throws(UnknownGroup) -> String {
        let groups = context.snapshot.securityGroups
        if let group = groups.first(where: { $0.groupId == name || context.address(of: $0.groupId) == name }) {
            return group.groupId
        }
        let matches = groups.filter { context.address(of: $0.groupId).hasSuffix("." + name) || $0.groupName == name }
        if matches.count == 1 { return matches[0].groupId }
        if matches.isEmpty { throw UnknownGroup(description: "no security group '\(name)' in the configuration") }
        throw UnknownGroup(
            description: "'\(name)' is ambiguous: " + matches.map { context.address(of: $0.groupId) }.joined(separator: ", "))
    }

    /// Who can reach the group `name`, optionally only on one TCP or UDP `port`.
    public static func inbound(to name: String, port: Int? = nil, context: LintContext) throws(UnknownGroup) -> GroupReachReport {
        let groupId = try resolveGroup(name, in: context)
        let reachability = GroupReachability(context.snapshot)
        let destination = context.address(of: groupId)
        var entries: [Entry] = []
        if let inbound = reachability.inbound(toGroup: groupId) {
            for entry in inbound.groups {
                if let services = filter(entry.services, port: port) {
                    entries.append(Entry(source: context.address(of: entry.groupId), destination: destination, services: services))
                }
            }
            entries.sort { $0.source < $1.source }
            for source in inbound.outsideSources {
                if let services = filter(source.services, port: port) {
                    entries.append(Entry(source: source.cidr, destination: destination, services: services))
                }
            }
        }
        return GroupReachReport(question: port.map { "\(destination) port \($0)" } ?? destination, entries: entries)
    }

    /// Every group that admits something from public address space, with the sources.
    public static func exposed(port: Int? = nil, context: LintContext) -> GroupReachReport {
        var entries: [Entry] = []
        for (groupId, exposure) in GroupReachability(context.snapshot).internetExposure() {
            for source in exposure.sources {
                if let services = filter(source.services, port: port) {
                    entries.append(Entry(source: source.cidr, destination: context.address(of: groupId), services: services))
                }
            }
        }
        entries.sort { ($0.destination, $0.source) < ($1.destination, $1.source) }
        return GroupReachReport(question: "exposed", entries: entries)
    }

    /// Every pair of groups with what the first may open to the second.
    public static func matrix(port: Int? = nil, context: LintContext) -> GroupReachReport {
        let reachability = GroupReachability(context.snapshot)
        var entries: [Entry] = []
        for destination in context.snapshot.securityGroups {
            for entry in reachability.inbound(toGroup: destination.groupId)?.groups ?? [] {
                if let services = filter(entry.services, port: port) {
                    entries.append(
                        Entry(
                            source: context.address(of: entry.groupId), destination: context.address(of: destination.groupId),
                            services: services))
                }
            }
        }
        entries.sort { ($0.destination, $0.source) < ($1.destination, $1.source) }
        return GroupReachReport(question: "matrix", entries: entries)
    }

    private static func filter(_ services: ServiceSet, port: Int?) -> String? {
        guard let port else { return services.isEmpty ? nil : services.description }
        guard let value = UInt16(exactly: port) else { return nil }
        let names = [(ProtocolNumber.tcp, "tcp"), (ProtocolNumber.udp, "udp")].filter {
            services.contains(protocolNumber: $0.0, port: value)
        }
        return names.isEmpty ? nil : names.map { "\($0.1) \(port)" }.joined(separator: "; ")
    }
}
