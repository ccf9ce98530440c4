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
    private var tableCacheBySlot: [TableCacheEntry] = []

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
    /// Interfaces are found by address.
    ///
    /// With a large flow table each packet's lookup is a cache miss; one by one, each miss waits for the one
    /// before. Here the packets go through in windows of ``batchWindow``: a first pass finds each side's
    /// interface and table, hashes the flow and prefetches its table slot; a second pass decides the window
    /// in order, by which time the slots are (mostly) in cache. The first pass changes no state, and the
    /// hashes it keeps stay valid whatever the second pass inserts or removes (positions are recomputed
    /// from them), so the outcome is exactly that of deciding one by one.
    public mutating func decide(
        batch packets: [Packet], now: Timestamp, policy: CompiledPolicy, into decisions: inout [FlowDecision]
    ) {
        decisions.removeAll(keepingCapacity: true)
        decisions.reserveCapacity(packets.count)
        let milliseconds = now.millisecondsSince1970
        let window = Self.batchWindow
        packets.withUnsafeBufferPointer { packets in
            // Two probes (egress, ingress) per packet of the window, on the stack.
            withUnsafeTemporaryAllocation(of: BatchProbe.self, capacity: 2 * window) { probes in
                var start = 0
                while start < packets.count {
                    let end = min(start + window, packets.count)
                    for index in start..<end {
                        let packet = packets[index]
                        let offset = 2 * (index - start)
                        probes[offset] = probe(packet.source, egress: true, packet: packet, policy: policy)
                        probes[offset + 1] = probe(packet.destination, egress: false, packet: packet, policy: policy)
                    }
                    for index in start..<end {
                        let packet = packets[index]
                        let offset = 2 * (index - start)
                        var decision = FlowDecision(source: .notInSnapshot, destination: .notInSnapshot)
                        if probes[offset].slot >= 0 {
                            decision.source = decideSide(
                                probe: probes[offset], direction: .egress, packet: packet, now: milliseconds,
                                policy: policy)
                        }
                        if probes[offset + 1].slot >= 0 {
                            decision.destination = decideSide(
                                probe: probes[offset + 1], direction: .ingress, packet: packet, now: milliseconds,
                                policy: policy)
                        }
                        decisions.append(decision)
                    }
                    start = end
                }
            }
        }
    }

    /// Packets whose table slots ``decide(batch:now:policy:into:)`` prefetches before deciding them: enough
    /// misses in flight to cover memory latency, few enough that the first slots are still cached when
    /// their packets are decided.
    public static let batchWindow = 16

    /// What `tableCacheBySlot` keeps per policy interface slot.
    private struct TableCacheEntry {
        var record: InterfaceSlot.Record?
        var table: Int32
        /// `record.timeouts`, so that the batch path's second pass reads no record (each read of a record
        /// out of the policy retains and releases it, atomically).
        var timeouts: ConnectionTimeouts
    }

    /// One side of a packet as the first pass of a batch finds it.
    private struct BatchProbe {
        /// Policy interface slot, or -1 when the address is outside the snapshot.
        var slot: Int32
        var table: Int32
        var hash: Int
    }

    /// Resolves one side of `packet` (the interface holding `address`, its flow table), hashes the flow's
    /// key and prefetches the key's home slot. Creates the interface's table if it has none, as deciding does.
    @inline(__always)
    private mutating func probe(_ address: IPAddress, egress: Bool, packet: Packet, policy: CompiledPolicy)
        -> BatchProbe
    {
        guard let slot = policy.addressIndex.lookup(address)?.interface, let identity = policy.recordIdentity(slot: slot)
        else { return BatchProbe(slot: -1, table: -1, hash: 0) }
        let table = tableIndex(slot: slot, identity: identity, policy: policy)
        let hash = FlowTable.Entry(packet: packet, egress: egress).hash
        tables[table].prefetch(hash: hash)
        return BatchProbe(slot: slot, table: Int32(table), hash: hash)
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

    /// ``tableIndex(slot:record:)`` from the record's identity, which reading costs no reference counting.
    @inline(__always)
    private mutating func tableIndex(slot: Int32, identity: ObjectIdentifier, policy: CompiledPolicy) -> Int {
        let position = Int(slot)
        let cached = tableCacheBySlot.withUnsafeBufferPointer { cache -> Int in
            guard position < cache.count, let record = cache[position].record, ObjectIdentifier(record) == identity
            else { return -1 }
            return Int(cache[position].table)
        }
        if cached >= 0 { return cached }
        return cacheTableIndex(slot: slot, record: policy.interfaces[position].unsafelyUnwrapped.record)
    }

    @inline(never)
    private mutating func cacheTableIndex(slot: Int32, record: InterfaceSlot.Record) -> Int {
        let table = tableIndex(for: record.info.networkInterfaceId)
        let position = Int(slot)
        while tableCacheBySlot.count <= position {
            tableCacheBySlot.append(TableCacheEntry(record: nil, table: -1, timeouts: record.timeouts))
        }
        tableCacheBySlot[position] = TableCacheEntry(record: record, table: Int32(table), timeouts: record.timeouts)
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
        let key = FlowTable.Entry(packet: packet, egress: direction == .egress)
        if let side = advanceTracked(
            table: table, key: key, hash: key.hash, egress: direction == .egress, packet: packet, now: now,
            timeouts: interface.record.timeouts)
        {
            return side
        }
        return decideUntrackedCompact(
            record: interface.record, table: table, key: key, slot: slot, direction: direction, packet: packet,
            now: now, policy: policy)
    }

    /// One side of a batched packet, whose interface, table and hash the first pass found.
    @inline(__always)
    private mutating func decideSide(
        probe: BatchProbe, direction: Direction, packet: Packet, now: Int64, policy: CompiledPolicy
    ) -> FlowDecision.Side {
        // The first pass cached this slot's record and timeouts, and nothing since has changed the cache.
        let timeouts = tableCacheBySlot.withUnsafeBufferPointer { $0[Int(probe.slot)].timeouts }
        let key = FlowTable.Entry(packet: packet, egress: direction == .egress)
        if let side = advanceTracked(
            table: Int(probe.table), key: key, hash: probe.hash, egress: direction == .egress, packet: packet,
            now: now, timeouts: timeouts)
        {
            return side
        }
        // The policy has not changed since the first pass found an interface in this slot.
        return decideUntrackedCompact(
            record: policy.interfaces[Int(probe.slot)].unsafelyUnwrapped.record, table: Int(probe.table), key: key,
            slot: probe.slot, direction: direction, packet: packet, now: now, policy: policy)
    }

    /// The shared part of both: one probe of the table. A live flow moves along and its decision is
    /// returned; an idle one is removed and nil returned, as for no flow (the rules decide).
    @inline(__always)
    private mutating func advanceTracked(
        table: Int, key: FlowTable.Entry, hash: Int, egress: Bool, packet: Packet, now: Int64,
        timeouts: ConnectionTimeouts
    ) -> FlowDecision.Side? {
        guard let position = tables[table].find(key, hash: hash) else { return nil }
        if let isReturn = tables[table].advance(at: position, packet: packet, egress: egress, now: now, timeouts: timeouts)
        {
            return isReturn ? .returnTraffic : .trackedFlow
        }
        tables[table].remove(at: position)
        return nil
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
