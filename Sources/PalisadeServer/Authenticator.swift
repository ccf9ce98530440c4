import Foundation
public import Hummingbird
public import PalisadeAuth
public import PalisadeCore
public import PalisadeStore
import Synchronization

/// Checks SigV4 on incoming requests against the keys of a ``CredentialStore``.
///
/// Keys are cached in memory. The cache asks the store for its version at most every `refreshInterval`
/// (and always before refusing an unknown key), so a key created or deleted by `palisade keys` on the same
/// database works, or stops working, within that interval without a restart.
///
/// ```swift
/// let authenticator = Authenticator(credentials: try SQLiteCredentialStore(path: db))
/// let principal = try authenticator.authenticate(sigV4Request, now: .now)
/// ```
public final class Authenticator: Sendable {
    public let credentials: any CredentialStore
    public let verifier: SigV4Verifier
    let refreshInterval: Duration

    private struct Cache {
        var version: Int64 = -1
        var secrets: [String: SigningSecret] = [:]
        var checked: ContinuousClock.Instant?
    }

    private let cache = Mutex(Cache())

    public init(
        credentials: any CredentialStore, verifier: SigV4Verifier = SigV4Verifier(acceptedServices: ["ec2", "sts", "cloudtrail"]),
        refreshInterval: Duration = .milliseconds(200)
    ) {
        self.credentials = credentials
        self.verifier = verifier
        self.refreshInterval = refreshInterval
    }

    /// Verifies `request`, returning who signed it.
    /// - Throws: ``AuthError``; a store failure is answered as `AuthFailure` (fail closed).
    public func authenticate(_ request: SigV4Request, now: Timestamp) throws(AuthError) -> Principal {
        let claim = try verifier.claim(of: request, now: now)
        var secret = secret(for: claim.accessKeyId, force: false)
        if secret == nil { secret = self.secret(for: claim.accessKeyId, force: true) }
        return try verifier.verify(request, claim: claim, secret: secret)
    }

    /// The account of a known access key (for auditing a request it failed to sign correctly).
    public func accountId(ofAccessKey accessKeyId: String) -> String? {
        secret(for: accessKeyId, force: false)?.accountId
    }

    /// Who a request that failed verification claimed to be: its access key, that key's account if the key is
    /// known (empty otherwise), and the region of its credential scope.
    public func claimant(authorization: String?, query: String) -> (accessKeyId: String?, accountId: String, region: String?) {
        let claimed = SigV4Verifier.claimedCredential(authorization: authorization, query: query)
        return (claimed?.accessKeyId, claimed.flatMap { accountId(ofAccessKey: $0.accessKeyId) } ?? "", claimed?.region)
    }

    private func secret(for accessKeyId: String, force: Bool) -> SigningSecret? {
        let now = ContinuousClock.now
        let due = cache.withLock { cache in
            force || cache.checked.map { now - $0 >= refreshInterval } ?? true
        }
        if due { refresh(at: now) }
        return cache.withLock { $0.secrets[accessKeyId] }
    }

    private func refresh(at now: ContinuousClock.Instant) {
        do {
            let version = try credentials.version()
            if cache.withLock({ $0.version }) == version {
                cache.withLock { $0.checked = now }
                return
            }
            var secrets: [String: SigningSecret] = [:]
            for key in try credentials.accessKeys() {
                secrets[key.accessKeyId] = SigningSecret(secretAccessKey: key.secretAccessKey, accountId: key.accountId)
            }
            cache.withLock { cache in
                cache.version = version
                cache.secrets = secrets
                cache.checked = now
            }
        } catch {
            // Fail closed: without the store, no key is known.
            cache.withLock { cache in
                cache.version = -1
                cache.secrets = [:]
                cache.checked = now
            }
        }
    }

    /// The SigV4 view of a Hummingbird request: raw path and query as received, headers in order, with `Host`
    /// restored from the request's authority (HTTP/1 parsing moves it there).
    public static func sigV4Request(_ request: Request, body: [UInt8]) -> SigV4Request {
        let target = request.head.path ?? "/"
        var headers: [(name: String, value: String)] = []
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        if let authority = request.head.authority,
            !headers.contains(where: { $0.name.lowercased() == "host" })
        {
            headers.insert(("Host", authority), at: 0)
        }
        let path: String
        let query: String
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = ""
        }
        return SigV4Request(method: request.method.rawValue, path: path, query: query, headers: headers, payload: .bytes(body))
    }
}
