public import PalisadeCore
import CPalisadePrefetch

/// An open-addressing hash table of tracked flows for one interface, with 48-byte entries.
///
/// Linear probing, power-of-two capacity, at most 3/4 full, backward-shift deletion (no tombstones).
/// Keys are oriented: the interface's own address is the "local" end. At 1M flows the table holds
/// 2^21 slots, about 100 bytes per flow.
public struct FlowTable: Sendable {
    /// One slot. Layout: two 128-bit addresses, expiry, ports, protocol, state, flags: 48 bytes.
    struct Entry: Sendable {
        var localAddress: UInt128
        var remoteAddress: UInt128
        /// Milliseconds since 1970 after which the entry is dead.
        var expiry: Int64
        var localPort: UInt16
        var remotePort: UInt16
        var protocolNumber: UInt8
        var state: UInt8
        var flags: UInt8
        var spare: UInt8

        static let ipv6: UInt8 = 1
        /// The first packet went out (egress); else it came in.
        static let initiatedByEgress: UInt8 = 2

        static let empty = Entry(
            localAddress: 0, remoteAddress: 0, expiry: 0, localPort: 0, remotePort: 0, protocolNumber: 0, state: 0,
            flags: 0, spare: 0)

        @inline(__always)
        func sameKey(as other: Entry) -> Bool {
            localAddress == other.localAddress && remoteAddress == other.remoteAddress
                && localPort == other.localPort && remotePort == other.remotePort
                && protocolNumber == other.protocolNumber && (flags & Entry.ipv6) == (other.flags & Entry.ipv6)
        }

        @inline(__always)
        var hash: Int {
            var value = UInt64(truncatingIfNeeded: localAddress) &* 0x9E37_79B9_7F4A_7C15
            value ^= UInt64(truncatingIfNeeded: localAddress >> 64) &* 0xC2B2_AE3D_27D4_EB4F
            value ^= UInt64(truncatingIfNeeded: remoteAddress) &* 0x1656_67B1_9E37_79F9
            value ^= UInt64(truncatingIfNeeded: remoteAddress >> 64) &* 0x85EB_CA77_C2B2_AE63
            value ^= (UInt64(localPort) << 32 | UInt64(remotePort) << 16 | UInt64(protocolNumber) << 1
                | UInt64(flags & Entry.ipv6)) &* 0x27D4_EB2F_1656_67C5
            value ^= value >> 29
            value &*= 0xBF58_476D_1CE4_E5B9
            value ^= value >> 32
            return Int(truncatingIfNeeded: value)
        }

        /// The flow's key as the first packet carried it.
        @inline(__always)
        var flowKey: FlowKey {
            let isIPv6 = flags & Entry.ipv6 != 0
            func address(_ value: UInt128) -> IPAddress {
                isIPv6
                    ? .v6(IPv6Address(high: UInt64(truncatingIfNeeded: value >> 64), low: UInt64(truncatingIfNeeded: value)))
                    : .v4(IPv4Address(UInt32(truncatingIfNeeded: value)))
            }
            let outbound = FlowKey(
                protocolNumber: protocolNumber, source: address(localAddress), destination: address(remoteAddress),
                sourcePort: localPort, destinationPort: remotePort)
            return flags & Entry.initiatedByEgress != 0 ? outbound : outbound.reversed
        }
    }

    private var slots: [Entry]
    private var mask: Int
    public private(set) var count: Int = 0

    /// Creates a table that holds `minimumCapacity` flows without growing.
    public init(minimumCapacity: Int = 8) {
        var capacity = 16
        while capacity * 3 / 4 < minimumCapacity { capacity <<= 1 }
        slots = Self.emptySlots(capacity)
        mask = capacity - 1
    }

    /// Number of slots.
    public var capacity: Int { slots.count }
    /// Bytes held by the slots.
    public var byteCount: Int { slots.count * MemoryLayout<Entry>.stride }
    /// Size of one slot.
    public static var entryByteCount: Int { MemoryLayout<Entry>.stride }

    /// The position of the entry with `key`'s key, if any (expired or not).
    @inline(__always)
    func find(_ key: Entry) -> Int? { find(key, hash: key.hash) }

    /// ``find(_:)`` with `key.hash` already computed (the batch path hashes in its first pass).
    @inline(__always)
    func find(_ key: Entry, hash: Int) -> Int? {
        slots.withUnsafeBufferPointer { buffer in
            var position = hash & mask
            while true {
                if buffer[position].state == 0 { return nil }
                if buffer[position].sameKey(as: key) { return position }
                position = (position + 1) & mask
            }
        }
    }

    subscript(position: Int) -> Entry {
        get { slots[position] }
        set { slots[position] = newValue }
    }

    /// Inserts `entry`, whose key must not be present.
    mutating func insert(_ entry: Entry) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var position = entry.hash & mask
        while slots[position].state != 0 { position = (position + 1) & mask }
        slots[position] = entry
        count += 1
    }

    /// Removes the entry at `position`, shifting later entries of its cluster back.
    mutating func remove(at position: Int) {
        var hole = position
        var next = (hole + 1) & mask
        while slots[next].state != 0 {
            let home = slots[next].hash & mask
            // Move `next` into the hole unless its home lies cyclically in (hole, next].
            let distanceToNext = (next - home) & mask
            let distanceToHole = (next - hole) & mask
            if distanceToNext >= distanceToHole {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = .empty
        count -= 1
    }

    /// Removes every entry dead at `now`; returns how many.
    @discardableResult
    mutating func removeExpired(now: Int64) -> Int {
        var removed = 0
        var position = 0
        while position < slots.count {
            if slots[position].state != 0 && slots[position].expiry <= now {
                remove(at: position)
                removed += 1
            } else {
                position += 1
            }
        }
        return removed
    }

    /// Every live entry.
    func entries(now: Int64) -> [Entry] { slots.filter { $0.state != 0 && $0.expiry > now } }

    /// `capacity` empty slots. A large table is read at random places, one TLB miss per lookup with 4 KiB
    /// pages (a 100 MB table spans 25,000 of them); with 2 MiB pages its page entries fit in the TLB. So
    /// the memory is offered to the kernel as huge pages before the first write faults it in.
    private static func emptySlots(_ capacity: Int) -> [Entry] {
        Array(unsafeUninitializedCapacity: capacity) { buffer, initialized in
            let bytes = capacity * MemoryLayout<Entry>.stride
            if bytes >= Self.hugePageThreshold { _ = palisade_advise_huge_pages(buffer.baseAddress, bytes) }
            buffer.initialize(repeating: .empty)
            initialized = capacity
        }
    }

    /// Tables below this many bytes stay on ordinary pages (a huge page would be mostly empty).
    static let hugePageThreshold = 8 << 20

    private mutating func grow() {
        let old = slots
        slots = Self.emptySlots(old.count * 2)
        mask = slots.count - 1
        count = 0
        for entry in old where entry.state != 0 { insert(entry) }
    }

    // MARK: Public operations on flow keys (benchmarks, tools)

    /// Whether a live flow with `flow`'s key (the interface's address as `flow.source`) is present; if so
    /// its expiry moves to `now + timeoutMilliseconds`.
    public mutating func touch(_ flow: FlowKey, now: Timestamp, timeoutMilliseconds: Int64) -> Bool {
        let key = Entry(flow: flow, initiatedByEgress: true)
        guard let position = find(key) else { return false }
        let current = now.millisecondsSince1970
        if slots[position].expiry <= current {
            remove(at: position)
            return false
        }
        slots[position].expiry = current + timeoutMilliseconds
        return true
    }

    /// Inserts or refreshes `flow` (the interface's address as `flow.source`), live until `now + timeout`.
    public mutating func track(_ flow: FlowKey, now: Timestamp, timeoutMilliseconds: Int64) {
        var entry = Entry(flow: flow, initiatedByEgress: true)
        entry.expiry = now.millisecondsSince1970 + timeoutMilliseconds
        entry.state = FlowState.other.rawValue
        if let position = find(entry) {
            slots[position].expiry = entry.expiry
        } else {
            insert(entry)
        }
    }
}

extension FlowTable {
    /// Moves the live entry at `position` along with `packet` (state, expiry) and returns the outcome;
    /// nil when the entry has idled out at `now`.
    @inline(__always)
    mutating func refresh(
        at position: Int, packet: Packet, egress: Bool, now: Int64, timeouts: ConnectionTimeouts
    ) -> SideVerdict.Outcome? {
        guard let isReturn = advance(at: position, packet: packet, egress: egress, now: now, timeouts: timeouts)
        else { return nil }
        return .trackedFlow(self[position].flowKey, isReturn: isReturn)
    }

    /// Moves the live entry at `position` along with `packet` (state, expiry); returns whether `packet` is
    /// return traffic, or nil when the entry has idled out at `now`.
    @inline(__always)
    mutating func advance(
        at position: Int, packet: Packet, egress: Bool, now: Int64, timeouts: ConnectionTimeouts
    ) -> Bool? {
        slots.withUnsafeMutableBufferPointer { buffer in
            guard buffer[position].expiry > now else { return nil }
            let isReturn = (buffer[position].flags & Entry.initiatedByEgress != 0) != egress
            let state = (FlowState(rawValue: buffer[position].state) ?? .other).next(after: packet, isReturn: isReturn)
            buffer[position].state = state.rawValue
            buffer[position].expiry = now + timeouts.milliseconds(protocolNumber: packet.protocolNumber, state: state)
            return isReturn
        }
    }

    /// Starts loading the home slot of the key with `hash` and the slot after it into the cache without
    /// waiting for them (a software prefetch), so that the batch path's misses overlap. A 48-byte slot
    /// straddles two cache lines for half the positions, so both ends of the home slot are prefetched (the
    /// same line twice costs nothing); the next slot is where a key displaced by a collision lands most
    /// often (the batch benchmark measured faster with it than without).
    /// `mutating` only so that the slots are reached in place: a read-only access copies the table out
    /// of the tracker's array and retains (atomically) its slots, which costs more than the prefetch.
    /// It writes nothing.
    @inline(__always)
    mutating func prefetch(hash: Int) {
        slots.withUnsafeMutableBufferPointer { buffer in
            let slot = UnsafeRawPointer(buffer.baseAddress! + (hash & mask))
            palisade_prefetch(slot)
            palisade_prefetch(slot + (MemoryLayout<Entry>.size - 1))
            palisade_prefetch(slot + (2 * MemoryLayout<Entry>.stride - 1))
        }
    }
}

extension FlowTable.Entry {
    /// A key-only entry for `packet`'s flow, oriented with the interface's address as local: the source
    /// on egress, the destination on ingress. Same key as `init(flow: packet.flowKey.oriented(from: local), …)`.
    @inline(__always)
    init(packet: Packet, egress: Bool) {
        let (sourcePort, destinationPort) = FlowKey.ports(of: packet)
        self = .empty
        let local = egress ? packet.source : packet.destination
        if packet.source == local {
            localAddress = packet.source.wideValue
            remoteAddress = packet.destination.wideValue
            localPort = sourcePort
            remotePort = destinationPort
        } else {
            localAddress = packet.destination.wideValue
            remoteAddress = packet.source.wideValue
            localPort = destinationPort
            remotePort = sourcePort
        }
        protocolNumber = packet.protocolNumber
        let localIsIPv6 = packet.source == local ? packet.source.isIPv6 : packet.destination.isIPv6
        flags = (localIsIPv6 ? FlowTable.Entry.ipv6 : 0) | (egress ? FlowTable.Entry.initiatedByEgress : 0)
    }

    /// A key-only entry for `flow` oriented with the local address as source.
    init(flow: FlowKey, initiatedByEgress: Bool) {
        self = .empty
        localAddress = flow.source.wideValue
        remoteAddress = flow.destination.wideValue
        localPort = flow.sourcePort
        remotePort = flow.destinationPort
        protocolNumber = flow.protocolNumber
        flags = (flow.source.isIPv6 ? FlowTable.Entry.ipv6 : 0)
            | (initiatedByEgress ? FlowTable.Entry.initiatedByEgress : 0)
    }
}
