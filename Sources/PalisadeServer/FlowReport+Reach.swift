import PalisadeCore
public import PalisadeFlow

extension FlowReport {
    /// `POST /palisade/v1/reach`: one of `to` (an `eni-` or `sg-` ID, optionally narrowed to TCP/UDP `port`),
    /// `matrix`, or `exposed`.
    public struct ReachRequest: Codable, Sendable {
        public var to: String?
        public var port: Int?
        public var matrix: Bool?
        public var exposed: Bool?

        public init(to: String? = nil, port: Int? = nil, matrix: Bool? = nil, exposed: Bool? = nil) {
            self.to = to
            self.port = port
            self.matrix = matrix
            self.exposed = exposed
        }
    }

    /// A ``ServiceSet``: its text and, per protocol, the port (or ICMP `type << 8 | code`) ranges.
    public struct ServicesReport: Codable, Sendable, Hashable {
        public struct Entry: Codable, Sendable, Hashable {
            public var `protocol`: String
            public var ranges: [[Int]]
        }

        public var text: String
        public var allTraffic: Bool
        public var protocols: [Entry]

        init(_ services: ServiceSet) {
            text = services.description
            allTraffic = services.allProtocols
            protocols = services.byProtocol.keys.sorted().map { number in
                Entry(
                    protocol: ProtocolNumber.name(number),
                    ranges: services.byProtocol[number]!.ranges.map { [Int($0.lowerBound), Int($0.upperBound)] })
            }
        }
    }

    public struct PeerReport: Codable, Sendable, Hashable {
        /// An interface ID or a CIDR block.
        public var peer: String
        public var services: ServicesReport
    }

    public struct InboundReport: Codable, Sendable, Hashable {
        public var networkInterfaceId: String
        public var interfaces: [PeerReport]
        public var outsideSources: [PeerReport]
    }

    public struct PairReport: Codable, Sendable, Hashable {
        public var from: String
        public var to: String
        public var services: ServicesReport
    }

    public struct ExposureReport: Codable, Sendable, Hashable {
        public var networkInterfaceId: String
        public var services: ServicesReport
        public var sources: [PeerReport]
    }

    public struct ReachReport: Codable, Sendable {
        public var revision: Int64
        public var inbound: [InboundReport]?
        public var matrix: [PairReport]?
        public var exposed: [ExposureReport]?
        /// What `palisade reach` prints.
        public var text: String
    }

    /// Answers `request` from `reachability`.
    /// - Throws: ``QueryError`` when the request asks for none or several things, or names an unknown target.
    public static func reach(_ request: ReachRequest, reachability: Reachability) throws(QueryError) -> ReachReport {
        let asked = [request.to != nil, request.matrix == true, request.exposed == true].filter { $0 }.count
        guard asked == 1 else { throw QueryError("ask for exactly one of: to, matrix, exposed") }
        let revision = reachability.policy.revision
        if let port = request.port, !(0...65_535).contains(port) { throw QueryError("port \(port) is not in 0-65535") }
        func keep(_ services: ServiceSet) -> Bool {
            guard let port = request.port else { return !services.isEmpty }
            return services.contains(protocolNumber: ProtocolNumber.tcp, port: UInt16(port))
                || services.contains(protocolNumber: ProtocolNumber.udp, port: UInt16(port))
        }
        if let target = request.to {
            let inbound: [InboundReachability]
            if target.hasPrefix("sg-") {
                inbound = reachability.inbound(toGroup: target)
            } else {
                guard let one = reachability.inbound(to: target) else {
                    throw QueryError("no network interface \(target) in the snapshot")
                }
                inbound = [one]
            }
            let reports = inbound.map { entry in
                InboundReport(
                    networkInterfaceId: entry.networkInterfaceId,
                    interfaces: entry.interfaces.filter { keep($0.services) }.map {
                        PeerReport(peer: $0.networkInterfaceId, services: ServicesReport($0.services))
                    },
                    outsideSources: entry.outsideSources.filter { keep($0.services) }.map {
                        PeerReport(peer: $0.cidr, services: ServicesReport($0.services))
                    })
            }
            var lines: [String] = []
            for report in reports {
                lines.append("\(report.networkInterfaceId) reachable from:")
                for peer in report.interfaces + report.outsideSources { lines.append("  \(peer.peer): \(peer.services.text)") }
                if report.interfaces.isEmpty && report.outsideSources.isEmpty { lines.append("  nothing") }
            }
            if reports.isEmpty { lines.append("\(target): no interface carries it") }
            return ReachReport(revision: revision, inbound: reports, text: lines.joined(separator: "\n"))
        }
        if request.matrix == true {
            var pairs: [PairReport] = []
            reachability.matrix().forEachReachablePair { from, to, services in
                if keep(services) { pairs.append(PairReport(from: from, to: to, services: ServicesReport(services))) }
            }
            pairs.sort { ($0.from, $0.to) < ($1.from, $1.to) }
            let text = pairs.isEmpty ? "no interface can reach another" : pairs.map { "\($0.from) → \($0.to): \($0.services.text)" }.joined(separator: "\n")
            return ReachReport(revision: revision, matrix: pairs, text: text)
        }
        let exposed = reachability.internetExposure().filter { keep($0.services) }.map { entry in
            ExposureReport(
                networkInterfaceId: entry.networkInterfaceId, services: ServicesReport(entry.services),
                sources: entry.sources.map { PeerReport(peer: $0.cidr, services: ServicesReport($0.services)) })
        }
        let text = exposed.isEmpty ? "no interface is exposed to the internet" : exposed.map { entry in
            "\(entry.networkInterfaceId) exposed to the internet: \(entry.services.text) (from "
                + entry.sources.map { "\($0.peer): \($0.services.text)" }.joined(separator: "; ") + ")"
        }.joined(separator: "\n")
        return ReachReport(revision: revision, exposed: exposed, text: text)
    }
}
