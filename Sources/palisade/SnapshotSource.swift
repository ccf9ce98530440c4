import ArgumentParser
import Foundation
import PalisadeCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where `palisade check` and `palisade reach` read the policy: a running server or a snapshot file.
///
/// ```
/// $ palisade check --endpoint http://127.0.0.1:4566 --region us-east-1 …
/// $ curl -s 'http://127.0.0.1:4566/palisade/v1/snapshot?region=us-east-1' > snapshot.json
/// $ palisade check --snapshot snapshot.json …
/// ```
struct SnapshotSource: ParsableArguments {
    @Option(help: "A Palisade server to read the snapshot from (GET /palisade/v1/snapshot).") var endpoint: String?
    @Option(help: "Region of the snapshot, with --endpoint (default: the server's).") var region: String?
    @Option(help: "Account of the snapshot, with --endpoint (default: the server's).") var account: String?
    @Option(help: "A snapshot file (the JSON of GET /palisade/v1/snapshot).") var snapshot: String?

    /// A problem reading the snapshot; the commands print it and exit 2.
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Checks that exactly one source is given.
    func check() throws(LoadError) {
        if (endpoint == nil) == (snapshot == nil) {
            throw LoadError(description: "give exactly one of --endpoint URL and --snapshot FILE")
        }
        if snapshot != nil && (region != nil || account != nil) {
            throw LoadError(description: "--region and --account go with --endpoint")
        }
    }

    func load() async throws(LoadError) -> PolicySnapshot {
        try check()
        let data: Data
        if let snapshot {
            guard let contents = FileManager.default.contents(atPath: snapshot) else {
                throw LoadError(description: "cannot read \(snapshot)")
            }
            data = contents
        } else {
            data = try await fetch()
        }
        do {
            return try JSONDecoder().decode(PolicySnapshot.self, from: data)
        } catch {
            throw LoadError(description: "not a Palisade snapshot: \(error)")
        }
    }

    private func fetch() async throws(LoadError) -> Data {
        let base = (endpoint ?? "").hasSuffix("/") ? String((endpoint ?? "").dropLast()) : (endpoint ?? "")
        guard var components = URLComponents(string: base + "/palisade/v1/snapshot") else {
            throw LoadError(description: "bad endpoint URL '\(endpoint ?? "")'")
        }
        var items: [URLQueryItem] = []
        if let region { items.append(URLQueryItem(name: "region", value: region)) }
        if let account { items.append(URLQueryItem(name: "account", value: account)) }
        if !items.isEmpty { components.queryItems = items }
        guard let url = components.url else { throw LoadError(description: "bad endpoint URL '\(base)'") }
        do {
            let (data, response) = try await URLSession.shared.data(from: url)
            if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                throw LoadError(description: "\(url) answered HTTP \(http.statusCode): \(String(decoding: data, as: UTF8.self))")
            }
            return data
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(description: "cannot read \(url): \(error.localizedDescription)")
        }
    }
}

/// Prints an encodable value as indented JSON with sorted keys.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Writes `message` to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}
