// Flow engine benchmarks: run in release, single core.
//
//     swift run -c release FlowBenchmark [--cpu] [established|established-1000|newflows|compile|reach …]
//
// Prints one table. Workloads are generated from a fixed seed, so runs are comparable.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import PalisadeCore
import PalisadeFlow

// MARK: Support

let clock = ContinuousClock()
var rng = SplitMix64(seed: 2024)
var checksum = 0
/// Sections that count into a local checksum add it here.
var globalChecksum = 0

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// `--cpu`: aggregate timings use the thread's CPU time instead of wall time, so that other processes
/// sharing the core do not count (per-operation percentiles always use the wall clock).
let useThreadCPUTime = CommandLine.arguments.contains("--cpu")

func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func time(_ body: () -> Void) -> Double {
    if useThreadCPUTime {
        let start = threadCPUSeconds()
        body()
        return threadCPUSeconds() - start
    }
    let start = clock.now
    body()
    return seconds(clock.now - start)
}

func percentile(_ samples: [Double], _ fraction: Double) -> Double {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

var rows: [(String, String)] = []
@MainActor func report(_ name: String, _ value: String) {
    rows.append((name, value))
    print("  \(name): \(value)")
}

func rate(_ operations: Int, _ elapsed: Double) -> String {
    let perSecond = Double(operations) / elapsed
    if perSecond >= 1e6 { return "\(format(perSecond / 1e6, 2)) M/s" }
    return "\(format(perSecond / 1e3, 1)) k/s"
}

func format(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = Double(Int(value * scale + 0.5)) / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}

func micros(_ value: Double) -> String { "\(format(value * 1e6, 2)) µs" }
func millis(_ value: Double) -> String { "\(format(value * 1e3, 1)) ms" }

let scope = Scope(accountId: Scope.defaultAccountId, region: "us-east-1")

func networkInterface(_ id: String, groups: [String], addresses: [IPv4Address]) -> NetworkInterface {
    NetworkInterface(
        networkInterfaceId: id, scope: scope, subnetId: "subnet-1", vpcId: "vpc-1", availabilityZone: "us-east-1a",
        groupIds: groups, privateIpAddresses: addresses.enumerated().map { .init(address: $1, primary: $0 == 0) },
        macAddress: "02:00:00:00:00:01")
}

func rule(_ id: Int, group: String, egress: Bool, _ ipProtocol: IPProtocol, _ from: Int?, _ to: Int?, _ peer: RulePeer)
    -> SecurityGroupRule
{
    SecurityGroupRule(
        ruleId: "sgr-\(id)", groupId: group, scope: scope, isEgress: egress, ipProtocol: ipProtocol, fromPort: from,
        toPort: to, peer: peer)
}

func groupPeer(_ id: String) -> RulePeer { .securityGroup(.init(groupId: id, userId: Scope.defaultAccountId)) }

/// A tracker keyed by `Dictionary<FlowKey, Entry>`: what the open-addressing table is measured against.
struct DictionaryFlowTable {
    struct Entry {
        var expiry: Int64
        var state: UInt8
    }
    var flows: [FlowKey: Entry] = [:]

    mutating func touch(_ flow: FlowKey, now: Int64, timeout: Int64) -> Bool {
        guard let entry = flows[flow], entry.expiry > now else { return false }
        flows[flow]!.expiry = now + timeout
        return true
    }

    mutating func track(_ flow: FlowKey, now: Int64, timeout: Int64) {
        flows[flow] = Entry(expiry: now + timeout, state: 1)
    }

    /// A tracker's decision on `packet`: its flow oriented from the interface's address `local`, refreshed
    /// when live.
    mutating func decide(_ packet: Packet, local: IPAddress, now: Int64) -> Bool {
        let key = packet.flowKey.oriented(from: local)
        guard let index = flows.index(forKey: key), flows.values[index].expiry > now else { return false }
        flows.values[index].expiry = now + 432_000_000
        flows.values[index].state = 2
        return true
    }

    /// Dictionary storage: capacity × (key + value) plus the occupancy bitmap.
    var byteCount: Int {
        flows.capacity * (MemoryLayout<FlowKey>.stride + MemoryLayout<Entry>.stride) + flows.capacity / 8
    }
}

print("Palisade flow engine benchmarks (release, single core)")

/// `FlowBenchmark established newflows compile reach` runs only the named sections (for profiling);
/// without arguments every section runs.
let sections = Set(CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("--") })
func runs(_ section: String) -> Bool { sections.isEmpty || sections.contains(section) }

// MARK: 1. Established flows: open-addressing table vs Dictionary, and the full tracker

let server = IPAddress.v4(IPv4Address("10.0.0.10")!)
let now = Timestamp(millisecondsSince1970: 1_700_000_000_000)

func flowKeys(_ count: Int) -> [FlowKey] {
    (0..<count).map { index in
        FlowKey(
            protocolNumber: 6, source: server,
            destination: .v4(IPv4Address(0xC633_6400 &+ UInt32(index >> 14))), sourcePort: 443,
            destinationPort: UInt16(1024 + index & 0x3fff))
    }
}

for count in [1_000, 1_000_000] where runs("established") || runs("established-\(count)") {
    print("\n[established flows, \(count) tracked]")
    // Locals, not main-actor globals: a global read in the timed loops costs a dynamic isolation check
    // (swift_task_isCurrentExecutor) per iteration, which would be measured along with the tables.
    let clockNow = now
    var checksum = 0
    defer { globalChecksum &+= checksum }
    let keys = flowKeys(count)
    let lookups = 4_000_000
    var order = (0..<lookups).map { _ in Int.random(in: 0..<count, using: &rng) }
    var table = FlowTable(minimumCapacity: 8)
    for key in keys { table.track(key, now: clockNow, timeoutMilliseconds: 432_000_000) }
    var dictionary = DictionaryFlowTable()
    for key in keys { dictionary.track(key, now: clockNow.millisecondsSince1970, timeout: 432_000_000) }
    let tableTime = time {
        var hits = 0
        for index in order where table.touch(keys[index], now: clockNow, timeoutMilliseconds: 432_000_000) { hits += 1 }
        checksum &+= hits
    }
    let dictionaryTime = time {
        var hits = 0
        for index in order
        where dictionary.touch(keys[index], now: clockNow.millisecondsSince1970, timeout: 432_000_000) { hits += 1 }
        checksum &+= hits
    }
    report("flow table lookups, \(count) flows", rate(lookups, tableTime))
    report("Dictionary lookups, \(count) flows", rate(lookups, dictionaryTime))
    report("flow table bytes/flow, \(count) flows", format(Double(table.byteCount) / Double(count), 1))
    report("Dictionary bytes/flow, \(count) flows", format(Double(dictionary.byteCount) / Double(count), 1))

    // Full tracker: outside clients talk to one interface that allows https from 0.0.0.0/0 (tracked:
    // no all-traffic egress rule).
    var snapshot = PolicySnapshot(revision: 1, scope: scope)
    snapshot.securityGroupRules = [rule(1, group: "sg-web", egress: false, .tcp, 443, 443, .cidrIpv4(.anywhere))]
    snapshot.networkInterfaces = [networkInterface("eni-web", groups: ["sg-web"], addresses: [IPv4Address("10.0.0.10")!])]
    let policy = CompiledPolicy(snapshot)
    var tracker = ConnectionTracker(allowance: 2_000_000)
    let packets = keys.map { key in
        Packet.tcp(from: key.destination, sourcePort: key.destinationPort, to: server, destinationPort: 443)
    }
    let insertTime = time {
        for packet in packets where tracker.process(packet, now: clockNow, policy: policy).isAllowed { checksum &+= 1 }
    }
    report("tracker new tracked flows, \(count)", rate(count, insertTime))
    let trackerLookups = 1_000_000
    order = Array(order.prefix(trackerLookups))
    var acks = packets
    for index in acks.indices { acks[index].tcpFlags = .ack }
    // The decision (data path): `decide` returns the 2-byte FlowDecision; each packet is read from a
    // random place in `acks` (part of the workload: at 1M flows that read misses the cache too).
    let decideTime = time {
        for index in order where tracker.decide(acks[index], now: clockNow, policy: policy).isAllowed { checksum &+= 1 }
    }
    report("tracker established decisions, \(count) flows", rate(trackerLookups, decideTime))
    // The explaining path: `process` builds the full Verdict (interface, groups, flow key) per packet.
    let processTime = time {
        for index in order where tracker.process(acks[index], now: clockNow, policy: policy).isAllowed { checksum &+= 1 }
    }
    report("tracker established verdicts with explanation, \(count) flows", rate(trackerLookups, processTime))
    // Batches of 16 packets gathered from the same random places, decided with `decide(batch:)`, which
    // touches every packet's table slot before deciding (overlapping the cache misses).
    let batchSize = 16
    var batch: [Packet] = []
    batch.reserveCapacity(batchSize)
    var decisions: [FlowDecision] = []
    decisions.reserveCapacity(batchSize)
    let batchTime = time {
        var start = 0
        while start < order.count {
            batch.removeAll(keepingCapacity: true)
            for index in order[start..<min(start + batchSize, order.count)] { batch.append(acks[index]) }
            tracker.decide(batch: batch, now: clockNow, policy: policy, into: &decisions)
            for decision in decisions where decision.isAllowed { checksum &+= 1 }
            start += batchSize
        }
    }
    report("tracker established decisions, batches of \(batchSize), \(count) flows", rate(trackerLookups, batchTime))
    // What the batch rows spend gathering packets from their random places, without deciding them.
    let gatherTime = time {
        var start = 0
        while start < order.count {
            batch.removeAll(keepingCapacity: true)
            for index in order[start..<min(start + batchSize, order.count)] { batch.append(acks[index]) }
            checksum &+= Int(batch[batch.count - 1].destinationPort)
            start += batchSize
        }
    }
    report("gathering batches of \(batchSize) alone (part of both batch rows), \(count) flows", rate(trackerLookups, gatherTime))
    // The baseline measured the same way: a Dictionary tracker deciding the same packets (key built from
    // the packet, lookup, refresh), one by one and in gathered batches of 16 (it has no interface
    // resolution or state machine, so it is a lower bound on a Dictionary tracker's cost).
    var dictionaryTracker = DictionaryFlowTable()
    for key in keys { dictionaryTracker.track(key, now: clockNow.millisecondsSince1970, timeout: 432_000_000) }
    let dictionaryTrackerTime = time {
        for index in order where dictionaryTracker.decide(acks[index], local: server, now: clockNow.millisecondsSince1970) {
            checksum &+= 1
        }
    }
    report("Dictionary tracker established decisions, \(count) flows", rate(trackerLookups, dictionaryTrackerTime))
    let dictionaryBatchTime = time {
        var start = 0
        while start < order.count {
            batch.removeAll(keepingCapacity: true)
            for index in order[start..<min(start + batchSize, order.count)] { batch.append(acks[index]) }
            for packet in batch where dictionaryTracker.decide(packet, local: server, now: clockNow.millisecondsSince1970) {
                checksum &+= 1
            }
            start += batchSize
        }
    }
    report(
        "Dictionary tracker established decisions, batches of \(batchSize), \(count) flows",
        rate(trackerLookups, dictionaryBatchTime))
    report("tracker/Dictionary tracker, one by one, \(count) flows", "\(format(dictionaryTrackerTime / decideTime, 2))×")
    report("tracker/Dictionary tracker, batches, \(count) flows", "\(format(dictionaryBatchTime / batchTime, 2))×")

    // The same decisions on a packet stream: the packets of `order` laid out in arrival order, as a data
    // path reads them from its receive ring, instead of each one gathered from a random place in `acks`.
    // Only the flow-table (and Dictionary) accesses are random here.
    let stream = order.map { acks[$0] }
    let streamDecideTime = time {
        for packet in stream where tracker.decide(packet, now: clockNow, policy: policy).isAllowed { checksum &+= 1 }
    }
    report("stream: tracker established decisions, \(count) flows", rate(trackerLookups, streamDecideTime))
    let streamBatchTime = time {
        var start = 0
        while start < stream.count {
            batch.removeAll(keepingCapacity: true)
            batch.append(contentsOf: stream[start..<min(start + batchSize, stream.count)])
            tracker.decide(batch: batch, now: clockNow, policy: policy, into: &decisions)
            for decision in decisions where decision.isAllowed { checksum &+= 1 }
            start += batchSize
        }
    }
    report("stream: tracker established decisions, batches of \(batchSize), \(count) flows", rate(trackerLookups, streamBatchTime))
    let streamDictionaryTime = time {
        for packet in stream where dictionaryTracker.decide(packet, local: server, now: clockNow.millisecondsSince1970) {
            checksum &+= 1
        }
    }
    report("stream: Dictionary tracker established decisions, \(count) flows", rate(trackerLookups, streamDictionaryTime))
    report("stream: tracker/Dictionary tracker, one by one, \(count) flows", "\(format(streamDictionaryTime / streamDecideTime, 2))×")
    report("stream: tracker batches/Dictionary tracker, \(count) flows", "\(format(streamDictionaryTime / streamBatchTime, 2))×")
    report("tracker bytes/flow, \(count) flows", format(Double(tracker.byteCount) / Double(count), 1))
}

// MARK: 2. New-flow decisions with 1k and 10k effective rules

for ruleCount in [1_000, 10_000] where runs("newflows") {
    print("\n[new flows, \(ruleCount) effective rules]")
    // Locals, not main-actor globals, in the timed loops (see the established-flow section).
    let localClock = clock
    var checksum = 0
    defer { globalChecksum &+= checksum }
    var snapshot = PolicySnapshot(revision: 1, scope: scope)
    let groups = (0..<5).map { "sg-\($0)" }
    var members: [NetworkInterface] = []
    for index in 0..<50 {
        members.append(
            networkInterface(
                "eni-peer-\(index)", groups: [groups[index % 5]], addresses: [IPv4Address(0x0A01_0000 | UInt32(index))]))
    }
    for index in 0..<ruleCount {
        let group = groups[index % groups.count]
        let port = [22, 80, 443, 3306, 5432, 8080][index % 6] + (index / 6) % 50
        let peer: RulePeer
        if index % 10 == 0 {
            peer = groupPeer(groups[(index / 10) % 5])
        } else {
            let prefix = [16, 20, 24, 28, 32][index % 5]
            peer = .cidrIpv4(IPv4CIDR(address: IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)), prefixLength: prefix))
        }
        snapshot.securityGroupRules.append(rule(index, group: group, egress: false, index % 7 == 0 ? .udp : .tcp, port, port, peer))
    }
    let target = networkInterface("eni-target", groups: groups, addresses: [IPv4Address("10.0.0.10")!])
    snapshot.networkInterfaces = [target] + members
    let policy = CompiledPolicy(snapshot)
    let evaluator = Evaluator(policy: policy)
    let reference = ReferenceEvaluator(snapshot)
    // Sources: half inside rule CIDRs (taken from the rules), a tenth group members, the rest random.
    var packets: [Packet] = []
    for index in 0..<20_000 {
        let source: IPAddress
        let pick = snapshot.securityGroupRules[Int.random(in: 0..<ruleCount, using: &rng)]
        switch index % 10 {
        case 0:
            source = .v4(IPv4Address(0x0A01_0000 | UInt32.random(in: 0..<50, using: &rng)))
        case 1...5:
            if case .cidrIpv4(let cidr) = pick.peer {
                source = .v4(IPv4Address(cidr.network.value | (UInt32.random(in: 0...UInt32.max, using: &rng) & ~cidr.mask)))
            } else {
                source = .v4(IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)))
            }
        default:
            source = .v4(IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)))
        }
        let port = UInt16(index % 3 == 0 ? Int.random(in: 1...65_535, using: &rng) : (pick.fromPort ?? 0))
        packets.append(.tcp(from: source, to: server, destinationPort: port))
    }
    print("  effective rules on the target: \(ruleCount); allowed fraction: ", terminator: "")
    var allowed = 0
    for packet in packets where evaluator.isAllowed(packet) { allowed += 1 }
    print(format(Double(allowed) / Double(packets.count), 2))
    var samples: [Double] = []
    samples.reserveCapacity(packets.count)
    let compiledTime = time {
        for packet in packets {
            let start = localClock.now
            if evaluator.isAllowed(packet) { checksum &+= 1 }
            samples.append(seconds(localClock.now - start))
        }
    }
    report("compiled decisions, \(ruleCount) rules", rate(packets.count, compiledTime))
    report("compiled decision p99, \(ruleCount) rules", micros(percentile(samples, 0.99)))
    samples.removeAll(keepingCapacity: true)
    let explainedTime = time {
        for packet in packets {
            let start = localClock.now
            if evaluator.evaluate(packet).isAllowed { checksum &+= 1 }
            samples.append(seconds(localClock.now - start))
        }
    }
    report("compiled decisions with explanation, \(ruleCount) rules", rate(packets.count, explainedTime))
    report("compiled decision+explanation p99, \(ruleCount) rules", micros(percentile(samples, 0.99)))
    let scanPackets = Array(packets.prefix(ruleCount >= 10_000 ? 500 : 2_000))
    samples.removeAll(keepingCapacity: true)
    var disagreements = 0
    let scanTime = time {
        for packet in scanPackets {
            let start = localClock.now
            let verdict = reference.isAllowed(packet)
            samples.append(seconds(localClock.now - start))
            if verdict != evaluator.isAllowed(packet) { disagreements += 1 }
        }
    }
    report("scan evaluator decisions, \(ruleCount) rules", rate(scanPackets.count, scanTime))
    report("scan evaluator p99, \(ruleCount) rules", micros(percentile(samples, 0.99)))
    if disagreements > 0 { print("  !! \(disagreements) disagreements between compiled and scan evaluators") }
}

// MARK: 3. Compile 500 groups × 60 rules, 200 interfaces with 10k member addresses

var ruleId = 0
if runs("compile") {
print("\n[compile: 500 groups × 60 rules, 200 interfaces, 10k member addresses]")
var big = PolicySnapshot(revision: 1, scope: scope)
let bigGroups = (0..<500).map { "sg-\($0)" }
big.prefixLists = (0..<10).map { list in
    ManagedPrefixList(
        prefixListId: "pl-\(list)", scope: scope, prefixListName: "pl-\(list)", addressFamily: .ipv4, maxEntries: 20,
        entries: (0..<20).map { .init(cidr: "172.\(16 + list).\($0).0/24") }, ownerId: Scope.defaultAccountId)
}
for (groupIndex, group) in bigGroups.enumerated() {
    for index in 0..<60 {
        ruleId += 1
        let egress = index >= 45
        let port = [22, 80, 443, 3306, 5432, 6379, 8080, 9090][index % 8] + index / 8
        let peer: RulePeer
        switch index % 10 {
        case 0...2: peer = groupPeer(bigGroups[(groupIndex + index * 7) % 500])
        case 3: peer = .prefixList("pl-\(index % 10)")
        case 4: peer = .cidrIpv4(.anywhere)
        default:
            peer = .cidrIpv4(IPv4CIDR(address: IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)), prefixLength: 16 + index % 17))
        }
        big.securityGroupRules.append(rule(ruleId, group: group, egress: egress, index % 9 == 0 ? .udp : .tcp, port, port, peer))
    }
}
for index in 0..<200 {
    let groupCount = 1 + index % 5
    let groups = (0..<groupCount).map { bigGroups[(index * 13 + $0 * 101) % 500] }
    let addresses = (0..<50).map { IPv4Address(0x0A00_0000 | UInt32(index) << 8 | UInt32($0 + 1)) }
    big.networkInterfaces.append(networkInterface("eni-\(index)", groups: groups, addresses: addresses))
}
var compiled = CompiledPolicy()
var compileSamples: [Double] = []
for _ in 0..<3 {
    compileSamples.append(time { compiled = CompiledPolicy(big) })
}
report("full compile (30k rules, 200 ENIs, 10k addresses)", millis(compileSamples.min()!))
print("  group sets: \(compiled.groupSetCount)")

// MARK: 4. Incremental member join

var joinSamples: [Double] = []
for step in 0..<1_000 {
    let index = step % 200
    var changed = big.networkInterfaces[index]
    changed.groupIds.append(bigGroups[(step * 31 + 7) % 500])
    joinSamples.append(time { compiled.upsertInterface(changed) })
    big.networkInterfaces[index] = changed
}
report("member join, new group set, update p50", micros(percentile(joinSamples, 0.5)))
report("member join, new group set, update p99", micros(percentile(joinSamples, 0.99)))
// Joining so that the interface's group set is one another interface already has: no matcher is built.
joinSamples.removeAll()
for step in 0..<1_000 {
    let index = step % 200
    var changed = big.networkInterfaces[index]
    changed.groupIds = big.networkInterfaces[(index + 1) % 200].groupIds
    joinSamples.append(time { compiled.upsertInterface(changed) })
}
report("member join, existing group set, update p50", micros(percentile(joinSamples, 0.5)))
report("member join, existing group set, update p99", micros(percentile(joinSamples, 0.99)))
var ruleSamples: [Double] = []
for step in 0..<200 {
    ruleId += 1
    let added = rule(ruleId, group: bigGroups[step % 500], egress: false, .tcp, 7000 + step, 7000 + step, .cidrIpv4(.anywhere))
    ruleSamples.append(time { compiled.addRule(added) })
}
report("rule add update p99", micros(percentile(ruleSamples, 0.99)))

}

// MARK: 5. Reachability matrix of 2,000 interfaces

if runs("reach") {
print("\n[reachability: 2,000 interfaces]")
var estate = PolicySnapshot(revision: 1, scope: scope)
let roles = (0..<100).map { "sg-role-\($0)" }
ruleId = 0
for (index, role) in roles.enumerated() {
    for ruleIndex in 0..<12 {
        ruleId += 1
        let port = [22, 80, 443, 3306, 5432, 6379, 8080, 9090, 53, 123, 11211, 27017][ruleIndex]
        let peer: RulePeer
        switch ruleIndex % 4 {
        case 0: peer = .cidrIpv4(IPv4CIDR("10.0.\(ruleIndex % 8).0/24")!)
        case 1: peer = index % 10 == 0 ? .cidrIpv4(.anywhere) : .cidrIpv4(IPv4CIDR("10.0.0.0/16")!)
        default: peer = groupPeer(roles[(index + ruleIndex * 17) % 100])
        }
        estate.securityGroupRules.append(rule(ruleId, group: role, egress: false, .tcp, port, port, peer))
    }
    ruleId += 1
    estate.securityGroupRules.append(rule(ruleId, group: role, egress: true, .all, nil, nil, .cidrIpv4(.anywhere)))
}
for index in 0..<2_000 {
    let role = index % 60
    let groups = [roles[role], roles[(role * 7 + 3) % 100]]
    let address = IPv4Address(0x0A00_0000 | UInt32(index % 8) << 8 | UInt32(index / 8 + 1))
    estate.networkInterfaces.append(networkInterface("eni-\(index)", groups: groups, addresses: [address]))
}
let estatePolicy = CompiledPolicy(estate)
var matrix: ReachabilityMatrix? = nil
var reachabilitySamples: [Double] = []
for _ in 0..<3 {
    reachabilitySamples.append(time { matrix = Reachability(policy: estatePolicy).matrix() })
}
report("reachability matrix, 2,000 interfaces", millis(reachabilitySamples.min()!))
print("  interface classes: \(matrix!.interfaceClassCount); reachable pairs: \(matrix!.reachablePairCount)")
let exposureTime = time { checksum &+= Reachability(policy: estatePolicy).internetExposure().count }
report("internet exposure, 2,000 interfaces", millis(exposureTime))
}

// MARK: Table

print("\n| measurement | result |")
print("|---|---|")
for (name, value) in rows { print("| \(name) | \(value) |") }
print("\n(checksum \(checksum &+ globalChecksum))")
