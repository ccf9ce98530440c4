import Foundation
import PalisadeAuth
import PalisadeCore
import PalisadeStore

/// Making accounts and keys, shared by `palisade serve` (first start, `--credentials-file`) and
/// `palisade accounts` / `palisade keys`.
enum CredentialBootstrap {
    static func createAccount(named name: String, in store: some CredentialStore) throws
        -> (account: StoredAccount, key: AccessKeyPair)
    {
        var random = SystemRandomNumberGenerator()
        let existing = Set(try store.accounts().map(\.accountId))
        var accountId = SecretKeyGenerator.accountId(using: &random)
        while existing.contains(accountId) || accountId == Scope.defaultAccountId {
            accountId = SecretKeyGenerator.accountId(using: &random)
        }
        let account = StoredAccount(accountId: accountId, name: name, created: .now)
        try store.createAccount(account)
        return (account, try createKey(for: accountId, in: store))
    }

    static func createKey(for accountId: String, in store: some CredentialStore) throws -> AccessKeyPair {
        var random = SystemRandomNumberGenerator()
        let pair = SecretKeyGenerator.accessKeyPair(using: &random)
        try store.addAccessKey(
            StoredAccessKey(
                accessKeyId: pair.accessKeyId, accountId: accountId, secretAccessKey: pair.secretAccessKey, created: .now))
        return pair
    }

    /// Imports every `[section]` with `aws_access_key_id` and `aws_secret_access_key` into the account named
    /// `default` (created if missing). Keys already present are left alone. Returns how many were added.
    static func importCredentialsFile(_ path: String, into store: some CredentialStore) throws -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CredentialFileError.unreadable(path)
        }
        var pairs: [(id: String, secret: String)] = []
        var section: [String: String] = [:]
        func flush() {
            if let id = section["aws_access_key_id"], let secret = section["aws_secret_access_key"], !id.isEmpty,
                !secret.isEmpty
            {
                pairs.append((id, secret))
            }
            section = [:]
        }
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                flush()
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            section[name] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        flush()
        if pairs.isEmpty { throw CredentialFileError.noKeys(path) }
        let account: String
        if let found = try store.accounts().first(where: { $0.name == "default" }) {
            account = found.accountId
        } else {
            var random = SystemRandomNumberGenerator()
            account = SecretKeyGenerator.accountId(using: &random)
            try store.createAccount(StoredAccount(accountId: account, name: "default", created: .now))
        }
        let known = Set(try store.accessKeys().map(\.accessKeyId))
        var added = 0
        for pair in pairs where !known.contains(pair.id) {
            try store.addAccessKey(
                StoredAccessKey(accessKeyId: pair.id, accountId: account, secretAccessKey: pair.secret, created: .now))
            added += 1
        }
        return added
    }
}

enum CredentialFileError: Error, CustomStringConvertible {
    case unreadable(String)
    case noKeys(String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read the credentials file \(path)"
        case .noKeys(let path): "\(path) holds no aws_access_key_id / aws_secret_access_key pair"
        }
    }
}
