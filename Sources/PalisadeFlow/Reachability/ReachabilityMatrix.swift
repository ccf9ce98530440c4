/// What every interface can open to every other, computed per class of equivalent interfaces.
///
/// Interfaces with the same group set and the same address classes (same CIDR blocks and groups match
/// their addresses) have the same row and column, so the matrix stores one cell per pair of classes.
public struct ReachabilityMatrix: Sendable {
    /// Interface IDs, in the order used by the integer subscripts.
    public let interfaceIds: [String]
    let classOfInterface: [Int32]
    let classCount: Int
    /// `classCount * classCount` indices into ``distinctServices``; -1 for nothing.
    let cells: [Int32]
    /// The distinct non-empty service sets that occur.
    public let distinctServices: [ServiceSet]
    private let indexById: [String: Int]

    init(interfaceIds: [String], classOfInterface: [Int32], classCount: Int, cells: [Int32], distinctServices: [ServiceSet]) {
        self.interfaceIds = interfaceIds
        self.classOfInterface = classOfInterface
        self.classCount = classCount
        self.cells = cells
        self.distinctServices = distinctServices
        var indexById: [String: Int] = [:]
        for (index, id) in interfaceIds.enumerated() { indexById[id] = index }
        self.indexById = indexById
    }

    /// Number of equivalence classes of interfaces.
    public var interfaceClassCount: Int { classCount }

    /// What interface `source` (index into ``interfaceIds``) can open to `destination`.
    public subscript(source: Int, destination: Int) -> ServiceSet {
        if source == destination { return ServiceSet() }
        let cell = cells[Int(classOfInterface[source]) * classCount + Int(classOfInterface[destination])]
        return cell < 0 ? ServiceSet() : distinctServices[Int(cell)]
    }

    /// What interface `sourceId` can open to `destinationId`.
    public func services(from sourceId: String, to destinationId: String) -> ServiceSet {
        guard let source = indexById[sourceId], let destination = indexById[destinationId] else { return ServiceSet() }
        return self[source, destination]
    }

    /// Number of ordered pairs of distinct interfaces with something allowed.
    public var reachablePairCount: Int {
        var members = [Int](repeating: 0, count: classCount)
        for cls in classOfInterface { members[Int(cls)] += 1 }
        var total = 0
        for source in 0..<classCount {
            for destination in 0..<classCount where cells[source * classCount + destination] >= 0 {
                total += members[source] * members[destination] - (source == destination ? members[source] : 0)
            }
        }
        return total
    }

    /// Calls `body` for each ordered pair of distinct interfaces with something allowed.
    public func forEachReachablePair(_ body: (String, String, ServiceSet) -> Void) {
        for source in interfaceIds.indices {
            let row = Int(classOfInterface[source]) * classCount
            for destination in interfaceIds.indices where destination != source {
                let cell = cells[row + Int(classOfInterface[destination])]
                if cell >= 0 { body(interfaceIds[source], interfaceIds[destination], distinctServices[Int(cell)]) }
            }
        }
    }
}
