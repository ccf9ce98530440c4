import PalisadeCore
import Synchronization

/// Accounts and keys in memory, for tests and `palisade serve --in-memory`.
public final class MemoryCredentialStore: CredentialStore {
    private struct State {
        var version: Int64 = 0
        var accounts: [StoredAccount] = []
        var keys: [String: StoredAccessKey] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func version() -> Int64 { state.withLock { $0.version } }
    public func accounts() -> [StoredAccount] { state.withLock { $0.accounts } }
    public func accessKeys() -> [StoredAccessKey] {
        state.withLock { Array($0.keys.values) }.sorted { $0.accessKeyId < $1.accessKeyId }
    }

    public func createAccount(_ account: StoredAccount) throws {
        try state.withLock { state in
            if state.accounts.contains(where: { $0.accountId == account.accountId || $0.name == account.name }) {
                throw CredentialStoreError(.duplicateAccount, account.name)
            }
            state.accounts.append(account)
            state.version += 1
        }
    }

    public func addAccessKey(_ key: StoredAccessKey) throws {
        try state.withLock { state in
            guard state.accounts.contains(where: { $0.accountId == key.accountId }) else {
                throw CredentialStoreError(.unknownAccount, key.accountId)
            }
            guard state.keys[key.accessKeyId] == nil else {
                throw CredentialStoreError(.duplicateAccessKey, key.accessKeyId)
            }
            state.keys[key.accessKeyId] = key
            state.version += 1
        }
    }

    @discardableResult public func deleteAccessKey(_ accessKeyId: String) -> Bool {
        state.withLock { state in
            guard state.keys.removeValue(forKey: accessKeyId) != nil else { return false }
            state.version += 1
            return true
        }
    }
}
