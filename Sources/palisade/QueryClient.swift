import Foundation
import PalisadeAuth
import PalisadeCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal EC2 Query API client: form-encoded POSTs, SigV4-signed, XML replies.
struct QueryClient {
    var endpoint: String
    var signer: SigV4Signer

    /// A client signing with `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), or with dummy
    /// keys when they are not set, which a server run with `--no-auth` accepts.
    init(endpoint: String, region: String) {
        let environment = ProcessInfo.processInfo.environment
        self.endpoint = endpoint
        self.signer = SigV4Signer(
            accessKeyId: environment["AWS_ACCESS_KEY_ID"] ?? "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? "palisade-dummy-secret",
            sessionToken: environment["AWS_SESSION_TOKEN"], region: region, service: "ec2")
    }

    func call(_ action: String, _ parameters: [String: String]) async throws(ImportCommand.RequestFailure) -> String {
        var all = parameters
        all["Action"] = action
        all["Version"] = "2016-11-15"
        let body = all.keys.sorted().map { "\(QueryClient.encode($0))=\(QueryClient.encode(all[$0]!))" }.joined(separator: "&")
        let base = endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
        guard let url = URL(string: base), let host = url.host else {
            throw ImportCommand.RequestFailure(description: "bad endpoint URL '\(endpoint)'")
        }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let unsigned = SigV4Request(
            method: "POST", target: "/",
            headers: [("Host", hostHeader), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8))
        let now = Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
        let signed = signer.sign(unsigned, at: now)
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        for (name, value) in signed.headers where name.lowercased() != "host" { request.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw ImportCommand.RequestFailure(description: "\(action): cannot reach \(endpoint): \(error.localizedDescription)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            let code = QueryClient.element("Code", in: text) ?? "HTTP \(http.statusCode)"
            let message = QueryClient.element("Message", in: text) ?? text
            throw ImportCommand.RequestFailure(description: "\(action) failed: \(code): \(message)")
        }
        return text
    }

    /// The text of the first `<name>` element of an XML reply.
    static func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
