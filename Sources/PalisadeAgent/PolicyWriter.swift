import PalisadeCore
import Synchronization

/// Saves the applied policy to the state directory off the enforcement path: encoding a large snapshot takes
/// longer than applying a membership change, so the consumer hands the snapshot over and goes on. Writes
/// happen in order, one at a time; a snapshot superseded before its turn is skipped (only the newest matters).
final class PolicyWriter: Sendable {
    private struct State {
        var pending: PolicySnapshot?
        var running = false
    }

    private let stateDirectory: StateDirectory
    private let onError: @Sendable (any Error) -> Void
    private let state = Mutex(State())

    init(stateDirectory: StateDirectory, onError: @escaping @Sendable (any Error) -> Void) {
        self.stateDirectory = stateDirectory
        self.onError = onError
    }

    func save(_ snapshot: PolicySnapshot) {
        let start = state.withLock { state -> Bool in
            state.pending = snapshot
            guard !state.running else { return false }
            state.running = true
            return true
        }
        guard start else { return }
        Task.detached(priority: .utility) { [self] in
            while let next = state.withLock({ state -> PolicySnapshot? in
                defer { state.pending = nil }
                if state.pending == nil { state.running = false }
                return state.pending
            }) {
                do { try stateDirectory.savePolicy(next) } catch { onError(error) }
            }
        }
    }

    /// Waits until everything handed over is written (on exit).
    func flush() async {
        while state.withLock({ $0.running }) { try? await Task.sleep(for: .milliseconds(10)) }
    }
}
