import Foundation
import PalisadeCore
import PalisadeStore
import PalisadeStoreSQLite

/// Storage cost of one write, without HTTP: `swift run -c release StoreBenchmark [COMMITS]`. Commits, one at a
/// time, what CreateSecurityGroup stores (the group, its default egress rule, its audit event), into a fresh
/// SQLite file, and reports microseconds per commit with and without the audit event.
@main
struct StoreBenchmark {
    static func main() throws {
        let commits = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5000
        let scope = Scope(accountId: "123456789012", region: "us-east-1")
        let recordText = String(repeating: "x", count: 900)
        for withEvents in [false, true, false, true] {
            let path = NSTemporaryDirectory() + "store-bench-\(UUID().uuidString).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let storage = try SQLitePolicyStorage(path: path)
            let started = ContinuousClock.now
            let startedCPU = processCPU()
            for index in 1...commits {
                let groupId = "sg-\(String(UInt64(index) &* 0x9E37_79B9_7F4A_7C15, radix: 16))"
                let group = SecurityGroup(groupId: groupId, scope: scope, vpcId: "vpc-1", groupName: "g\(index)", description: "d")
                let rule = SecurityGroupRule(
                    ruleId: "sgr-\(groupId.dropFirst(3))", groupId: groupId, scope: scope, isEgress: true, ipProtocol: .all,
                    fromPort: nil, toPort: nil, peer: .cidrIpv4(IPv4CIDR("0.0.0.0/0")!))
                let changes = CommittedChanges(
                    revision: Int64(index), time: Timestamp(millisecondsSince1970: 1_700_000_000_000 + Int64(index)),
                    changes: [.put(.securityGroup(group)), .put(.securityGroupRule(rule))])
                let event = AuditEntry(
                    eventId: String(format: "%016llx-%d", UInt64(index), index), time: changes.time, accountId: scope.accountId,
                    region: scope.region, eventName: "CreateSecurityGroup", eventSource: "ec2.amazonaws.com",
                    accessKeyId: "AKIAEXAMPLE", userName: "palisade", readOnly: false, errorCode: nil,
                    resources: [AuditResource(resourceType: "AWS::EC2::SecurityGroup", resourceName: groupId)],
                    record: recordText)
                try storage.commit([changes], events: withEvents ? [event] : [])
            }
            let elapsed = ContinuousClock.now - started
            // Snapshots and the resource index are written in the background: their CPU counts too.
            try storage.catchUp()
            let cpu = (processCPU() - startedCPU) / Double(commits)
            let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(commits)
            print("commit of a created group\(withEvents ? " with its audit event" : ""): \(String(format: "%.1f", micros)) µs, "
                + "\(String(format: "%.1f", cpu)) µs of CPU with the background work")
        }
    }
}

/// CPU time of the whole process (every thread), in microseconds.
func processCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}
