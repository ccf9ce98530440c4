public import PalisadeCore

/// Where `palisade serve` finds accounts and access keys, and where `palisade accounts` / `palisade keys` put them.
///
/// Secrets come back in the clear (a SigV4 verifier needs the secret itself); an implementation keeps them
/// encrypted at rest. `version` changes whenever anything else does, so a server can poll it cheaply and
/// reload only when a key was created or deleted by another process on the same database.
///
/// ```swift
/// let store = try SQLiteCredentialStore(path: "/var/lib/palisade/palisade.sqlite")
/// try store.createAccount(StoredAccount(accountId: "111122223333", name: "team-a", created: now))
/// try store.addAccessKey(StoredAccessKey(accessKeyId: "AKIA…", accountId: "111122223333", secretAccessKey: secret, created: now))
/// ```
public protocol CredentialStore: Sendable {
    /// A counter that changes with every account or key change.
    func version() throws -> Int64
    func accounts() throws -> [StoredAccount]
    /// Every access key with its decrypted secret.
    func accessKeys() throws -> [StoredAccessKey]
    /// Throws ``CredentialStoreError`` when the account ID or the name is taken.
    func createAccount(_ account: StoredAccount) throws
    /// Throws ``CredentialStoreError`` when the account does not exist or the key ID is taken.
    func addAccessKey(_ key: StoredAccessKey) throws
    /// Deletes an access key; returns whether it existed.
    @discardableResult func deleteAccessKey(_ accessKeyId: String) throws -> Bool
}

/// An account: a 12-digit ID and a unique name.
public struct StoredAccount: Hashable, Sendable, Codable {
    public var accountId: String
    public var name: String
    public var created: Timestamp

    public init(accountId: String, name: String, created: Timestamp) {
        self.accountId = accountId
        self.name = name
        self.created = created
    }
}

/// An access key of an account. The secret is redacted from descriptions.
public struct StoredAccessKey: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var accessKeyId: String
    public var accountId: String
    public var secretAccessKey: String
    public var created: Timestamp

    public init(accessKeyId: String, accountId: String, secretAccessKey: String, created: Timestamp) {
        self.accessKeyId = accessKeyId
        self.accountId = accountId
        self.secretAccessKey = secretAccessKey
        self.created = created
    }

    public var description: String { "StoredAccessKey(\(accessKeyId), account \(accountId), secretAccessKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId, "accountId": accountId], displayStyle: .struct)
    }
}

/// Why a credential change was refused.
public struct CredentialStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        fileprivate enum Base: Hashable, Sendable { case duplicateAccount, unknownAccount, duplicateAccessKey, corrupt }
        fileprivate let base: Base
        public static var duplicateAccount: Self { .init(base: .duplicateAccount) }
        public static var unknownAccount: Self { .init(base: .unknownAccount) }
        public static var duplicateAccessKey: Self { .init(base: .duplicateAccessKey) }
        /// A stored secret cannot be decrypted (wrong or missing server key file).
        public static var corrupt: Self { .init(base: .corrupt) }
    }

    public let code: Code
    /// The account ID, name or access key ID concerned.
    public let value: String

    public init(_ code: Code, _ value: String) {
        self.code = code
        self.value = value
    }

    public var description: String {
        switch code.base {
        case .duplicateAccount: "an account named or numbered '\(value)' already exists"
        case .unknownAccount: "no account '\(value)'"
        case .duplicateAccessKey: "the access key \(value) already exists"
        case .corrupt: "cannot decrypt the secret of \(value): wrong server key file?"
        }
    }
}
