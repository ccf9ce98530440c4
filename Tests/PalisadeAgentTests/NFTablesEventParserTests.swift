import PalisadeAgent
import Testing

/// Netlink datagrams built by hand, laid out as the kernel sends them (little-endian host, big-endian payloads).
struct NFTablesEventParserTests {
    static func attribute(_ type: UInt16, _ value: [UInt8]) -> [UInt8] {
        let length = UInt16(4 + value.count)
        var bytes = [UInt8(length & 0xff), UInt8(length >> 8), UInt8(type & 0xff), UInt8(type >> 8)] + value
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }

    static func message(_ type: UInt8, family: UInt8, _ attributes: [[UInt8]]) -> [UInt8] {
        let body: [UInt8] = [family, 0, 0, 0] + attributes.joined()
        let length = UInt32(16 + body.count)
        var header: [UInt8] = [0, 8, 16, 24].map { UInt8((length >> $0) & 0xff) }
        header += [type, 10, 0, 0]
        header += [UInt8](repeating: 0, count: 8)
        return header + body
    }

    static func name(_ text: String) -> [UInt8] { Array(text.utf8) + [0] }
    static func be32(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xff) } }

    static func generation(_ number: UInt32, pid: UInt32) -> [UInt8] {
        message(15, family: 0, [attribute(1, be32(number)), attribute(2, be32(pid)), attribute(3, name("nft"))])
    }

    @Test
    func ruleDeletionInOurTableTouchesIt() {
        var parser = NFTablesEventParser(family: 1, table: "palisade")
        // DELRULE inet palisade (attribute 1 = table, 2 = chain), then NEWGEN 42 by 1234.
        let datagram =
            Self.message(8, family: 1, [Self.attribute(1, Self.name("palisade")), Self.attribute(2, Self.name("input"))])
            + Self.generation(42, pid: 1234)
        #expect(
            parser.consume(datagram)
                == [.init(number: 42, processId: 1234, processName: "nft", touchesTable: true)])
    }

    @Test
    func otherTablesAndFamiliesDoNotTouchIt() {
        var parser = NFTablesEventParser(family: 1, table: "palisade")
        let other = Self.message(0, family: 1, [Self.attribute(1, Self.name("palisade2"))])
        let ipFamily = Self.message(6, family: 2, [Self.attribute(1, Self.name("palisade"))])
        let generations = parser.consume(other + ipFamily + Self.generation(7, pid: 99))
        #expect(generations.map(\.touchesTable) == [false])
        // The flag resets after each generation, and events may arrive in separate datagrams.
        #expect(parser.consume(Self.message(12, family: 1, [Self.attribute(1, Self.name("palisade"))])).isEmpty)
        #expect(parser.consume(Self.generation(8, pid: 99)).map(\.touchesTable) == [true])
        #expect(parser.consume(Self.generation(9, pid: 99)).map(\.touchesTable) == [false])
    }

    @Test
    func truncatedInputIsIgnored() {
        var parser = NFTablesEventParser(family: 1, table: "palisade")
        let datagram = Self.generation(1, pid: 5)
        #expect(parser.consume(datagram.prefix(10)).isEmpty)
        #expect(parser.consume([UInt8](repeating: 0xff, count: 40)).isEmpty)
    }
}
