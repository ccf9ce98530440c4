import Synchronization

/// Derived signing keys by secret and scope; a key stays valid for its whole UTC day, so deriving it (four HMACs)
/// once per day and key is enough.
///
/// Entries hold the secret as the lookup key, which is already in the server's memory; a rotated or deleted
/// key's secret simply stops being asked for. The cache empties itself when full rather than tracking age.
final class SigningKeyCache: Sendable {
    private struct Entry: Hashable {
        var secretAccessKey: String
        var scope: CredentialScope
    }

    private let keys = Mutex<[Entry: SigningKey]>([:])
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func key(secretAccessKey: String, scope: CredentialScope) -> SigningKey {
        let entry = Entry(secretAccessKey: secretAccessKey, scope: scope)
        if let key = keys.withLock({ $0[entry] }) { return key }
        let key = SigningKey(secretAccessKey: secretAccessKey, scope: scope)
        keys.withLock { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[entry] = key
        }
        return key
    }
}
