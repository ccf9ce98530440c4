import ArgumentParser
import Foundation
import PalisadeAuth
import PalisadeCore
import PalisadeStore
import PalisadeStoreSQLite

/// `palisade accounts`: create and list accounts in the database `palisade serve` uses.
///
/// ```
/// $ palisade accounts create team-a
/// Account 402938475610 (team-a)
/// AWS_ACCESS_KEY_ID=AKIA4HKQ2Y7ZQ3XWJB5C
/// AWS_SECRET_ACCESS_KEY=…
/// $ palisade accounts create team-b --json
/// {"accessKeyId":"AKIA…","accountId":"…","secretAccessKey":"…"}
/// $ palisade accounts list
/// 402938475610  team-a  1 key(s)
/// ```
///
/// A running server on the same `--db` sees new accounts and keys within a fraction of a second.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Create and list accounts (each with its own resources and keys).",
        subcommands: [Create.self, List.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account with one access key.")
        @Argument(help: "A unique name for the account.") var name: String
        @OptionGroup var options: CredentialOptions

        func run() throws {
            let created = try CredentialBootstrap.createAccount(named: name, in: try options.store())
            if options.json {
                try printJSON([
                    "accountId": created.account.accountId, "accessKeyId": created.key.accessKeyId,
                    "secretAccessKey": created.key.secretAccessKey,
                ])
            } else {
                print("Account \(created.account.accountId) (\(name))")
                print("AWS_ACCESS_KEY_ID=\(created.key.accessKeyId)")
                print("AWS_SECRET_ACCESS_KEY=\(created.key.secretAccessKey)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts and their access key IDs.")
        @OptionGroup var options: CredentialOptions

        func run() throws {
            let store = try options.store()
            let keys = Dictionary(grouping: try store.accessKeys(), by: \.accountId)
            let accounts = try store.accounts()
            if options.json {
                try printJSON(
                    accounts.map { account in
                        [
                            "accountId": account.accountId, "name": account.name,
                            "created": account.created.iso8601,
                            "accessKeyIds": (keys[account.accountId] ?? []).map(\.accessKeyId),
                        ] as [String: any Sendable]
                    })
            } else {
                for account in accounts {
                    let ids = (keys[account.accountId] ?? []).map(\.accessKeyId).joined(separator: " ")
                    print("\(account.accountId)  \(account.name)  \(ids.isEmpty ? "(no keys)" : ids)")
                }
            }
        }
    }
}

/// `palisade keys`: add and delete access keys of an account.
///
/// ```
/// $ palisade keys create team-a
/// AWS_ACCESS_KEY_ID=AKIA…
/// AWS_SECRET_ACCESS_KEY=…
/// $ palisade keys delete AKIA…
/// Deleted AKIA…
/// ```
///
/// A deleted key stops working on a running server on the same `--db` within a fraction of a second.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create and delete access keys.", subcommands: [Create.self, Delete.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an access key for an account.")
        @Argument(help: "The account, by ID or name.") var account: String
        @OptionGroup var options: CredentialOptions

        func run() throws {
            let store = try options.store()
            guard let found = try store.accounts().first(where: { $0.accountId == account || $0.name == account }) else {
                throw ValidationError("no account '\(account)' (see palisade accounts list)")
            }
            let key = try CredentialBootstrap.createKey(for: found.accountId, in: store)
            if options.json {
                try printJSON([
                    "accountId": found.accountId, "accessKeyId": key.accessKeyId, "secretAccessKey": key.secretAccessKey,
                ])
            } else {
                print("AWS_ACCESS_KEY_ID=\(key.accessKeyId)")
                print("AWS_SECRET_ACCESS_KEY=\(key.secretAccessKey)")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an access key; it stops working at once.")
        @Argument(help: "The access key ID.") var accessKeyId: String
        @OptionGroup var options: CredentialOptions

        func run() throws {
            guard try options.store().deleteAccessKey(accessKeyId) else {
                throw ValidationError("no access key \(accessKeyId)")
            }
            if options.json { try printJSON(["deleted": accessKeyId]) } else { print("Deleted \(accessKeyId)") }
        }
    }
}

/// `--db` and `--json`, shared by `accounts` and `keys`.
struct CredentialOptions: ParsableArguments {
    @Option(help: "SQLite database file (default: the one palisade serve uses).") var db: String?
    @Flag(help: "Print JSON.") var json = false

    func store() throws -> SQLiteCredentialStore {
        let path = db ?? ServeCommand.defaultDatabasePath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return try SQLiteCredentialStore(path: path)
    }
}

private func printJSON(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
