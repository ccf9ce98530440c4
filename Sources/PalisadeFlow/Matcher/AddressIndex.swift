import PalisadeCore

/// Private address → the first interface slot holding it, for the per-packet path.
///
/// An open-addressing table (linear probing, power-of-two capacity, at most half full, backward-shift
/// deletion) with a multiply-shift hash: one probe of a 24-byte slot per lookup, no `Hasher`, no
/// allocation. It mirrors `CompiledPolicy.interfacesByAddress` (which stays the source of truth for
/// updates): `refreshGroups(of:)` keeps both in step.
struct AddressIndex: Sendable {
    struct Slot: Sendable {
        var high: UInt64
        var low: UInt64
        /// First interface slot holding the address.
        var interface: Int32
        /// 0 empty, 4 IPv4, 6 IPv6.
        var family: UInt8
        /// More than one interface holds the address: its groups are the union kept in `groupsByAddress`.
        var shared: Bool

        static let empty = Slot(high: 0, low: 0, interface: -1, family: 0, shared: false)
    }

    /// What a lookup finds.
    struct Hit {
        var interface: Int32
        var shared: Bool
    }

    private var slots: [Slot] = Array(repeating: .empty, count: 16)
    private var mask = 15
    private(set) var count = 0

    init() {}

    @inline(__always)
    private static func key(_ address: IPAddress) -> (high: UInt64, low: UInt64, family: UInt8) {
        switch address {
        case .v4(let v4): (0, UInt64(v4.value), 4)
        case .v6(let v6): (v6.high, v6.low, 6)
        }
    }

    @inline(__always)
    private static func hash(high: UInt64, low: UInt64) -> Int {
        var value = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F)
        value ^= value >> 32
        value &*= 0xBF58_476D_1CE4_E5B9
        value ^= value >> 29
        return Int(truncatingIfNeeded: value)
    }

    @inline(__always)
    func lookup(_ address: IPAddress) -> Hit? {
        let key = Self.key(address)
        return slots.withUnsafeBufferPointer { buffer in
            var position = Self.hash(high: key.high, low: key.low) & mask
            while true {
                let slot = buffer[position]
                if slot.family == 0 { return nil }
                if slot.low == key.low && slot.high == key.high && slot.family == key.family {
                    return Hit(interface: slot.interface, shared: slot.shared)
                }
                position = (position + 1) & mask
            }
        }
    }

    private func position(of key: (high: UInt64, low: UInt64, family: UInt8)) -> (Int, found: Bool) {
        var position = Self.hash(high: key.high, low: key.low) & mask
        while true {
            let slot = slots[position]
            if slot.family == 0 { return (position, false) }
            if slot.low == key.low && slot.high == key.high && slot.family == key.family { return (position, true) }
            position = (position + 1) & mask
        }
    }

    /// Sets (or, with `interface == nil`, removes) the entry of `address`.
    mutating func set(_ address: IPAddress, interface: Int32?, shared: Bool) {
        let key = Self.key(address)
        let (position, found) = position(of: key)
        guard let interface else {
            if found { remove(at: position) }
            return
        }
        if found {
            slots[position].interface = interface
            slots[position].shared = shared
            return
        }
        if (count + 1) * 2 > slots.count {
            grow()
            set(address, interface: interface, shared: shared)
            return
        }
        slots[position] = Slot(high: key.high, low: key.low, interface: interface, family: key.family, shared: shared)
        count += 1
    }

    private mutating func remove(at position: Int) {
        var hole = position
        var next = (hole + 1) & mask
        while slots[next].family != 0 {
            let home = Self.hash(high: slots[next].high, low: slots[next].low) & mask
            if (next - home) & mask >= (next - hole) & mask {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = .empty
        count -= 1
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: .empty, count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.family != 0 {
            var position = Self.hash(high: slot.high, low: slot.low) & mask
            while slots[position].family != 0 { position = (position + 1) & mask }
            slots[position] = slot
        }
    }
}
