import Foundation
public import PalisadeCore

/// The agent's state directory: `policy.json` (the last snapshot applied in every namespace, so a restarted
/// agent enforces it before reaching the server) and `status.json` (what `palisade agent status` shows).
/// Both are replaced atomically (write, then rename).
public struct StateDirectory: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    var policyPath: String { "\(path)/policy.json" }
    var statusPath: String { "\(path)/status.json" }

    public func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The last applied snapshot, `nil` when there is none.
    /// - Throws: ``AgentError/stateDirectory(_:)`` when the file exists but cannot be decoded.
    public func loadPolicy() throws -> PolicySnapshot? {
        guard let data = FileManager.default.contents(atPath: policyPath) else { return nil }
        do {
            return try JSONDecoder().decode(PolicySnapshot.self, from: data)
        } catch {
            throw AgentError.stateDirectory("\(policyPath) is unreadable: \(error)")
        }
    }

    public func savePolicy(_ snapshot: PolicySnapshot) throws {
        try JSONEncoder().encode(snapshot).write(to: URL(fileURLWithPath: policyPath), options: .atomic)
    }

    public func loadStatus() throws -> AgentStatus? {
        guard let data = FileManager.default.contents(atPath: statusPath) else { return nil }
        return try JSONDecoder().decode(AgentStatus.self, from: data)
    }

    public func saveStatus(_ status: AgentStatus) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(status).write(to: URL(fileURLWithPath: statusPath), options: .atomic)
    }
}
