import Foundation
import PalisadeCore
import PalisadeNFTables
import Testing

/// Loads rendered scripts into the real `nft` in check mode (`nft -c -f`): the kernel validates the whole
/// transaction and then aborts it, so nothing changes. Needs nftables installed and CAP_NET_ADMIN (root).
struct NftCheckTests {
    static let candidates = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft", "/usr/local/sbin/nft"]

    static func nftPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let all = candidates + path.split(separator: ":").map { "\($0)/nft" }
        return all.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `nft -c -f` on `script`; returns nil on success, else nft's complaint.
    static func check(_ script: String, name: String) throws -> String? {
        guard let nft = nftPath() else {
            return "nft not found (looked in \(candidates.joined(separator: ", ")) and PATH); "
                + "install nftables: apt-get install -y nftables"
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "palisade-\(name)-\(UUID().uuidString).nft")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nft)
        process.arguments = ["-c", "-f", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return "nft -c -f exited \(process.terminationStatus): \(String(decoding: data, as: UTF8.self))"
        }
        return nil
    }

    static let policies: [(String, PolicySnapshot, [String: String])] = [
        (
            "three-tier-host", Fixtures.threeTier,
            ["eni-alb": "veth-alb", "eni-web": "veth-web", "eni-database": "veth-db", "eni-bastion": "veth-bastion"]
        ),
        ("untracked", Fixtures.untracked, ["eni-server": "eth0", "eni-client": "eth1"]),
        ("ipv6", Fixtures.ipv6, ["eni-app1": "eth0", "eni-app2": "eth1"]),
        ("icmp", Fixtures.icmp, ["eni-icmp": "eth0", "eni-ops": "eth1"]),
        ("prefix-lists", Fixtures.prefixLists, ["eni-vpn": "eth0"]),
        ("unknown-interface", Fixtures.threeTier, ["eni-gone": "eth9"]),
    ]

    @Test
    func kernelAcceptsRenderedTables() throws {
        for (name, snapshot, bindings) in Self.policies {
            for options in [
                NFTRenderOptions(), NFTRenderOptions(connectionTimeouts: false, acceptsNeighborDiscovery: false),
            ] {
                let script = NFTRenderer(options: options).render(snapshot, bindings: try InterfaceBindings(bindings))
                    .replacementScript
                if let failure = try Self.check(script, name: name) {
                    Issue.record("\(name): \(failure)\n\(script)")
                }
            }
        }
    }

    /// An element delta only makes sense on top of the table it was computed against: check the
    /// replacement script and the delta in one transaction.
    /// Deleting an element of a concatenated interval set and adding one that overlaps it in one transaction
    /// works because the kernel checks overlaps against the next generation.
    @Test(arguments: [DeltaTests.membershipChanged, DeltaTests.cidrRuleWidened])
    func kernelAcceptsElementDeltas(_ new: PolicySnapshot) throws {
        let bindings = DeltaTests.webBindings
        let old = Fixtures.threeTier
        let delta = NFTDelta.between(old: old, new: new, bindings: bindings)
        #expect(delta.isElements && !delta.isEmpty)
        let script = NFTRenderer().render(old, bindings: bindings).replacementScript + delta.script
        if let failure = try Self.check(script, name: "delta") {
            Issue.record("\(failure)\n\(script)")
        }
    }
}
