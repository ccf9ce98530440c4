public import PalisadeJSON
import PalisadeCore
import PalisadeFlow

/// What a change opens up or closes: every pair of groups, outside CIDR block and group, and pair of interfaces whose
/// reachability differs between two configurations, with the services gained or lost and the resources affected.
///
/// Both sides are answered by the flow engine's ``Reachability`` (through ``GroupReachability`` for groups), so the
/// blast radius agrees with what the enforcer does. Objects are matched by their resource address (Terraform,
/// plans) or AWS ID (exports), so synthetic IDs may differ between the two sides.
///
/// ```swift
/// let radius = BlastRadius(before: beforeContext, after: afterContext)
/// print(radius.text)
/// // + 10.0.0.0/8 -> aws_security_group.database_sg: tcp 3306   (affects aws_instance.db)
/// ```
public struct BlastRadius: Sendable, Encodable {
    /// One path that gains or loses access.
    public struct Change: Sendable, Hashable, Encodable {
        /// `gained` or `lost`.
        public var change: String
        /// `group`, `cidr` or `interface`: what the source is.
        public var sourceKind: String
        /// The source: a group or interface address, or a CIDR block.
        public var source: String
        /// `group` or `interface`: what the destination is.
        public var destinationKind: String
        /// The destination's address.
        public var destination: String
        /// What is gained or lost.
        public var services: ServiceDelta
        /// Resources behind the destination (the interfaces and instances carrying the group).
        public var affected: [String]

        /// `+ src -> dst: tcp 3306 (affects …)`.
        public var line: String {
            let sign = change == "gained" ? "+" : "-"
            let suffix = affected.isEmpty ? "" : "  (affects \(affected.joined(separator: ", ")))"
            return "\(sign) \(source) -> \(destination): \(services)\(suffix)"
        }
    }

    /// Paths that gain access, sorted.
    public var gained: [Change]
    /// Paths that lose access, sorted.
    public var lost: [Change]
    /// Every resource whose reachability changes, sorted.
    public var affectedResources: [String]

    /// Compares two configurations.
    /// - Parameters:
    ///   - before: The configuration before the change.
    ///   - after: The configuration after it.
    public init(before: LintContext, after: LintContext) {
        let old = Side(before)
        let new = Side(after)
        var changes: [Change] = []
        func compare(
            _ kinds: (String, String), _ oldPaths: [PathKey: ServiceSet], _ newPaths: [PathKey: ServiceSet],
            affected: (String) -> [String]
        ) {
            for key in Set(oldPaths.keys).union(newPaths.keys) {
                let was = oldPaths[key] ?? ServiceSet()
                let now = newPaths[key] ?? ServiceSet()
                if was == now { continue }
                for (name, delta) in [("gained", ServiceDelta(now, minus: was)), ("lost", ServiceDelta(was, minus: now))]
                where !delta.isEmpty {
                    changes.append(
                        Change(
                            change: name, sourceKind: kinds.0, source: key.source, destinationKind: kinds.1,
                            destination: key.destination, services: delta, affected: affected(key.destination)))
                }
            }
        }
        let groupAffected = { (label: String) in Array(old.members[label, default: []].union(new.members[label, default: []])).sorted() }
        compare(("group", "group"), old.groupPaths, new.groupPaths, affected: groupAffected)
        compare(("cidr", "group"), old.outsidePaths, new.outsidePaths, affected: groupAffected)
        compare(("interface", "interface"), old.interfacePaths, new.interfacePaths, affected: { [$0] })
        let order: (Change, Change) -> Bool = {
            ($0.destination, $0.sourceKind, $0.source) < ($1.destination, $1.sourceKind, $1.source)
        }
        gained = changes.filter { $0.change == "gained" }.sorted(by: order)
        lost = changes.filter { $0.change == "lost" }.sorted(by: order)
        var resources = Set<String>()
        for change in changes {
            resources.insert(change.destination)
            if change.sourceKind != "cidr" { resources.insert(change.source) }
            resources.formUnion(change.affected)
        }
        affectedResources = resources.sorted()
    }

    /// Whether nothing changes.
    public var isEmpty: Bool { gained.isEmpty && lost.isEmpty }

    /// The report as text, one path per line.
    public var text: String {
        if isEmpty { return "No reachability changes.\n" }
        var lines: [String] = []
        if !gained.isEmpty {
            lines.append("Gained access (\(gained.count)):")
            lines += gained.map { "  " + $0.line }
        }
        if !lost.isEmpty {
            lines.append("Lost access (\(lost.count)):")
            lines += lost.map { "  " + $0.line }
        }
        lines.append("Affected resources (\(affectedResources.count)): \(affectedResources.joined(separator: ", "))")
        return lines.joined(separator: "\n") + "\n"
    }

    struct PathKey: Hashable {
        var source: String
        var destination: String
    }

    /// The reachability of one side, keyed by address.
    struct Side {
        var groupPaths: [PathKey: ServiceSet] = [:]
        var outsidePaths: [PathKey: ServiceSet] = [:]
        var interfacePaths: [PathKey: ServiceSet] = [:]
        /// Per group address, the addresses of the interfaces carrying it.
        var members: [String: Set<String>] = [:]

        init(_ context: LintContext) {
            let snapshot = context.snapshot
            let groups = GroupReachability(snapshot)
            for group in snapshot.securityGroups {
                let destination = context.address(of: group.groupId)
                guard let inbound = groups.inbound(toGroup: group.groupId) else { continue }
                for entry in inbound.groups {
                    groupPaths[PathKey(source: context.address(of: entry.groupId), destination: destination), default: ServiceSet()]
                        .formUnion(entry.services)
                }
                for source in inbound.outsideSources {
                    outsidePaths[PathKey(source: source.cidr, destination: destination), default: ServiceSet()]
                        .formUnion(source.services)
                }
            }
            for interface in snapshot.networkInterfaces {
                for group in interface.groupIds {
                    members[context.address(of: group), default: []].insert(context.address(of: interface.networkInterfaceId))
                }
            }
            let reachability = context.reachability
            for destination in snapshot.networkInterfaces {
                guard let inbound = reachability.inbound(to: destination.networkInterfaceId) else { continue }
                let label = context.address(of: destination.networkInterfaceId)
                for entry in inbound.interfaces {
                    interfacePaths[PathKey(source: context.address(of: entry.networkInterfaceId), destination: label), default: ServiceSet()]
                        .formUnion(entry.services)
                }
            }
        }
    }
}

extension BlastRadius {
    /// The two sides of a `terraform show -json` plan, as documents ``TerraformPlanReader`` reads: the first with
    /// every `resource_changes[].change.before`, the second with every `change.after` (both keep the plan's
    /// `configuration`, which resolves references to groups not created yet).
    /// - Parameter plan: The plan.
    /// - Returns: Nil when the plan has no `resource_changes`.
    public static func planSides(_ plan: JSONValue) -> (before: JSONValue, after: JSONValue)? {
        guard let changes = plan["resource_changes"]?.array else { return nil }
        func side(_ key: String) -> JSONValue {
            let rewritten = changes.map { change -> JSONValue in
                let value = change["change"]?[key] ?? .null
                let members = (change.members ?? []).filter { $0.0 != "change" }
                return .object(members + [("change", .object([("after", value)]))])
            }
            var members: [(String, JSONValue)] = [("resource_changes", .array(rewritten))]
            if let configuration = plan["configuration"] { members.append(("configuration", configuration)) }
            return .object(members)
        }
        return (side("before"), side("after"))
    }
}
