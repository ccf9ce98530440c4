public import Foundation
public import PalisadeAuth
public import PalisadeCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads policy from `palisade serve`: the snapshot once, then the change feed as a long poll.
public struct ControlPlaneClient: Sendable {
    public var endpoint: URL
    /// `account` and `region` query parameters; the server's defaults when `nil`.
    public var account: String?
    public var region: String?
    /// Signs every request with SigV4 when set (a server without `--no-auth` requires it).
    public var signer: SigV4Signer?
    let session: URLSession

    public init(endpoint: URL, account: String? = nil, region: String? = nil, signer: SigV4Signer? = nil) {
        self.endpoint = endpoint
        self.account = account
        self.region = region
        self.signer = signer
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// `GET /palisade/v1/snapshot`.
    public func snapshot() async throws -> PolicySnapshot {
        try await get("/palisade/v1/snapshot", [], timeout: 30)
    }

    /// `GET /palisade/v1/changes?since=REVISION&wait=SECONDS`: returns as soon as a revision after `since` is
    /// committed, or after `wait` seconds with nothing new.
    public func changes(since revision: Int64, wait: Double) async throws -> ChangeFeed {
        try await get(
            "/palisade/v1/changes",
            [URLQueryItem(name: "since", value: String(revision)), URLQueryItem(name: "wait", value: String(wait))],
            timeout: wait + 15)
    }

    private func get<Value: Decodable>(_ path: String, _ items: [URLQueryItem], timeout: Double) async throws -> Value {
        guard var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else {
            throw AgentError.controlPlane("bad endpoint \(endpoint)")
        }
        components.path = path
        var query = items
        if let account { query.append(URLQueryItem(name: "account", value: account)) }
        if let region { query.append(URLQueryItem(name: "region", value: region)) }
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.url else { throw AgentError.controlPlane("bad endpoint \(endpoint)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        if let signer, let host = url.host {
            // Sign exactly what goes on the wire: the encoded path and query, and the Host header URLSession sends.
            let hostHeader = url.port.map { "\(host):\($0)" } ?? host
            let unsigned = SigV4Request(
                method: "GET", path: components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath,
                query: components.percentEncodedQuery ?? "", headers: [(name: "Host", value: hostHeader)])
            let now = Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
            for header in signer.sign(unsigned, at: now).headers where header.name.lowercased() != "host" {
                request.setValue(header.value, forHTTPHeaderField: header.name)
            }
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            throw AgentError.controlPlane("GET \(path) answered \(status): \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        do {
            return try JSONDecoder().decode(Value.self, from: data)
        } catch {
            throw AgentError.controlPlane("GET \(path) answered undecodable JSON: \(error)")
        }
    }
}
