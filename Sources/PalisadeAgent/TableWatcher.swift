import Foundation

#if canImport(Glibc)
import Glibc

/// Listens to the kernel's nftables notifications in one network namespace (a netlink socket subscribed to
/// `NFNLGRP_NFTABLES`, opened inside the namespace) and reports each committed generation, decoded by
/// ``NFTablesEventParser``. Costs nothing while nobody changes the ruleset.
///
/// `nft monitor` would do the same, but nft 1.0.6 crashes (SIGSEGV) on the table replacements the agent
/// makes, so the agent reads the notifications itself.
final class TableWatcher: @unchecked Sendable {
    enum Event: Sendable {
        case generation(NFTablesEventParser.Generation)
        /// The socket failed or overflowed (events lost); the owner replaces the table and restarts the watcher.
        case ended(String)
    }

    private let lock = NSLock()
    private var socket: Int32 = -1
    private var stopped = false

    /// Opens the socket on a dedicated thread (entering the namespace changes only that thread) and reads
    /// from it there; `handler` is called on that thread.
    init(namespace: NetworkNamespace, family: UInt8, table: String, handler: @escaping @Sendable (Event) -> Void) {
        Thread.detachNewThread { [self] in
            let fd: Int32
            do {
                fd = try Self.openSocket(in: namespace)
            } catch {
                handler(.ended("cannot watch \(namespace): \(error)"))
                return
            }
            lock.lock()
            if stopped {
                lock.unlock()
                close(fd)
                return
            }
            socket = fd
            lock.unlock()
            var parser = NFTablesEventParser(family: family, table: table)
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    let reason = count < 0 ? String(cString: strerror(errno)) : "socket closed"
                    lock.lock()
                    let wasStopped = stopped
                    lock.unlock()
                    if !wasStopped { handler(.ended("nftables notifications in \(namespace) ended: \(reason)")) }
                    return
                }
                for generation in parser.consume(buffer[0..<count]) { handler(.generation(generation)) }
            }
        }
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        stopped = true
        if socket >= 0 {
            shutdown(socket, Int32(SHUT_RDWR))
            close(socket)
            socket = -1
        }
    }

    deinit { stop() }

    enum OpenError: Error, CustomStringConvertible {
        case system(String, Int32)
        var description: String {
            switch self {
            case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
            }
        }
    }

    private typealias SetNamespace = @convention(c) (Int32, Int32) -> Int32
    private static let cloneNewNet: Int32 = 0x4000_0000
    private static let netlinkNetfilter: Int32 = 12
    private static let nftablesGroup: UInt32 = 7  // NFNLGRP_NFTABLES
    private static let receiveBufferForce: Int32 = 33  // SO_RCVBUFFORCE, not exported by Glibc

    /// A netlink socket subscribed to nftables notifications of `namespace`. Sockets stay in the namespace
    /// they were created in, so the thread enters it, creates the socket and returns to its own.
    private static func openSocket(in namespace: NetworkNamespace) throws -> Int32 {
        var original: Int32 = -1
        if let name = namespace.name {
            guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns") else { throw OpenError.system("dlsym setns", ENOSYS) }
            let setns = unsafeBitCast(symbol, to: SetNamespace.self)
            original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
            guard original >= 0 else { throw OpenError.system("open /proc/thread-self/ns/net", errno) }
            let target = open("/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
            guard target >= 0 else {
                close(original)
                throw OpenError.system("open /run/netns/\(name)", errno)
            }
            let entered = setns(target, cloneNewNet)
            let code = errno
            close(target)
            guard entered == 0 else {
                close(original)
                throw OpenError.system("setns \(name)", code)
            }
        }
        defer {
            if original >= 0, let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns") {
                _ = unsafeBitCast(symbol, to: SetNamespace.self)(original, cloneNewNet)
                close(original)
            }
        }
        let fd = Glibc.socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkNetfilter)
        guard fd >= 0 else { throw OpenError.system("socket", errno) }
        // A replacement's notifications arrive in one burst when it commits: for 500 groups × 60 rules × 200
        // interfaces (43,000 rules, 41,000 elements) 8,800 datagrams, 29 MB, which need a 64 MB buffer when
        // nobody reads meanwhile. An overflow makes the agent replace the table, whose burst overflows again,
        // so the buffer holds four times that. SO_RCVBUF is capped by net.core.rmem_max (often 208 KB-4 MB);
        // SO_RCVBUFFORCE (root) is not. The kernel charges only what is queued.
        var size: Int32 = 128 << 20
        if setsockopt(fd, SOL_SOCKET, Self.receiveBufferForce, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }
        var address = [UInt8](repeating: 0, count: 12)
        address[0] = UInt8(AF_NETLINK)
        let groups = UInt32(1) << (nftablesGroup - 1)
        for index in 0..<4 { address[8 + index] = UInt8(truncatingIfNeeded: groups >> (8 * UInt32(index))) }
        let bound = address.withUnsafeBytes { bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), 12) }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw OpenError.system("bind netlink", code)
        }
        return fd
    }
}
#endif
