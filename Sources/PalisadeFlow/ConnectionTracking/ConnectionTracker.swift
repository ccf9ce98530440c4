public import PalisadeCore

/// Stateful filtering as AWS does it (spec section 5), as a value: feed it packets with the current time
/// and the current policy, get verdicts back.
///
/// - Tracked flows let every later packet through, both ways, whatever the rules now say, until they
///   idle out (per-interface timeouts). Untracked flows (TCP/UDP admitted by a rule open to 0.0.0.0/0 or
///   ::/0 while the opposite direction allows all traffic to anywhere) are judged packet by packet.
/// - ICMP errors that carry a tracked flow's 5-tuple pass.
/// - Each interface tracks at most its allowance of flows; past it new tracked flows are dropped and
///   `conntrack_allowance_exceeded` counts them.
///
/// ```swift
/// var tracker = ConnectionTracker()
/// let verdict = tracker.process(packet, now: clock, policy: policy)
/// ```
public struct ConnectionTracker: Sendable {
    /// Tracked flows per interface when none is set.
    public static let defaultAllowance = 500_000

    public var defaultAllowance: Int
    /// How many non-matching rules a drop explanation names; 0 skips the scan that finds them.
    public var nearestMissLimit = 3
    private var tables: [FlowTable] = []
    private var tableIndexByInterface: [String: Int] = [:]
    private var allowanceByTable: [Int?] = []
    private var exceededByTable: [Int] = []
    private var lastSweepByTable: [Int64] = []
    /// Per policy interface slot: the interface record last seen there and its table, so that a packet
    /// finds its table without hashing the interface ID. Checked by identity on every use: a policy that
    /// put another interface (or a newer version of it) in the slot has another record. Holding the
    /// record keeps its identity from being reused.
    private var tableCacheBySlot: [(record: InterfaceSlot.Record?, table: Int32)] = []
    /// Where the batch path's warming loads land, so that they are not optimized away.
    private var warmSink: UInt8 = 0

    /// - Parameter allowance: How many flows each interface may track (AWS sizes it by instance type).
    public init(allowance: Int = ConnectionTracker.defaultAllowance) {
        defaultAllowance = allowance
    }

    /// Sets the tracked-flow allowance of one interface.
    public mutating func setAllowance(_ allowance: Int, for networkInterfaceId: String) {
        allowanceByTable[tableIndex(for: networkInterfaceId)] = allowance
    }

    /// Decides `packet` and updates connection state.
    /// - Parameters:
    ///   - packet: The packet.
    ///   - now: The current time; flows idle out against it.
    ///   - policy: The rules in force now.
    ///   - sourceInterfaceId: The sending interface; by default the one holding the source address.
    ///   - destinationInterfaceId: The receiving interface; by default the one holding the destination address.
    /// - Returns: The verdict, explaining each side.
    public mutating func process(
        _ packet: Packet, now: Timestamp, policy: CompiledPolicy, sourceInterfaceId: String? = nil,
        destinationInterfaceId: String? = nil
    ) -> Verdict {
        let sourceSlot = policy.resolveSlot(id: sourceInterfaceId, address: packet.source)
        let destinationSlot = policy.resolveSlot(id: destinationInterfaceId, address: packet.destination)
        let milliseconds = now.millisecondsSince1970
        let source =
            sourceSlot.map {
                processSide(slot: $0, direction: .egress, packet: packet, now: milliseconds, policy: policy)
            }
        let destination =
            destinationSlot.map {
                processSide(slot: $0, direction: .ingress, packet: packet, now: milliseconds, policy: policy)
            }
        return Verdict(packet: packet, source: source, destination: destination)
    }

    /// Decides `packet` and updates connection state like ``process(_:now:policy:sourceInterfaceId:destinationInterfaceId:)``,
    /// but returns only the compact decision: the data path. A packet of a live tracked flow costs one
    /// address lookup and one table probe per side, with no allocation and no reference counting of the
    /// verdict; a drop is not explained (no nearest-miss scan). ``Evaluator`` explains on demand.
    /// - Returns: What each side decided.
    public mutating func decide(
        _ packet: Packet, now: Timestamp, policy: CompiledPolicy, sourceInterfaceId: String? = nil,
        destinationInterfaceId: String? = nil
    ) -> FlowDecision {
        let milliseconds = now.millisecondsSince1970
        var decision = FlowDecision(source: .notInSnapshot, destination: .notInSnapshot)
        if let slot = policy.resolveSlot(id: sourceInterfaceId, address: packet.source) {
            decision.source = decideSide(slot: slot, direction: .egress, packet: packet, now: milliseconds, policy: policy)
        }
        if let slot = policy.resolveSlot(id: destinationInterfaceId, address: packet.destination) {
            decision.destination = decideSide(
                slot: slot, direction: .ingress, packet: packet, now: milliseconds, policy: policy)
        }
        return decision
    }

    /// Decides a batch of packets in order, as ``decide(_:now:policy:sourceInterfaceId:destinationInterfaceId:)``
    /// does one by one (same decisions, same state), replacing `decisions`' contents with one decision per packet.
    ///
    /// Before deciding, it touches the flow-table slot of every packet of the batch, so that the cache
    /// misses of a large table overlap instead of following one another (what a data path reading packets
    /// from a ring does). Interfaces are found by address.
    public mutating func decide(
        batch packets: [Packet], now: Timestamp, policy: CompiledPolicy, into decisions: inout [FlowDecision]
    ) {
        decisions.removeAll(keepingCapacity: true)
        var sink: UInt8 = 0
        for packet in packets {
            if let slot = policy.addressIndex.lookup(packet.source)?.interface {
                sink &+= warm(slot: slot, egress: true, packet: packet, policy: policy)
            }
            if let slot = policy.addressIndex.lookup(packet.destination)?.interface {
                sink &+= warm(slot: slot, egress: false, packet: packet, policy: policy)
            }
        }
        warmSink &+= sink
        for packet in packets { decisions.append(decide(packet, now: now, policy: policy)) }
    }

    /// Loads the home slot of `packet`'s flow in the table of `slot` (a software prefetch).
    @inline(__always)
    private mutating func warm(slot: Int32, egress: Bool, packet: Packet, policy: CompiledPolicy) -> UInt8 {
        guard let interface = policy.interfaces[Int(slot)] else { return 0 }
        let table = tableIndex(slot: slot, record: interface.record)
        return tables[table].warm(FlowTable.Entry(packet: packet, egress: egress))
    }

    /// Removes every flow idle at `now` (lookups skip idle flows anyway; this frees their slots).
    public mutating func expire(now: Timestamp) {
        for index in tables.indices { tables[index].removeExpired(now: now.millisecondsSince1970) }
    }

    /// Counters of one interface.
    public func metrics(for networkInterfaceId: String) -> ConntrackMetrics {
        guard let index = tableIndexByInterface[networkInterfaceId] else {
            return ConntrackMetrics(trackedFlows: 0, allowance: defaultAllowance, allowanceExceeded: 0)
        }
        return ConntrackMetrics(
            trackedFlows: tables[index].count, allowance: allowanceByTable[index] ?? defaultAllowance,
            allowanceExceeded: exceededByTable[index])
    }

    /// The live flows tracked on one interface, each as its first packet carried it.
    public func trackedFlows(for networkInterfaceId: String, now: Timestamp) -> [FlowKey] {
        guard let index = tableIndexByInterface[networkInterfaceId] else { return [] }
        return tables[index].entries(now: now.millisecondsSince1970).map(\.flowKey)
    }

    /// Flows tracked on all interfaces (idle ones included until ``expire(now:)``).
    public var trackedFlowCount: Int { tables.reduce(0) { $0 + $1.count } }

    /// Bytes held by the flow tables.
    public var byteCount: Int { tables.reduce(0) { $0 + $1.byteCount } }

    // MARK: Internals

    private mutating func tableIndex(for networkInterfaceId: String) -> Int {
        if let index = tableIndexByInterface[networkInterfaceId] { return index }
        let index = tables.count
        tables.append(FlowTable())
        allowanceByTable.append(nil)
        exceededByTable.append(0)
        lastSweepByTable.append(.min / 2)
        tableIndexByInterface[networkInterfaceId] = index
        return index
    }

    /// The table of the interface in policy slot `slot`, described by `record`.
    @inline(__always)
    private mutating func tableIndex(slot: Int32, record: InterfaceSlot.Record) -> Int {
        let position = Int(slot)
        let cached = tableCacheBySlot.withUnsafeBufferPointer { cache -> Int in
            guard position < cache.count, cache[position].record === record else { return -1 }
            return Int(cache[position].table)
        }
        if cached >= 0 { return cached }
        return cacheTableIndex(slot: slot, record: record)
    }

    @inline(never)
    private mutating func cacheTableIndex(slot: Int32, record: InterfaceSlot.Record) -> Int {
        let table = tableIndex(for: record.info.networkInterfaceId)
        let position = Int(slot)
        while tableCacheBySlot.count <= position { tableCacheBySlot.append((nil, -1)) }
        tableCacheBySlot[position] = (record, Int32(table))
        return table
    }

    /// One side: a packet of a live tracked flow is decided here (the per-packet fast path: one address
    /// lookup already done, one table probe, no allocation); anything else goes to ``decideUntracked``.
    @inline(__always)
    private mutating func processSide(
        slot: Int32, direction: Direction, packet: Packet, now: Int64, policy: CompiledPolicy
    ) -> SideVerdict {
        let record = policy.interfaces[Int(slot)]!.record
        let table = tableIndex(slot: slot, record: record)
        let egress = direction == .egress
        let key = FlowTable.Entry(packet: packet, egress: egress)
        if let position = tables[table].find(key) {
            if let outcome = tables[table].refresh(
                at: position, packet: packet, egress: egress, now: now, timeouts: record.timeouts)
            {
                return SideVerdict(
                    networkInterfaceId: record.info.networkInterfaceId, direction: direction,
                    groupIds: record.info.groupIds, outcome: outcome)
            }
            tables[table].remove(at: position)
        }
        return decideUntracked(
            record: record, table: table, key: key, slot: slot, direction: direction, packet: packet, now: now,
            policy: policy, nearestMissLimit: nearestMissLimit)
    }

    /// One side of ``decide(_:now:policy:sourceInterfaceId:destinationInterfaceId:)``: the tracked-flow fast
    /// path builds no verdict; anything else goes through ``decideUntracked`` without the nearest-miss scan.
    @inline(__always)
    private mutating func decideSide(
        slot: Int32, direction: Direction, packet: Packet, now: Int64, policy: CompiledPolicy
    ) -> FlowDecision.Side {
        guard let interface = policy.interfaces[Int(slot)] else { return .notInSnapshot }
        let table = tableIndex(slot: slot, record: interface.record)
        let egress = direction == .egress
        let key = FlowTable.Entry(packet: packet, egress: egress)
        if let position = tables[table].find(key) {
            if let isReturn = tables[table].advance(
                at: position, packet: packet, egress: egress, now: now, timeouts: interface.record.timeouts)
            {
                return isReturn ? .returnTraffic : .trackedFlow
            }
            tables[table].remove(at: position)
        }
        return decideUntrackedCompact(
            record: interface.record, table: table, key: key, slot: slot, direction: direction, packet: packet,
            now: now, policy: policy)
    }

    @inline(never)
    private mutating func decideUntrackedCompact(
        record: InterfaceSlot.Record, table: Int, key: FlowTable.Entry, slot: Int32, direction: Direction,
        packet: Packet, now: Int64, policy: CompiledPolicy
    ) -> FlowDecision.Side {
        let verdict = decideUntracked(
            record: record, table: table, key: key, slot: slot, direction: direction, packet: packet, now: now,
            policy: policy, nearestMissLimit: 0)
        return FlowDecision.Side(verdict.outcome)
    }

    /// A packet that belongs to no live tracked flow of the interface: related ICMP error, or the rules.
    @inline(never)
    private mutating func decideUntracked(
        record: InterfaceSlot.Record, table: Int, key: FlowTable.Entry, slot: Int32, direction: Direction,
        packet: Packet, now: Int64, policy: CompiledPolicy, nearestMissLimit: Int
    ) -> SideVerdict {
        let timeouts = record.timeouts
        let egress = direction == .egress
        let local = egress ? packet.source : packet.destination

        if packet.isICMPError, let embedded = packet.embeddedFlow,
            embedded.source == local || embedded.destination == local
        {
            let embeddedKey = FlowTable.Entry(flow: embedded.oriented(from: local), initiatedByEgress: egress)
            if let position = tables[table].find(embeddedKey), tables[table][position].expiry > now {
                return SideVerdict(
                    networkInterfaceId: record.info.networkInterfaceId, direction: direction, groupIds: record.info.groupIds,
                    outcome: .relatedICMPError(tables[table][position].flowKey))
            }
        }

        let (verdict, judgement) = policy.sideVerdict(
            slot: slot, direction: direction, packet: packet, nearestMissLimit: nearestMissLimit)
        guard judgement.isAllowed, !judgement.untracked else { return verdict }

        let allowance = allowanceByTable[table] ?? defaultAllowance
        if tables[table].count >= allowance, now - lastSweepByTable[table] >= 1000 {
            lastSweepByTable[table] = now
            tables[table].removeExpired(now: now)
        }
        if tables[table].count >= allowance {
            exceededByTable[table] += 1
            var dropped = verdict
            dropped.outcome = .conntrackAllowanceExceeded(allowance: allowance)
            return dropped
        }
        var entry = key
        let state = FlowState(opening: packet)
        entry.state = state.rawValue
        entry.expiry = now + timeouts.milliseconds(protocolNumber: packet.protocolNumber, state: state)
        tables[table].insert(entry)
        return verdict
    }
}
