/// Decodes nftables netlink notifications (group `NFNLGRP_NFTABLES`) into committed generations: who
/// committed each transaction and whether it touched Palisade's table.
///
/// The kernel numbers every committed transaction of a network namespace and, after its events, sends
/// `NFT_MSG_NEWGEN` with the generation, the committing process ID and its name. Every object event (table,
/// chain, rule, set, element, object) carries the table name as attribute 1 and the family in its `nfgenmsg`
/// header. The agent knows the process IDs of its own `nft` runs, so a generation from any other process that
/// touched `inet palisade` is drift. Nothing is listed to find out: the kernel pushes the events, so noticing
/// costs nothing while the table is left alone.
///
/// ```swift
/// var parser = NFTablesEventParser(family: 1, table: "palisade")     // NFPROTO_INET
/// for generation in parser.consume(datagram) where generation.touchesTable { … }
/// ```
public struct NFTablesEventParser: Sendable {
    /// One committed transaction.
    public struct Generation: Hashable, Sendable {
        public var number: UInt32
        /// The committing process, when the kernel names one.
        public var processId: Int32?
        public var processName: String?
        /// Whether one of its events concerns the table.
        public var touchesTable: Bool

        public init(number: UInt32, processId: Int32?, processName: String? = nil, touchesTable: Bool) {
            self.number = number
            self.processId = processId
            self.processName = processName
            self.touchesTable = touchesTable
        }
    }

    static let subsystem: UInt8 = 10  // NFNL_SUBSYS_NFTABLES
    static let newGeneration: UInt8 = 15  // NFT_MSG_NEWGEN
    /// Object messages whose attribute 1 is the table name: NEW/DEL TABLE, CHAIN, RULE, SET, SETELEM, OBJ,
    /// FLOWTABLE (and their DESTROY variants).
    static let objectMessages: Set<UInt8> = [0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 18, 20, 22, 24, 26, 27, 28, 29, 30, 31]

    private let family: UInt8
    private let table: [UInt8]
    private var touched = false

    /// - Parameters:
    ///   - family: The table's `NFPROTO_*` family (1 for `inet`).
    ///   - table: The table name, `palisade`.
    public init(family: UInt8 = 1, table: String) {
        self.family = family
        self.table = Array(table.utf8)
    }

    /// Feeds one netlink datagram (one or more messages); returns the generations it completes.
    public mutating func consume(_ datagram: some Collection<UInt8>) -> [Generation] {
        let bytes = Array(datagram)
        var generations: [Generation] = []
        var offset = 0
        while offset + 16 <= bytes.count {
            let length = Int(Self.u32(bytes, offset))
            guard length >= 16, offset + length <= bytes.count else { break }
            let type = Self.u16(bytes, offset + 4)
            if UInt8(type >> 8) == Self.subsystem, offset + 20 <= offset + length {
                let message = UInt8(type & 0xff)
                let messageFamily = bytes[offset + 16]
                let attributes = Self.attributes(bytes, from: offset + 20, to: offset + length)
                if message == Self.newGeneration {
                    generations.append(
                        Generation(
                            number: attributes[1].map { Self.u32BigEndian($0) } ?? 0,
                            processId: attributes[2].map { Int32(bitPattern: Self.u32BigEndian($0)) },
                            processName: attributes[3].map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) },
                            touchesTable: touched))
                    touched = false
                } else if Self.objectMessages.contains(message), messageFamily == family,
                    let name = attributes[1], Array(name.prefix { $0 != 0 }) == table
                {
                    touched = true
                }
            }
            offset += (length + 3) & ~3
        }
        return generations
    }

    /// The top-level attributes (`nlattr`: length, type, value; 4-byte aligned) by type.
    static func attributes(_ bytes: [UInt8], from start: Int, to end: Int) -> [UInt16: ArraySlice<UInt8>] {
        var result: [UInt16: ArraySlice<UInt8>] = [:]
        var offset = start
        while offset + 4 <= end {
            let length = Int(u16(bytes, offset))
            guard length >= 4, offset + length <= end else { break }
            let type = u16(bytes, offset + 2) & 0x3fff  // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            result[type] = bytes[(offset + 4)..<(offset + length)]
            offset += (length + 3) & ~3
        }
        return result
    }

    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(u16(bytes, offset)) | UInt32(u16(bytes, offset + 2)) << 16
    }

    static func u32BigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
