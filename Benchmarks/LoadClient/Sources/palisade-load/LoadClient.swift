import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Usage: palisade-load HOST PORT CONCURRENCY < requests.jsonl > stats.json
///
/// Each input line is a JSON object {"phase": NAME, "body": FORM-BODY, "paginate": BOOL}. Phases run one after
/// another, in input order; within a phase the requests are spread over CONCURRENCY keep-alive connections.
/// A "paginate" request is followed by requests for each `<nextToken>` until the last page (each page is
/// one timed call). Prints one JSON object per phase: calls, seconds, ops/s, p50/p99 in ms, error count.
@main
struct LoadClient {
    struct Request: Decodable {
        var phase: String
        var body: String
        var paginate: Bool?
    }

    static func main() throws {
        let args = CommandLine.arguments
        guard args.count == 4, let port = UInt16(args[2]), let concurrency = Int(args[3]) else {
            FileHandle.standardError.write(Data("usage: palisade-load HOST PORT CONCURRENCY < requests.jsonl\n".utf8))
            exit(2)
        }
        let host = args[1]
        var phases: [(String, [Request])] = []
        while let line = readLine() {
            guard !line.isEmpty else { continue }
            let request = try JSONDecoder().decode(Request.self, from: Data(line.utf8))
            if phases.last?.0 == request.phase {
                phases[phases.count - 1].1.append(request)
            } else {
                phases.append((request.phase, [request]))
            }
        }
        var results: [[String: Any]] = []
        for (name, requests) in phases {
            results.append(run(name: name, requests: requests, host: host, port: port, concurrency: concurrency))
        }
        let data = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func run(name: String, requests: [Request], host: String, port: UInt16, concurrency: Int) -> [String: Any] {
        // Shared between the connection threads; every access holds `shared.lock`.
        final class Shared: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var latencies: [Double] = []
            var errors = 0
            var firstError = ""
        }
        let shared = Shared()
        let lock = shared.lock
        let started = DispatchTime.now().uptimeNanoseconds
        let group = DispatchGroup()
        for _ in 0..<min(concurrency, requests.count) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let connection = Connection(host: host, port: port) else {
                    lock.lock(); shared.errors += 1; shared.firstError = "connect failed"; lock.unlock()
                    return
                }
                var local: [Double] = []
                var localErrors = 0
                var localFirstError = ""
                while true {
                    lock.lock()
                    let index = shared.next
                    shared.next += 1
                    lock.unlock()
                    if index >= requests.count { break }
                    var body = requests[index].body
                    while true {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        guard let (status, response) = connection.post(body) else {
                            localErrors += 1
                            localFirstError = "connection lost"
                            break
                        }
                        local.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                        if status != 200 {
                            localErrors += 1
                            if localFirstError.isEmpty { localFirstError = String(response.prefix(300)) }
                        }
                        guard requests[index].paginate == true, let token = nextToken(response) else { break }
                        body = requests[index].body + "&NextToken=" + token
                    }
                }
                lock.lock()
                shared.latencies += local
                shared.errors += localErrors
                if shared.firstError.isEmpty { shared.firstError = localFirstError }
                lock.unlock()
            }
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let latencies = shared.latencies.sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        return [
            "phase": name, "calls": latencies.count, "seconds": seconds,
            "ops_per_s": Double(latencies.count) / seconds, "p50_ms": percentile(0.5), "p99_ms": percentile(0.99),
            "errors": shared.errors, "first_error": shared.firstError,
        ]
    }

    static func nextToken(_ response: String) -> String? {
        guard let start = response.range(of: "<nextToken>"), let end = response.range(of: "</nextToken>") else { return nil }
        let token = String(response[start.upperBound..<end.lowerBound])
        return token.isEmpty ? nil : token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
    }
}

/// One keep-alive HTTP/1.1 connection with blocking sockets.
final class Connection {
    var fd: Int32
    let host: String
    let port: UInt16
    /// The server said `Connection: close` (moto's Werkzeug server does after every response): reconnect first.
    var closed = false
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var pending: [UInt8] = []

    init?(host: String, port: UInt16) {
        self.host = host
        self.port = port
        fd = -1
        guard open() else { return nil }
    }

    private func open() -> Bool {
        if fd >= 0 { close(fd) }
        pending.removeAll()
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); fd = -1; return false }
        closed = false
        return true
    }

    deinit { close(fd) }

    /// Sends one request; returns the status and body, or nil if the connection broke.
    func post(_ body: String) -> (Int, String)? {
        if closed && !open() { return nil }
        let bodyBytes = Array(body.utf8)
        let head = "POST / HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
            + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n"
            + "X-Amz-Date: 20260101T000000Z\r\nContent-Length: \(bodyBytes.count)\r\n\r\n"
        let request = Array(head.utf8) + bodyBytes
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return nil }
            sent += n
        }
        // Read the head, then Content-Length bytes (or chunked).
        guard let headEnd = readUntil([13, 10, 13, 10]) else { return nil }
        let headText = String(decoding: pending[..<headEnd], as: UTF8.self)
        pending.removeFirst(headEnd + 4)
        let lines = headText.split(separator: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("content-length:") { length = Int(lower.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
            if lower.hasPrefix("transfer-encoding:") && lower.contains("chunked") { chunked = true }
            if lower.hasPrefix("connection:") && lower.contains("close") { closed = true }
        }
        var bodyOut: [UInt8] = []
        if chunked {
            while true {
                guard let lineEnd = readUntil([13, 10]) else { return nil }
                let size = Int(String(decoding: pending[..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
                pending.removeFirst(lineEnd + 2)
                guard fill(size + 2) else { return nil }
                bodyOut += pending[..<size]
                pending.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            let count = length ?? 0
            guard fill(count) else { return nil }
            bodyOut = Array(pending[..<count])
            pending.removeFirst(count)
        }
        return (status, String(decoding: bodyOut, as: UTF8.self))
    }

    private func readMore() -> Bool {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        pending += buffer[..<n]
        return true
    }

    private func fill(_ count: Int) -> Bool {
        while pending.count < count { if !readMore() { return false } }
        return true
    }

    private func readUntil(_ marker: [UInt8]) -> Int? {
        var searchFrom = 0
        while true {
            if pending.count >= marker.count {
                var index = searchFrom
                while index + marker.count <= pending.count {
                    if pending[index] == marker[0] && Array(pending[index..<index + marker.count]) == marker { return index }
                    index += 1
                }
                searchFrom = max(0, pending.count - marker.count + 1)
            }
            if !readMore() { return nil }
        }
    }
}
