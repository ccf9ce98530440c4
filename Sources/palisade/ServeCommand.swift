import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PalisadeAnalysis
import PalisadeAudit
import PalisadeAuth
import PalisadeCore
import PalisadeServer
import PalisadeStore
import PalisadeStoreSQLite

/// `palisade serve`: the EC2 Query API server.
///
/// Every request must be signed with SigV4 by an access key of an account in the database (see
/// `palisade accounts` and `palisade keys`); each account sees only its own resources. On first start
/// with no accounts, one is created and its key printed:
///
/// ```
/// $ palisade serve --port 4566
/// Created account 402938475610 (default) with an access key. Use it with:
///   export AWS_ACCESS_KEY_ID=AKIA… AWS_SECRET_ACCESS_KEY=…
/// Palisade listening on http://127.0.0.1:4566 (store /root/.local/share/palisade/palisade.sqlite, revision 0)
/// $ aws ec2 describe-security-groups --endpoint-url http://127.0.0.1:4566
/// ```
///
/// `--credentials-file ~/.aws/credentials` imports the keys of an AWS CLI credentials file into the account
/// named `default` instead. `--no-auth` (throwaway local testing only) accepts any credentials, or none,
/// and puts every request in account 123456789012.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the EC2 Query API (security groups, VPCs, subnets, interfaces).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 4566
    @Option(help: "SQLite database file (default: ~/.local/share/palisade/palisade.sqlite).") var db: String?
    @Flag(help: "Keep everything in memory; nothing survives a restart.") var inMemory = false
    @Option(help: "Region when a request's credential scope names none.") var region = "us-east-1"
    @Flag(help: "Enable POST /palisade/v1/reset and /moto-api/reset (for test suites).") var allowReset = false
    @Option(
        name: .customLong("quota"),
        help: "Override a quota, NAME=VALUE (e.g. rules-per-security-group=100). Repeatable.")
    var quotas: [String] = []
    @Option(help: "normal: a write survives a crash of the server; full: also of the machine (fsync).")
    var durability: String = "normal"
    @Option(
        help: ArgumentHelp(
            "Record writes between two snapshots of the records beside the SQLite file (more once it holds over twice as many records).",
            discussion: "A write only appends to the change log; a restart loads the newest snapshot and replays the log after it.",
            valueName: "writes"))
    var snapshotInterval = 10_000
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel = "info"
    @Flag(
        help: ArgumentHelp(
            "Accept any credentials (or none); every request acts in account 123456789012.",
            discussion: "For throwaway local testing only: anyone who can reach the port can change every group."))
    var noAuth = false
    @Option(
        help: ArgumentHelp(
            "Import the keys of an AWS CLI credentials file (aws_access_key_id / aws_secret_access_key) at start.",
            valueName: "path"))
    var credentialsFile: String?
    @Option(
        help: ArgumentHelp(
            "Alert rules: EventBridge event patterns over the audit events, with webhook and log targets.",
            discussion: """
                A JSON rules file (see examples/alerts/security-group-alerts.json), or Terraform (a .tf file or a \
                directory): aws_cloudwatch_event_rule patterns, sent to the invocation_endpoint of the \
                aws_cloudwatch_event_api_destination their aws_cloudwatch_event_target names, and to the log.
                """, valueName: "path"))
    var alerts: String?
    @Option(
        name: .customLong("rate-limit"),
        help: ArgumentHelp(
            "Per-account request rate limit: aws (EC2's defaults), or mutating=RATE/BURST, non-mutating=RATE/BURST. Repeatable.",
            discussion: "Requests beyond it fail with RequestLimitExceeded (HTTP 503). Off by default."))
    var rateLimits: [String] = []

    func validate() throws {
        if inMemory && db != nil { throw ValidationError("--db and --in-memory exclude each other") }
        if noAuth && credentialsFile != nil { throw ValidationError("--no-auth and --credentials-file exclude each other") }
        if snapshotInterval < 1 { throw ValidationError("--snapshot-interval must be at least 1") }
        if SQLitePolicyStorage.Durability(rawValue: durability) == nil {
            throw ValidationError("--durability must be normal or full")
        }
        _ = try parsedQuotas()
        do {
            _ = try RateLimiter.Limits(parsing: rateLimits)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func loadAlerts() throws -> AlertRules {
        guard let alerts else { return AlertRules() }
        var isDirectory: ObjCBool = false
        if alerts.hasSuffix(".tf") || (FileManager.default.fileExists(atPath: alerts, isDirectory: &isDirectory) && isDirectory.boolValue) {
            do {
                return try TerraformAlertRulesReader.read(path: alerts)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let text: String
        do {
            text = try String(contentsOfFile: alerts, encoding: .utf8)
        } catch {
            throw ValidationError("--alerts \(alerts): cannot read the file: \(error.localizedDescription)")
        }
        do {
            return try AlertRules(json: text, file: alerts)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func parsedQuotas() throws -> Quotas {
        var result = Quotas()
        for text in quotas {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Int(parts[1]) else {
                throw ValidationError("--quota takes NAME=VALUE, got '\(text)'")
            }
            do {
                try result.set(parts[0], to: value)
            } catch {
                throw ValidationError(error.message)
            }
        }
        if result.rulesPerSecurityGroup * result.securityGroupsPerNetworkInterface > result.rulesTimesGroupsPerInterface {
            throw ValidationError(
                "rules-per-security-group × security-groups-per-network-interface may not exceed \(result.rulesTimesGroupsPerInterface) (AWS's limit)")
        }
        return result
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in ServerLogHandler(label: label, level: level) }
        let logger = Logger(label: "palisade")
        let storage: any PolicyStorage
        let credentials: any CredentialStore
        let location: String
        if inMemory {
            storage = MemoryPolicyStorage()
            credentials = MemoryCredentialStore()
            location = "memory"
        } else {
            let path = db ?? ServeCommand.defaultDatabasePath()
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let sqlite = try SQLitePolicyStorage(
                path: path, durability: SQLitePolicyStorage.Durability(rawValue: durability)!, snapshotInterval: snapshotInterval)
            guard sqlite.ownsJournal else {
                throw ValidationError("\(path) is in use by another palisade process (its commit journal is locked)")
            }
            storage = sqlite
            credentials = try SQLiteCredentialStore(path: path)
            location = path
        }
        var authenticator: Authenticator?
        if noAuth {
            logger.warning("authentication is off (--no-auth): any credentials act in account \(Scope.defaultAccountId)")
        } else {
            if let credentialsFile {
                let imported = try CredentialBootstrap.importCredentialsFile(credentialsFile, into: credentials)
                say("Imported \(imported) access key(s) from \(credentialsFile) into account 'default'")
            } else if try credentials.accounts().isEmpty {
                let created = try CredentialBootstrap.createAccount(named: "default", in: credentials)
                say(
                    """
                    Created account \(created.account.accountId) (default) with an access key. Use it with:
                      export AWS_ACCESS_KEY_ID=\(created.key.accessKeyId) AWS_SECRET_ACCESS_KEY=\(created.key.secretAccessKey)
                    More accounts and keys: palisade accounts create NAME, palisade keys create ACCOUNT
                    """)
            }
            authenticator = Authenticator(credentials: credentials)
        }
        let alertRules = try loadAlerts()
        let store = try PolicyStore(storage: storage, quotas: try parsedQuotas(), clock: { .now })
        let configuration = ServerConfiguration(defaultRegion: region, allowReset: allowReset)
        let limits = try RateLimiter.Limits(parsing: rateLimits)
        let rateLimiter = limits == RateLimiter.Limits() ? nil : RateLimiter(limits: limits)
        let host = host
        // The outbox is worked whatever the rules: deliveries stored before a restart (or with other rules) still go out.
        let deliverer = AlertDeliverer(outbox: store.audit, logger: logger)
        let delivering = Task { await deliverer.run() }
        defer { delivering.cancel() }
        if !alertRules.rules.isEmpty {
            logger.info("alert rules loaded", metadata: ["rules": "\(alertRules.rules.map(\.name).joined(separator: ", "))"])
        }
        let app = PalisadeApplication.make(
            store: store, configuration: configuration, authenticator: authenticator, host: host, port: port,
            logger: logger, recorder: AuditRecorder(alerts: alertRules, logger: logger), rateLimiter: rateLimiter
        ) { port in
            // Written in one call so a harness reading the port never sees half a line.
            FileHandle.standardOutput.write(
                Data("Palisade listening on http://\(host):\(port) (store \(location), revision \(store.revision))\n".utf8))
        }
        try await app.runService()
        // A clean stop leaves every commit in the database's tables, the commit journal empty and no snapshot due.
        try (storage as? SQLitePolicyStorage)?.stop()
    }

    static func defaultDatabasePath() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "."
        let base = ProcessInfo.processInfo.environment["XDG_DATA_HOME"] ?? "\(home)/.local/share"
        return "\(base)/palisade/palisade.sqlite"
    }
}

extension Timestamp {
    /// The wall clock.
    static var now: Timestamp {
        Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
    }
}

/// Writes `text` and a newline to stdout in one unbuffered call, so it is ordered with the listening line.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
