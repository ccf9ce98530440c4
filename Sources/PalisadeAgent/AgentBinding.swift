/// One `--bind eni-ID=IFNAME[@NETNS]`: the network interface whose groups the agent enforces, and the Linux
/// interface (in a network namespace, or the host) that stands for it.
///
/// ```swift
/// let binding = try AgentBinding(parsing: "eni-0a1b2c3d=eth0@web")
/// binding.namespace   // NetworkNamespace("web")
/// ```
public struct AgentBinding: Hashable, Sendable, Codable, CustomStringConvertible {
    public var networkInterfaceId: String
    public var interfaceName: String
    public var namespace: NetworkNamespace

    public init(networkInterfaceId: String, interfaceName: String, namespace: NetworkNamespace = .host) {
        self.networkInterfaceId = networkInterfaceId
        self.interfaceName = interfaceName
        self.namespace = namespace
    }

    /// Parses `eni-ID=IFNAME` or `eni-ID=IFNAME@NETNS`.
    /// - Throws: ``AgentError/invalidBinding(_:)`` when a part is missing.
    public init(parsing text: String) throws(AgentError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .invalidBinding(text) }
        let target = parts[1].split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard !target[0].isEmpty else { throw .invalidBinding(text) }
        var namespace = NetworkNamespace.host
        if target.count == 2 {
            guard NetworkNamespace.isValidName(target[1]) else { throw .invalidBinding(text) }
            namespace = NetworkNamespace(target[1])
        }
        self.init(networkInterfaceId: parts[0], interfaceName: target[0], namespace: namespace)
    }

    public var description: String {
        "\(networkInterfaceId)=\(interfaceName)" + (namespace.name.map { "@\($0)" } ?? "")
    }
}
