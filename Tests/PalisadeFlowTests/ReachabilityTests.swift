import PalisadeCore
import PalisadeFlow
import Testing

/// Reachability derived from rule structure against packets probed through the evaluator.
struct ReachabilityTests {
    /// Probes: (protocol, rule key) pairs, covering ports, ICMP type/code and port-less protocols.
    static let probes: [(UInt8, UInt16)] = [
        (6, 22), (6, 80), (6, 443), (6, 25), (6, 1500), (6, 8085), (6, 0), (6, 65_535),
        (17, 53), (17, 1000), (17, 2000), (17, 2001), (1, 0x0800), (1, 0x0304), (1, 0x0000), (1, 0x0b00),
        (58, 0x8000), (58, 0x8100), (58, 0x0300), (47, 0), (50, 0),
    ]

    static func packet(_ probe: (UInt8, UInt16), from source: IPAddress, to destination: IPAddress) -> Packet {
        switch probe.0 {
        case 6: .tcp(from: source, to: destination, destinationPort: probe.1)
        case 17: .udp(from: source, to: destination, destinationPort: probe.1)
        case 1, 58:
            Packet(
                source: source, destination: destination, protocolNumber: probe.0, icmpType: UInt8(probe.1 >> 8),
                icmpCode: UInt8(probe.1 & 0xff))
        default: .other(probe.0, from: source, to: destination)
        }
    }

    static func isV6(_ address: IPAddress) -> Bool {
        if case .v6 = address { return true }
        return false
    }

    @Test(arguments: 0..<8)
    func matrixAgreesWithProbes(seed: UInt64) {
        var universe = MatcherPropertyTests.Universe(seed: seed &+ 500)
        let snapshot = universe.snapshot()
        let evaluator = Evaluator(snapshot)
        let matrix = Reachability(snapshot).matrix()
        var reachable = 0
        for source in snapshot.networkInterfaces {
            for destination in snapshot.networkInterfaces where destination.networkInterfaceId != source.networkInterfaceId {
                let services = matrix.services(from: source.networkInterfaceId, to: destination.networkInterfaceId)
                if !services.isEmpty { reachable += 1 }
                for probe in Self.probes {
                    var expected = false
                    for from in source.privateAddresses {
                        for to in destination.privateAddresses {
                            let v6 = Self.isV6(from)
                            guard v6 == Self.isV6(to), !(probe.0 == 1 && v6), !(probe.0 == 58 && !v6) else { continue }
                            let verdict = evaluator.evaluate(
                                Self.packet(probe, from: from, to: to), sourceInterfaceId: source.networkInterfaceId,
                                destinationInterfaceId: destination.networkInterfaceId)
                            if verdict.isAllowed { expected = true }
                        }
                    }
                    let actual = services.contains(protocolNumber: probe.0, port: probe.1)
                    if expected != actual {
                        // The matrix is per protocol, not per family: an ICMP rule admitting the pair's other
                        // family shows up although no probe of that family exists for the protocol.
                        if actual && !expected && (probe.0 == 1 || probe.0 == 58) { continue }
                        Issue.record(
                            "\(source.networkInterfaceId) → \(destination.networkInterfaceId) \(probe): probe \(expected), matrix \(services)")
                    }
                }
            }
        }
        #expect(reachable == matrix.reachablePairCount)
    }

    @Test func exposureIgnoresPrivateRanges() {
        var builder = PolicyBuilder()
        builder.group("sg-a")
        builder.rule("sg-a", .tcp, 22, 22, .cidr("10.0.0.0/8"))
        builder.rule("sg-a", .tcp, 443, 443, .cidr("::/0"))
        builder.rule("sg-a", .udp, 53, 53, .cidr("fd00::/8"))
        builder.prefixList("pl-office", ["198.51.100.0/24", "192.168.0.0/16"])
        builder.rule("sg-a", .tcp, 3389, 3389, .prefixList("pl-office"))
        builder.interface("eni-a", groups: ["sg-a"], v4: ["10.0.0.1"])
        let exposure = Reachability(builder.snapshot).internetExposure()
        #expect(exposure.count == 1)
        #expect(exposure.first?.services.description == "tcp 443, 3389")
        #expect(exposure.first?.sources.map(\.cidr) == ["198.51.100.0/24", "::/0"])
    }

    @Test func inboundNamesOutsideSourcesAndGroups() {
        var builder = PolicyBuilder()
        builder.group("sg-db")
        builder.group("sg-app")
        builder.rule("sg-db", .tcp, 5432, 5432, .group("sg-app"))
        builder.rule("sg-db", .tcp, 5432, 5433, .cidr("172.16.0.0/12"))
        builder.rule("sg-app", egress: true, .all, nil, nil, .cidr("0.0.0.0/0"))
        builder.interface("eni-db", groups: ["sg-db"], v4: ["10.0.0.5"])
        builder.interface("eni-app", groups: ["sg-app"], v4: ["10.0.0.6"])
        builder.interface("eni-other", groups: [], v4: ["10.0.0.7"])
        let reachability = Reachability(builder.snapshot)
        let inbound = reachability.inbound(toGroup: "sg-db")
        #expect(inbound.count == 1)
        #expect(inbound.first?.interfaces.map(\.networkInterfaceId) == ["eni-app"])
        #expect(inbound.first?.interfaces.first?.services.description == "tcp 5432")
        #expect(inbound.first?.outsideSources == [.init(cidr: "172.16.0.0/12", services: ServiceSet(protocolNumber: 6, ports: PortRangeSet(5432...5433)))])
    }

    @Test func portRangeSetAlgebra() {
        let a = PortRangeSet([10...20, 30...40])
        let b = PortRangeSet([15...35, 41...41])
        #expect(a.union(b).ranges == [10...41])
        #expect(a.intersection(b).ranges == [15...20, 30...35])
        #expect(a.contains(35) && !a.contains(25))
        #expect(PortRangeSet([0x0800...0x08ff]).icmpDescription == "type 8")
        #expect(PortRangeSet([0x0304...0x0304]).icmpDescription == "type 3 code 4")
    }
}
