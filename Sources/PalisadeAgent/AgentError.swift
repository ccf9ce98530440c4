/// Failures of the agent and its command line.
public enum AgentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A `--bind` value that is not `eni-ID=IFNAME[@NETNS]`.
    case invalidBinding(String)
    /// Bindings nftables cannot render (bad or duplicate interface names in one namespace).
    case invalidBindings(String)
    /// The control plane answered something other than what was asked (status, body).
    case controlPlane(String)
    /// `nft` exited non-zero (namespace, exit status, stderr).
    case nft(namespace: NetworkNamespace, status: Int32, output: String)
    /// The state directory holds something unreadable.
    case stateDirectory(String)

    public var description: String {
        switch self {
        case .invalidBinding(let text): "--bind takes eni-ID=IFNAME or eni-ID=IFNAME@NETNS, got '\(text)'"
        case .invalidBindings(let detail): "invalid bindings: \(detail)"
        case .controlPlane(let detail): "control plane: \(detail)"
        case .nft(let namespace, let status, let output):
            "nft in \(namespace) exited \(status): \(output.trimmingSuffixWhitespace)"
        case .stateDirectory(let detail): "state directory: \(detail)"
        }
    }
}

extension String {
    var trimmingSuffixWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
