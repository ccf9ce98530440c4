import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Usage: palisade-load HOST PORT CONCURRENCY < requests.jsonl > stats.json
///
/// Each input line is a JSON object {"phase": NAME, "body": FORM-BODY, "paginate": BOOL}. Phases run one after
/// another, in input order; within a phase the requests are spread over CONCURRENCY keep-alive connections.
/// Every request's bytes are built before its phase starts, and responses are read as bytes, so that the
/// client's own work per call (it shares the machine with the server) is little more than its two system calls.
/// A "paginate" request is followed by requests for each `<nextToken>` until the last page (each page is
/// one timed call). Prints one JSON object per phase: calls, seconds, ops/s, p50/p99 in ms, error count.
/// With `LOAD_DUMP=PREFIX` in the environment, each phase's latencies (ms, one per line, in completion order per
/// connection) are also written to `PREFIX-PHASE`, to see when the slow calls of a tail happened.
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
        let messages = requests.map { Connection.message(host: host, body: $0.body) }
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
                    var message = messages[index]
                    while true {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        guard let (status, response) = connection.send(message) else {
                            localErrors += 1
                            localFirstError = "connection lost"
                            break
                        }
                        local.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                        if status != 200 {
                            localErrors += 1
                            if localFirstError.isEmpty { localFirstError = String(decoding: response.prefix(300), as: UTF8.self) }
                        }
                        guard requests[index].paginate == true,
                              let token = nextToken(String(decoding: response, as: UTF8.self))
                        else { break }
                        message = Connection.message(host: host, body: requests[index].body + "&NextToken=" + token)
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
        if let dump = ProcessInfo.processInfo.environment["LOAD_DUMP"] {
            try? shared.latencies.map { String($0) }.joined(separator: "\n").write(toFile: dump + "-" + name, atomically: true, encoding: .utf8)
        }
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

    /// The whole HTTP request for a form body.
    static func message(host: String, body: String) -> [UInt8] {
        let bodyBytes = Array(body.utf8)
        let head = "POST / HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
            + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n"
            + "X-Amz-Date: 20260101T000000Z\r\nContent-Length: \(bodyBytes.count)\r\n\r\n"
        return Array(head.utf8) + bodyBytes
    }

    /// Sends one request; returns the status and body, or nil if the connection broke.
    func send(_ request: [UInt8]) -> (Int, ArraySlice<UInt8>)? {
        if closed && !open() { return nil }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return nil }
            sent += n
        }
        // Read the head, then Content-Length bytes (or chunked).
        consumed = 0
        guard let headEnd = readUntil(Connection.headEnd) else { return nil }
        let head = pending[..<headEnd]
        consume(headEnd + 4)
        var status = 0
        var length = 0
        var chunked = false
        var lineStart = head.startIndex
        var first = true
        while lineStart < head.endIndex {
            let lineEnd = head[lineStart...].firstIndex(of: 13) ?? head.endIndex
            let line = head[lineStart..<lineEnd]
            if first {
                // HTTP/1.1 NNN Reason
                let digits = line.dropFirst(9).prefix(3)
                status = digits.reduce(0) { $0 * 10 + Int($1) - 48 }
                first = false
            } else if let colon = line.firstIndex(of: 58) {
                let name = line[lineStart..<colon].map { $0 | 0x20 }
                let value = line[(colon + 1)...].drop { $0 == 32 }
                if name == Connection.contentLength {
                    length = value.prefix { (48...57).contains($0) }.reduce(0) { $0 * 10 + Int($1) - 48 }
                } else if name == Connection.transferEncoding {
                    chunked = value.map { $0 | 0x20 }.starts(with: Array("chunked".utf8))
                } else if name == Connection.connection {
                    closed = value.map { $0 | 0x20 }.starts(with: Array("close".utf8))
                }
            }
            lineStart = min(head.endIndex, lineEnd + 2)
        }
        if chunked {
            var body: [UInt8] = []
            while true {
                guard let lineEnd = readUntil(Connection.lineEnd) else { return nil }
                let size = Int(String(decoding: pending[consumed..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
                consume(lineEnd - consumed + 2)
                guard fill(size + 2) else { return nil }
                body += pending[consumed..<consumed + size]
                consume(size + 2)
                if size == 0 { break }
            }
            compact()
            return (status, body[...])
        }
        guard fill(length) else { return nil }
        let body = Array(pending[consumed..<consumed + length])
        consume(length)
        compact()
        return (status, body[...])
    }

    static let headEnd: [UInt8] = [13, 10, 13, 10]
    static let lineEnd: [UInt8] = [13, 10]
    static let contentLength = Array("content-length".utf8)
    static let transferEncoding = Array("transfer-encoding".utf8)
    static let connection = Array("connection".utf8)

    /// Bytes of `pending` already parsed; dropped in one go once a response is read.
    private var consumed = 0

    private func consume(_ count: Int) { consumed += count }

    private func compact() {
        pending.removeFirst(consumed)
        consumed = 0
    }

    private func readMore() -> Bool {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        pending += buffer[..<n]
        return true
    }

    private func fill(_ count: Int) -> Bool {
        while pending.count - consumed < count { if !readMore() { return false } }
        return true
    }

    /// The position of `marker` at or after `consumed`, reading more as needed.
    private func readUntil(_ marker: [UInt8]) -> Int? {
        var searchFrom = consumed
        while true {
            var index = searchFrom
            while index + marker.count <= pending.count {
                if pending[index] == marker[0] && pending[index..<index + marker.count].elementsEqual(marker) { return index }
                index += 1
            }
            searchFrom = max(consumed, pending.count - marker.count + 1)
            if !readMore() { return nil }
        }
    }
}
