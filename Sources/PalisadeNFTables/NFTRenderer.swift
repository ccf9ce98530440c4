public import PalisadeCore
import PalisadeFlow

/// Renders the security groups of bound network interfaces as one nftables table.
///
/// ```swift
/// let bindings = try InterfaceBindings(["eni-0a1b2c3d": "eth0"])
/// let ruleset = NFTRenderer().render(snapshot, bindings: bindings)
/// print(ruleset.replacementScript)        // feed to `nft -f -`
/// ```
///
/// ## Hooks: which packets each chain sees
///
/// A bound Linux interface stands for the network interface itself: its addresses are the ENI's private
/// addresses, packets it receives are the ENI's ingress and packets it sends are its egress. In the host or
/// network namespace that owns it:
///
/// - `input` (priority `filter`) sees packets arriving on the interface for a local address: ingress, keyed
///   by `iifname`.
/// - `output` (priority `filter`) sees locally generated packets leaving through it: egress, by `oifname`.
/// - `forward` sees packets routed through the host: the interface they arrive on judges them as ingress and
///   the one they leave through as egress, as AWS does for an instance that routes (source/destination
///   check off). Both are consulted, so an allow in an interface chain is `return`, not `accept`.
/// - `prerouting` and `output` at priority `raw` (before connection tracking) mark untracked packets
///   `notrack`.
///
/// Each base chain reaches the chain of the interface with one verdict-map lookup (`iifname vmap`,
/// `oifname vmap`); packets of other interfaces (loopback, unbound links) pass untouched, so traffic between
/// two addresses of one host, which goes over `lo`, is not filtered (in AWS it never crosses an ENI).
///
/// ## Interface chains
///
/// `ct state established,related accept` first: replies and ICMP errors of tracked flows pass whatever the
/// rules now say, and a tracked flow outlives the removal of the rule that admitted it, because a
/// replacement swaps the table but keeps the kernel's conntrack entries. Then `ct state invalid drop`,
/// IPv6 neighbour discovery and MLD (see ``NFTRenderOptions/acceptsNeighborDiscovery``), the `ct timeout`
/// of new connections, the allow rules (`return`) and a final `drop`.
///
/// Allow rules are the union of the attached groups' rules, per address family:
///
/// - A rule admitting all traffic from (to) `0.0.0.0/0` (`::/0`) becomes `meta nfproto ipv4 return`, and the
///   family's other rules are left out.
/// - Rules with CIDR peers become elements of the interface's concatenated interval sets, one lookup each:
///   `ip saddr . meta l4proto . th dport @eni_web_ingress_ports_v4` with elements `10.0.0.0/8 . tcp . 80-90`
///   (TCP and UDP), `… . meta l4proto @…_protocols_v4` (other protocols), `… . icmp type . icmp code
///   @…_icmp_v4` (one ICMP type) and `meta nfproto . ip saddr @…_all_v4` (all traffic). Identical or
///   overlapping rules of several groups become disjoint elements (``ServiceBox``), each commented with the
///   rule IDs behind it; `0.0.0.0/0` is an element like any block. A CIDR rule change is an element change
///   unless it adds the first or removes the last element of a set.
/// - Security-group peers match a named set per group and family (`@sg_0abc_v4`, the private addresses of
///   every interface holding the group) and prefix lists a named interval set per family (`@pl_0abc_v4`), so
///   membership and prefix-list edits are element updates. One rule per (family, service, set), the TCP (UDP)
///   ports of one set merged into disjoint ranges, one rule each: `tcp dport 22 ip saddr @sg_0abc_v4 return`.
///
/// A new packet costs a few set lookups for the CIDR rules, whatever their number, plus one rule per distinct
/// (family, service, group or prefix list); each lookup (hash, or pipapo for concatenated intervals) costs the
/// same whatever the number of members. The number of attached groups or of members does not add rules.
///
/// ### Why no anonymous sets, and no plain interval sets
///
/// Before each command, even `add element`, nft 1.0.6 fetches the table's sets and the elements of every
/// interval set that is not a concatenation, one netlink dump per set; it does not fetch rules or
/// concatenated sets. And each anonymous set costs the kernel walks over the table's sets and the
/// transaction (naming it `__set%d`, finding and binding it for its rule: `nf_tables_newset`,
/// `nft_set_lookup_global`, `__nft_set_trans_bind` in a profile), so a load is quadratic in their number
/// (1,500, 3,000 and 6,000 took 1.9, 9 and 33 s on a loaded 2-core machine). One anonymous interval set per
/// rule (`ip saddr { 10.0.0.0/8, … }`) made a membership change take 0.5 s at 100 groups × 60 rules × 50
/// interfaces; at 500 × 60 × 200 the 15,200 anonymous port sets of group rules (`tcp dport { 1000, 1003 }`)
/// made the load take 47 s, against 2.9 s with one rule per port. So CIDR peers live in concatenated named
/// sets, rules with a named-set peer have one port range each, and the only anonymous sets left are the
/// neighbour-discovery types (one per chain) and the untracked ports of the raw chains (written by
/// ``NFTMatch/ports(_:_:_:)``, which keeps ranges out of plain anonymous sets); the only plain interval sets
/// are the prefix lists'.
///
/// ## Untracked flows (spec 5.2)
///
/// Which packets are untracked comes from `PalisadeFlow` (``CompiledPolicy/untrackedTraffic(interfaceId:direction:)``),
/// the classification the flow engine uses: TCP/UDP admitted by a rule open to `0.0.0.0/0` (`::/0`) while the
/// opposite direction allows all traffic of the protocol to anywhere, and the replies of such flows. The
/// classification depends only on family, protocol and ports, so the raw chains match it as
/// `meta nfproto ipv4 tcp dport { 80 } notrack` (requests) and `… tcp sport { 80 } notrack` (replies, in the
/// other direction). Untracked packets get `ct state untracked`, skip the established and invalid rules and
/// are judged by the current allow rules, packet by packet in both directions: removing the rule cuts the
/// flow at its next packet, as in AWS. Forwarded packets are classified by the interface they arrive on.
///
/// ## Connection tracking timeouts
///
/// With ``NFTRenderOptions/connectionTimeouts`` each bound interface gets `ct timeout` objects
/// `<eni>_tcp` (established = TcpEstablishedTimeout; handshake and closing states 120 s; close 10 s) and
/// `<eni>_udp` (unreplied = UdpTimeout, replied = UdpStreamTimeout), from its ConnectionTrackingSpecification
/// or AWS's defaults, the values the flow engine uses (`ConnectionTimeouts`). New connections get them in the
/// interface chain (`ct state new meta l4proto tcp ct timeout set "<eni>_tcp"`), which runs after conntrack
/// created the entry and before it is confirmed. ICMP (kernel 30 s) and other protocols (kernel 600 s, as in
/// AWS) keep the kernel's timeouts. Needs `CONFIG_NF_CONNTRACK_TIMEOUT` (Linux 4.19+, nftables 0.9.1+). A
/// replacement deletes the objects, and the kernel then falls back to its default timeouts for connections
/// that used them.
///
/// ## Fail closed
///
/// A bound network interface missing from the snapshot gets chains that drop everything.
///
/// ## Known differences from AWS
///
/// - ICMP errors about untracked flows are `ct state invalid` in Linux and dropped even if a rule admits them.
/// - Neighbour discovery and MLD pass whatever the rules say (AWS handles them outside security groups).
/// - Once an untracked flow's rule is gone, a packet the still-open side sends first (say the server's next
///   segment) opens a tracked entry, which then admits the other side's packets; the flow engine does the
///   same. Packets from the side whose rule was removed are dropped at once.
/// - ICMP flows idle out after the kernel's 30 s; the flow engine uses 60 s (AWS documents neither).
/// - One conntrack table per host or namespace: several bound interfaces share it, whereas AWS tracks per
///   ENI; a forwarded flow's tracking is decided by the interface it arrives on.
public struct NFTRenderer: Sendable {
    public var options: NFTRenderOptions

    public init(options: NFTRenderOptions = NFTRenderOptions()) {
        self.options = options
    }

    /// Renders the table enforcing `snapshot` on the interfaces of `bindings`.
    /// - Parameters:
    ///   - snapshot: The policy.
    ///   - bindings: Which Linux interface stands for which network interface.
    /// - Returns: The table, deterministic for a given snapshot and bindings whatever the order of their arrays.
    public func render(_ snapshot: PolicySnapshot, bindings: InterfaceBindings) -> NFTRuleset {
        let context = RenderContext(snapshot: snapshot, bindings: bindings)
        var ruleset = NFTRuleset(tableName: options.tableName, revision: snapshot.revision)
        ruleset.sets = context.groupSets() + context.prefixListSets()

        var maps = (
            ingress: NFTVerdictMap(name: "ingress_chains"), egress: NFTVerdictMap(name: "egress_chains"),
            untrackedIngress: NFTVerdictMap(name: "untracked_ingress_chains"),
            untrackedEgress: NFTVerdictMap(name: "untracked_egress_chains")
        )
        var interfaceChains: [NFTChain] = []
        for binding in context.bound {
            let chainName = context.interfaceNames[binding.id]
            let ingress = NFTChain(name: "\(chainName)_ingress")
            let egress = NFTChain(name: "\(chainName)_egress")
            maps.ingress.elements.append(.init(interfaceName: binding.interfaceName, verdict: .jump(ingress.name)))
            maps.egress.elements.append(.init(interfaceName: binding.interfaceName, verdict: .jump(egress.name)))
            guard let networkInterface = binding.networkInterface else {
                let rule = NFTRule([], .drop, comment: "\(binding.id) is not in the snapshot")
                interfaceChains += [
                    NFTChain(name: ingress.name, rules: [rule]), NFTChain(name: egress.name, rules: [rule]),
                ]
                continue
            }
            var timeouts: [NFTConntrackTimeout] = []
            if options.connectionTimeouts {
                timeouts = Self.timeouts(for: networkInterface, chainName: chainName)
                ruleset.timeouts += timeouts
            }
            for direction in [Direction.ingress, .egress] {
                let name = "\(chainName)_\(direction.rawValue)"
                let allow = context.allowRules(networkInterface, direction: direction, setStem: name)
                ruleset.sets += allow.sets
                interfaceChains.append(
                    NFTChain(name: name, rules: preamble(timeouts: timeouts) + allow.rules + [NFTRule([], .drop)]))
            }
            for direction in [Direction.ingress, .egress] {
                let untracked = context.policy.untrackedTraffic(
                    interfaceId: networkInterface.networkInterfaceId, direction: direction)
                let rules = Self.notrackRules(untracked)
                guard !rules.isEmpty else { continue }
                let chain = NFTChain(name: "\(chainName)_untracked_\(direction.rawValue)", rules: rules)
                let element = NFTVerdictMap.Element(interfaceName: binding.interfaceName, verdict: .jump(chain.name))
                if direction == .ingress {
                    maps.untrackedIngress.elements.append(element)
                } else {
                    maps.untrackedEgress.elements.append(element)
                }
                interfaceChains.append(chain)
            }
        }
        ruleset.maps = [maps.ingress, maps.egress, maps.untrackedIngress, maps.untrackedEgress]
        for index in ruleset.maps.indices { ruleset.maps[index].elements.sort { $0.interfaceName < $1.interfaceName } }

        ruleset.chains =
            [
                NFTChain(
                    name: "raw_prerouting", hook: .init(point: .prerouting, priority: .raw),
                    rules: [NFTRule([], .interfaceVerdictMap(inbound: true, map: maps.untrackedIngress.name))]),
                NFTChain(
                    name: "raw_output", hook: .init(point: .output, priority: .raw),
                    rules: [NFTRule([], .interfaceVerdictMap(inbound: false, map: maps.untrackedEgress.name))]),
                NFTChain(
                    name: "input", hook: .init(point: .input, priority: .filter),
                    rules: [NFTRule([], .interfaceVerdictMap(inbound: true, map: maps.ingress.name))]),
                NFTChain(
                    name: "forward", hook: .init(point: .forward, priority: .filter),
                    rules: [
                        NFTRule([], .interfaceVerdictMap(inbound: true, map: maps.ingress.name)),
                        NFTRule([], .interfaceVerdictMap(inbound: false, map: maps.egress.name)),
                    ]),
                NFTChain(
                    name: "output", hook: .init(point: .output, priority: .filter),
                    rules: [NFTRule([], .interfaceVerdictMap(inbound: false, map: maps.egress.name))]),
            ] + interfaceChains
        return ruleset
    }

    /// The rules every interface chain starts with.
    private func preamble(timeouts: [NFTConntrackTimeout]) -> [NFTRule] {
        var rules = [
            NFTRule([.conntrackState([.established, .related])], .accept),
            NFTRule([.conntrackState([.invalid])], .drop),
        ]
        if options.acceptsNeighborDiscovery {
            rules.append(
                NFTRule([.icmp(family: .ipv6, types: [130, 131, 132, 133, 134, 135, 136, 143], code: nil)], .accept))
        }
        for timeout in timeouts {
            let number: UInt8 = timeout.protocolName == "tcp" ? 6 : 17
            rules.append(
                NFTRule([.conntrackState([.new]), .transportProtocol(number)], .setConntrackTimeout(timeout.name)))
        }
        return rules
    }
}
