import PalisadeAgent
import PalisadeCore
import Testing

struct EnforcementStateMachineTests {
    let namespace = NetworkNamespace("web")

    func machine() throws -> EnforcementStateMachine {
        try EnforcementStateMachine(
            bindings: [AgentBinding(networkInterfaceId: "eni-server", interfaceName: "eth0", namespace: namespace)],
            scope: AgentFixtures.scope)
    }

    /// Runs every pending transaction as if nft accepted it; returns them.
    func commitAll(_ machine: inout EnforcementStateMachine, pid: Int32 = 100) -> [NFTTransaction] {
        let transactions = machine.nextTransactions()
        for transaction in transactions { machine.succeeded(transaction, processId: pid) }
        return transactions
    }

    @Test
    func failsClosedBeforeAnyPolicy() throws {
        var machine = try machine()
        let transactions = machine.nextTransactions()
        #expect(transactions.count == 1)
        #expect(transactions[0].kind == .full)
        #expect(transactions[0].reason == .failClosed)
        #expect(transactions[0].revision == nil)
        #expect(transactions[0].script.contains("drop comment \"eni-server is not in the snapshot\""))
    }

    @Test
    func firstPolicyIsOneFullTransactionThenMembershipIsElements() throws {
        var machine = try machine()
        machine.policyReceived(AgentFixtures.snapshot(revision: 3))
        let first = commitAll(&machine)
        #expect(first.map(\.kind) == [.full])
        #expect(first[0].script.hasPrefix("# Palisade security groups, snapshot revision 3"))
        #expect(machine.isCurrent)

        machine.policyReceived(AgentFixtures.snapshot(revision: 4, clients: ["10.99.0.2", "10.99.0.3"]))
        let delta = commitAll(&machine)
        #expect(delta.map(\.kind) == [.elements])
        #expect(delta[0].script == "add element inet palisade sg_client_v4 { 10.99.0.3 }\n")
        #expect(delta[0].elementCount == 1)
        #expect(machine.summaries[0].revision == 4)
    }

    @Test
    func pendingPoliciesCoalesceIntoOneTransaction() throws {
        var machine = try machine()
        machine.policyReceived(AgentFixtures.snapshot(revision: 1))
        _ = commitAll(&machine)
        // Three revisions arrive before the owner asks what to apply: one delta from 1 to 4.
        machine.policyReceived(AgentFixtures.snapshot(revision: 2, clients: ["10.99.0.2", "10.99.0.3"]))
        machine.policyReceived(AgentFixtures.snapshot(revision: 3, clients: ["10.99.0.3"]))
        machine.policyReceived(AgentFixtures.snapshot(revision: 4, clients: ["10.99.0.3", "10.99.0.4"]))
        let transactions = commitAll(&machine)
        #expect(transactions.count == 1)
        #expect(
            transactions[0].script
                == "delete element inet palisade sg_client_v4 { 10.99.0.2 }\n"
                + "add element inet palisade sg_client_v4 { 10.99.0.3, 10.99.0.4 }\n")
        #expect(transactions[0].revision == 4)
    }

    @Test
    func ruleChangeReplacesTheTable() throws {
        var machine = try machine()
        machine.policyReceived(AgentFixtures.snapshot(revision: 1))
        _ = commitAll(&machine)
        machine.policyReceived(AgentFixtures.snapshot(revision: 2, rules: []))
        let transactions = commitAll(&machine)
        #expect(transactions.map(\.kind) == [.full])
        #expect(transactions[0].reason == .policy)
    }

    @Test
    func unchangedRenderingNeedsNoTransaction() throws {
        var machine = try machine()
        machine.policyReceived(AgentFixtures.snapshot(revision: 1))
        _ = commitAll(&machine)
        machine.policyReceived(AgentFixtures.snapshot(revision: 9))  // a write elsewhere bumped the revision
        #expect(machine.nextTransactions().isEmpty)
        #expect(machine.summaries[0].revision == 9)
        #expect(machine.isCurrent)
    }

    @Test
    func failedDeltaIsRetriedAsFullAtOnceAndFailedReplacementLater() throws {
        var machine = try machine()
        machine.policyReceived(AgentFixtures.snapshot(revision: 1))
        _ = commitAll(&machine)
        machine.policyReceived(AgentFixtures.snapshot(revision: 2, clients: []))
        let delta = machine.nextTransactions()
        #expect(delta.map(\.kind) == [.elements])
        #expect(machine.failed(delta[0], processId: 7) == .immediately)
        #expect(machine.summaries[0].revision == 1)  // the kernel still holds revision 1
        let full = machine.nextTransactions()
        #expect(full.map(\.kind) == [.full])
        #expect(full[0].reason == .retry)
        #expect(machine.failed(full[0], processId: 8) == .later)
        #expect(machine.nextTransactions().map(\.kind) == [.full])
    }

    @Test
    func foreignGenerationTouchingTheTableIsDrift() throws {
        var machine = try machine()
        machine.policyReceived(AgentFixtures.snapshot(revision: 1))
        _ = commitAll(&machine, pid: 100)
        // Our own commit, and someone else's change to another table, are not drift.
        let own = machine.generationObserved(.init(number: 5, processId: 100, touchesTable: true), in: namespace)
        let elsewhere = machine.generationObserved(.init(number: 6, processId: 555, touchesTable: false), in: namespace)
        #expect(!own && !elsewhere)
        #expect(machine.nextTransactions().isEmpty)
        let foreign = machine.generationObserved(.init(number: 7, processId: 555, touchesTable: true), in: namespace)
        #expect(foreign)
        let repair = machine.nextTransactions()
        #expect(repair.map(\.kind) == [.full])
        #expect(repair[0].reason == .drift)
        #expect(repair[0].revision == 1)
    }

    @Test
    func bindingsAreGroupedByNamespace() throws {
        let bindings = try ["eni-a=eth0@one", "eni-b=eth1@one", "eni-c=eth0@two", "eni-d=eth0"].map {
            try AgentBinding(parsing: $0)
        }
        var machine = try EnforcementStateMachine(bindings: bindings, scope: AgentFixtures.scope)
        #expect(machine.namespaceNames == [.host, NetworkNamespace("one"), NetworkNamespace("two")])
        #expect(machine.summaries.map(\.interfaceIds) == [["eni-d"], ["eni-a", "eni-b"], ["eni-c"]])
        #expect(machine.nextTransactions().count == 3)
        #expect(machine.removalTransactions().map(\.script).allSatisfy { $0.contains("delete table inet palisade") })
    }

    @Test
    func duplicateInterfaceNameInOneNamespaceIsRejected() throws {
        let bindings = try ["eni-a=eth0@one", "eni-b=eth0@one"].map { try AgentBinding(parsing: $0) }
        #expect(throws: AgentError.self) {
            try EnforcementStateMachine(bindings: bindings, scope: AgentFixtures.scope)
        }
    }
}
